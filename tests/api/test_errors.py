"""The API's error format for routing errors, oversized bodies and odd requests."""
from tests.api.helpers import API, CANDIDATE, assert_error, check_all, count
from tracker.models import ApiToken, Artifact


def test_unknown_api_route_is_a_json_404(api, org):
    def check(path, headers):
        response = api.client.get(f"{API}{path}", headers=headers)
        assert_error(response, 404, "not_found")
        assert response.mimetype == "application/json"

    paths = ["/nope", "/artifacts/1/comments", "/teams", "/v2/artifacts", ""]
    check_all([(path, headers) for path in paths for headers in ({}, api.headers(CANDIDATE))], check)


def test_unknown_path_outside_v1_under_api_is_json_too(client):
    assert_error(client.get("/api/v2/artifacts"), 404)


WRONG_METHODS = [
    ("PUT", "/artifacts"),
    ("DELETE", "/artifacts"),
    ("PUT", "/artifacts/1"),
    ("POST", "/artifacts/1"),
    ("GET", "/artifacts/1/verification"),
    ("POST", "/frameworks/vp_engineering"),
    ("DELETE", "/users/candidate@example.com/readiness"),
    ("PUT", "/tokens"),
    ("POST", "/openapi.json"),
]


def test_wrong_method_is_a_json_405(api, org):
    def check(method, path):
        response = api.open(method, path, as_=CANDIDATE, json={})
        error = assert_error(response, 405, "method_not_allowed")
        assert error["fields"] == {}

    check_all(WRONG_METHODS, check)


def test_body_over_the_limit_is_a_json_413(api, org, small_bodies):
    api.token(CANDIDATE)  # issued while the body is small
    big = {"type": "impact_note", "title": "Big", "occurred_on": "2026-03-10", "summary": "x" * 4000}
    response = api.post("/artifacts", as_=CANDIDATE, json=big)
    assert_error(response, 413)
    assert count(Artifact) == 0
    patch = api.patch("/artifacts/1", as_=CANDIDATE, json=big)
    assert patch.status_code in (404, 413)
    assert_error(patch, patch.status_code)


def test_token_request_over_the_limit_is_a_json_413(client, org, small_bodies):
    response = client.post(f"{API}/tokens", json={"email": CANDIDATE, "password": "x" * 4000})
    assert_error(response, 413)
    assert count(ApiToken) == 0


def test_413_in_a_separately_configured_app(another_app, org):
    from tests.api.helpers import ApiClient

    small = another_app(MAX_CONTENT_LENGTH=1024)
    with small.app_context():
        api = ApiClient(small.test_client())
        api.token(CANDIDATE)
        response = api.post("/artifacts", as_=CANDIDATE,
                            json={"type": "impact_note", "title": "x" * 2000, "occurred_on": "2026-03-10"})
        assert_error(response, 413)
        small_ok = api.post("/artifacts", as_=CANDIDATE,
                            json={"type": "impact_note", "title": "Small", "occurred_on": "2026-03-10"})
        assert small_ok.status_code == 201


def test_body_just_under_the_limit_is_accepted(api, org, small_bodies):
    api.token(CANDIDATE)
    body = {"type": "impact_note", "title": "Fits", "occurred_on": "2026-03-10", "summary": "x" * 800}
    assert api.post("/artifacts", as_=CANDIDATE, json=body).status_code == 201


def test_error_bodies_are_json_with_all_three_keys(api, org):
    responses = [
        api.client.get(f"{API}/artifacts"),                                  # 401
        api.get("/artifacts/999", as_=CANDIDATE),                            # 404
        api.post("/artifacts", as_=CANDIDATE, json={}),                      # 422
        api.post("/artifacts", as_=CANDIDATE, data="x", content_type="text/plain"),  # 400
    ]
    for response, status in zip(responses, (401, 404, 422, 400)):
        error = assert_error(response, status)
        assert set(error) == {"code", "message", "fields"}


def test_api_responses_are_not_cached(api, org):
    response = api.get("/artifacts", as_=CANDIDATE)
    assert "no-store" in response.headers.get("Cache-Control", "")
