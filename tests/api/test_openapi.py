"""GET /api/v1/openapi.json."""
import re

import pytest

from tests.api.helpers import API

EXPECTED = {
    "/tokens": {"post"},
    "/tokens/current": {"delete"},
    "/frameworks": {"get"},
    "/frameworks/{slug}": {"get"},
    "/artifacts": {"get", "post"},
    "/artifacts/{artifact_id}": {"get", "patch", "delete"},
    "/artifacts/{artifact_id}/verification": {"post"},
    "/users/{email}/readiness": {"get"},
    "/users/{email}/targets": {"get", "put"},
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture()
def document(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_is_an_openapi_3_1_document(document):
    assert re.fullmatch(r"3\.1\.\d+", document["openapi"])
    assert document["info"]["title"] and document["info"]["version"]
    assert isinstance(document["paths"], dict)


def test_lists_every_endpoint_with_its_methods(document):
    paths = document["paths"]
    for path, methods in EXPECTED.items():
        prefixed = path if path in paths else f"{API}{path}"
        assert prefixed in paths, path
        assert methods <= set(paths[prefixed]) & HTTP_METHODS, (path, set(paths[prefixed]))


def test_matches_the_routes_the_app_serves(app, document):
    """Every /api/v1 route (but the document itself) is described, and nothing else."""
    served = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/") or rule.rule == f"{API}/openapi.json":
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len(API):])
        served.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    documented = {path: set(ops) & HTTP_METHODS for path, ops in document["paths"].items()}
    documented = {p if not p.startswith(API) else p[len(API):]: m for p, m in documented.items()}
    assert documented == served


def test_operations_have_responses_and_declared_path_parameters(document):
    for path, item in document["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        shared = {p["name"] for p in item.get("parameters", []) if p.get("in") == "path"}
        for method in set(item) & HTTP_METHODS:
            operation = item[method]
            assert operation.get("responses"), (path, method)
            for status in operation["responses"]:
                assert re.fullmatch(r"[1-5]\d\d|default", status), (path, method, status)
                assert operation["responses"][status].get("description"), (path, method, status)
            declared = shared | {p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"}
            assert names == declared, (path, method)


def test_error_responses_documented(document):
    paths = document["paths"]
    assert "401" in paths["/tokens"]["post"]["responses"]
    assert "422" in paths["/artifacts"]["post"]["responses"]
    assert "404" in paths["/artifacts/{artifact_id}"]["get"]["responses"]
    assert "409" in paths["/artifacts/{artifact_id}/verification"]["post"]["responses"]


def test_every_reference_resolves(document):
    refs = []

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    assert refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        target = document
        for part in ref[2:].split("/"):
            assert part in target, ref
            target = target[part]


def test_declares_bearer_security_and_the_error_schema(document):
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("type") == "http" and s.get("scheme", "").lower() == "bearer"
               for s in schemes.values())
    assert document["paths"]["/tokens"]["post"].get("security") == []
    error = document["components"]["schemas"]["Error"]
    assert set(error["properties"]["error"]["properties"]) == {"code", "message", "fields"}


def test_type_and_category_enums_match_the_app(document):
    from tracker.models import ARTIFACT_TYPES, METRIC_CATEGORIES

    schemas = document["components"]["schemas"]
    assert set(schemas["ArtifactInput"]["properties"]["type"]["enum"]) == set(ARTIFACT_TYPES)
    assert set(schemas["MetricInput"]["properties"]["category"]["enum"]) == set(METRIC_CATEGORIES)
    assert set(schemas["ArtifactInput"]["required"]) == {"type", "title", "occurred_on"}
    assert not {"owner", "state"} & set(schemas["ArtifactPatch"]["properties"])
