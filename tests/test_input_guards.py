"""NUL characters are refused up front (PostgreSQL would fail on them deep inside a query)."""
import pytest

from tests.conftest import PASSWORD, csrf_token, login, post_form


def test_nul_in_a_sign_in_form_is_a_clear_400(client, org):
    token = csrf_token(client)
    response = client.post("/login", data={"email": "candidate@example.com\x00",
                                           "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


def test_nul_in_evidence_form_or_query_is_a_400(client, org):
    login(client, "candidate@example.com")
    assert client.get("/artifacts/?q=a%00b").status_code == 400
    response = post_form(client, "/artifacts/new", {"type": "impact_note", "title": "a\x00b",
                                                    "occurred_on": "2026-10-01"})
    assert response.status_code == 400


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/v1/tokens", {"email": "candidate@example.com\u0000", "password": PASSWORD}),
    ("get", "/api/v1/users/candidate%00@example.com/readiness", None),
    ("get", "/api/v1/artifacts?q=%00", None),
])
def test_nul_in_the_api_is_a_json_400(client, org, method, path, body):
    response = getattr(client, method)(path, json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "Text cannot contain NUL characters."


def test_nul_hidden_in_a_repeated_parameter_or_nested_json_is_refused(client, org):
    login(client, "candidate@example.com")
    assert client.get("/artifacts/?q=x&q=%00").status_code == 400
    body = {"title": "ok", "claims": [{"competency": "plan\u0000ning", "level": "em"}]}
    assert client.post("/api/v1/artifacts", json=body).status_code == 400


def test_an_escaped_backslash_u_is_ordinary_text(client, org):
    from tracker.auth.service import issue_token
    token = issue_token(org.candidate)
    body = {"type": "impact_note", "title": "back\\u0000slash", "occurred_on": "2026-10-01"}
    response = client.post("/api/v1/artifacts", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201
    assert response.get_json()["title"] == "back\\u0000slash"
