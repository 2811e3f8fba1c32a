"""One guard for all text: lone surrogates, deep JSON, bidi controls; and the smaller
defects the probe found (LIKE wildcards, caching of error pages, deactivated owners)."""
import pytest

from tests.api.helpers import API, CANDIDATE, MANAGER, ApiClient, assert_error, check_all, count
from tests.conftest import login, post_form
from tracker.extensions import db
from tracker.input_guard import MAX_JSON_DEPTH, json_too_deep
from tracker.models import Artifact

SURROGATE_BODY = '{"email": "a@example.com", "password": "x\\ud800", "title": "\\udfff"}'


def every_route(app):
    """(method, path) for every rule of the app, with ids filled in."""
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<int:{argument}>", "1").replace(f"<{argument}>", "candidate@example.com")
            path = path.replace(f"<path:{argument}>", "app.css")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


@pytest.mark.usefixtures("no_propagate")
def test_a_lone_surrogate_is_a_400_on_every_route(app, client, org):
    api = ApiClient(client)
    headers = {**api.headers(CANDIDATE), "Content-Type": "application/json"}

    def check(method, path):
        for extra in ({}, headers):
            response = client.open(path, method=method, data=SURROGATE_BODY,
                                   headers={"Content-Type": "application/json", **extra})
            assert response.status_code == 400, (response.status_code, response.get_data(as_text=True)[:200])
            assert "surrogate" in response.get_data(as_text=True)

    check_all(list(every_route(app)), check)


def test_a_surrogate_in_a_link_is_not_stored(api, org):
    body = ('{"type": "impact_note", "title": "ok", "occurred_on": "2026-10-01", '
            '"links": ["https://example.com/\\ud800"]}')
    response = api.post("/artifacts", as_=CANDIDATE, data=body, headers={"Content-Type": "application/json"})
    assert_error(response, 400)
    assert count(Artifact) == 0


@pytest.mark.usefixtures("no_propagate")
def test_deeply_nested_json_is_a_400_anywhere_and_cheap(client, org):
    def check(path, body):
        response = client.post(path, data=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, (path, response.status_code)
        assert "nest" in response.get_data(as_text=True)

    bodies = ["[" * 50000, "[" * 900 + "]" * 900, '{"a":' * 900 + "1" + "}" * 900]
    paths = ["/static/app.css", "/login", f"{API}/tokens", f"{API}/artifacts", "/nowhere"]
    check_all([(path, body) for path in paths for body in bodies], check)


def test_depth_scan_reads_strings_and_escapes():
    assert not json_too_deep('{"a": "' + "[" * 100 + '"}')  # brackets inside a string
    assert not json_too_deep('["\\"' + "[" * 100 + '"]')  # an escaped quote keeps the string open
    assert json_too_deep("[" * (MAX_JSON_DEPTH + 1))
    assert not json_too_deep("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH)
    assert not json_too_deep("[" + "[]," * 5000 + "[]]")  # wide is fine


@pytest.mark.usefixtures("no_propagate")
def test_json_in_other_encodings_is_refused_before_parsing(api, org):
    # In UTF-16 the bytes of "∀" include a quote character, which would hide the nesting
    # from a byte-level scan; any encoding but UTF-8 is refused outright.
    body = '{"links": ["∀", ' + "[" * 900 + "]" * 900 + "]}"
    for encoding in ("utf-16-le", "utf-16", "utf-32"):
        response = api.post("/artifacts", as_=CANDIDATE, data=body.encode(encoding),
                             headers={"Content-Type": "application/json"})
        error = assert_error(response, 400)
        assert "UTF-8" in error["message"]


def test_oversized_json_is_a_413(api, org):
    body = '{"title": "' + "a" * (1024 * 1024) + '"}'
    assert_error(api.post("/artifacts", as_=CANDIDATE, data=body,
                          headers={"Content-Type": "application/json"}), 413)


@pytest.mark.parametrize("text", ["\u202eevil", "x\u2066y", "a\u202ab"])
def test_bidi_controls_are_refused_in_one_line_fields(api, org, text):
    body = {"type": "impact_note", "title": text, "occurred_on": "2026-10-01",
            "metrics": [{"name": text, "result": 1, "category": "cost"}]}
    error = assert_error(api.post("/artifacts", as_=CANDIDATE, json=body), 422,
                         fields=["title", "metrics[0].name"])
    assert "direction" in error["fields"]["title"]
    assert count(Artifact) == 0


def test_bidi_marks_and_right_to_left_text_are_fine(api, org):
    body = {"type": "impact_note", "title": "مراجعة الربع \u200f Q3", "occurred_on": "2026-10-01"}
    assert api.post("/artifacts", as_=CANDIDATE, json=body).status_code == 201


def test_bidi_controls_are_refused_in_user_names_emails_and_links(api, org):
    from tracker.auth.service import create_user
    from tracker.errors import ValidationError
    with pytest.raises(ValidationError) as raised:
        create_user("x\u202e@example.com", "Ann\u202eeoD", "long-enough-password")
    assert {"name", "email"} <= set(raised.value.fields)
    body = {"type": "impact_note", "title": "ok", "occurred_on": "2026-10-01",
            "links": ["https://example.com/\u202egpj.exe"]}
    assert_error(api.post("/artifacts", as_=CANDIDATE, json=body), 422, fields=["links"])


def test_search_wildcards_are_no_wildcards(api, org):
    org.log(org.candidate, title="Cut spend by 40%")
    org.log(org.candidate, title="Plain title")
    org.log(org.candidate, title="snake_case rollout")

    def titles(q):
        response = api.get(f"/artifacts?q={q}", as_=CANDIDATE)
        assert response.status_code == 200
        return sorted(item["title"] for item in response.get_json()["items"])

    assert titles("%25") == [] and titles("_") == [] and titles("*") == []  # not "everything"
    assert titles("\\") == []
    assert titles("40%25") == ["Cut spend by 40%"]
    assert titles("snake_case") == ["snake_case rollout"]
    assert titles("TITLE") == ["Plain title"]


def test_error_pages_are_never_cached(client, org):
    login(client, CANDIDATE)
    for response in (client.get("/no/such/page"), client.post("/readiness"), client.get("/artifacts/999999")):
        assert response.status_code in (404, 405)
        assert response.headers["Cache-Control"] == "private, no-store"
    static = client.get("/static/app.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_no_evidence_is_logged_for_a_deactivated_report(client, api, org):
    org.candidate.active = False
    db.session.commit()
    body = {"owner": CANDIDATE, "type": "impact_note", "title": "After they left", "occurred_on": "2026-10-01"}
    error = assert_error(api.post("/artifacts", as_=MANAGER, json=body), 403)
    assert "deactivated" in error["message"]
    login(client, MANAGER)
    assert client.get(f"/artifacts/new?owner={org.candidate.id}").status_code == 404
    response = post_form(client, f"/artifacts/new?owner={org.candidate.id}",
                         {"type": "impact_note", "title": "x", "occurred_on": "2026-10-01"})
    assert response.status_code == 404
    assert count(Artifact) == 0
