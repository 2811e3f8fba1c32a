"""POST /api/v1/tokens and bearer-token authentication."""
from datetime import timedelta

from sqlalchemy import select

from tests.api.helpers import API, CANDIDATE, assert_error, count
from tests.conftest import PASSWORD
from tracker.extensions import db
from tracker.models import ApiToken
from tracker.models.base import utcnow


def test_good_credentials_issue_a_token(client, org):
    response = client.post(f"{API}/tokens", json={"email": CANDIDATE, "password": PASSWORD})
    assert response.status_code == 201
    token = response.get_json()["token"]
    assert isinstance(token, str) and len(token) >= 32
    assert count(ApiToken) == 1
    # Only a digest is stored, never the token itself.
    assert db.session.scalar(select(ApiToken.digest)) != token
    me = client.get(f"{API}/artifacts", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


def test_email_is_matched_case_insensitively(client, org):
    response = client.post(f"{API}/tokens", json={"email": "  Candidate@Example.COM ",
                                                  "password": PASSWORD})
    assert response.status_code == 201


def test_each_call_issues_a_distinct_token(client, org):
    body = {"email": CANDIDATE, "password": PASSWORD}
    first = client.post(f"{API}/tokens", json=body).get_json()["token"]
    second = client.post(f"{API}/tokens", json=body).get_json()["token"]
    assert first != second


def test_wrong_password_is_401(client, org):
    response = client.post(f"{API}/tokens", json={"email": CANDIDATE, "password": "wrong-password-1"})
    assert_error(response, 401, "unauthorized")
    assert count(ApiToken) == 0


def test_unknown_email_is_401_with_the_same_message(client, org):
    unknown = client.post(f"{API}/tokens", json={"email": "nobody@example.com", "password": PASSWORD})
    wrong = client.post(f"{API}/tokens", json={"email": CANDIDATE, "password": "wrong-password-1"})
    assert_error(unknown, 401, "unauthorized")
    # The answer does not reveal whether the account exists.
    assert unknown.get_json() == wrong.get_json()


def test_inactive_user_gets_no_token(client, org):
    org.candidate.active = False
    db.session.commit()
    response = client.post(f"{API}/tokens", json={"email": CANDIDATE, "password": PASSWORD})
    assert_error(response, 401, "unauthorized")
    assert count(ApiToken) == 0


def test_missing_fields_are_422_naming_them(client, org):
    error = assert_error(client.post(f"{API}/tokens", json={}), 422, "validation_failed",
                         fields=("email", "password"))
    assert set(error["fields"]) == {"email", "password"}
    error = assert_error(client.post(f"{API}/tokens", json={"email": CANDIDATE}), 422,
                         fields=("password",))
    assert "email" not in error["fields"]
    assert_error(client.post(f"{API}/tokens", json={"email": CANDIDATE, "password": ""}), 422,
                 fields=("password",))


def test_non_string_fields_are_422(client, org):
    response = client.post(f"{API}/tokens", json={"email": ["x"], "password": 12345678901})
    assert_error(response, 422, fields=("email", "password"))


def test_non_json_body_is_400(client, org):
    form = client.post(f"{API}/tokens", data={"email": CANDIDATE, "password": PASSWORD})
    assert_error(form, 400, "bad_request")
    broken = client.post(f"{API}/tokens", data="{not json", content_type="application/json")
    assert_error(broken, 400)
    array = client.post(f"{API}/tokens", json=[CANDIDATE, PASSWORD])
    assert_error(array, 400)
    assert count(ApiToken) == 0


def test_tokens_endpoint_takes_no_put(client):
    assert_error(client.put(f"{API}/tokens"), 405)  # GET lists the caller's tokens (tests/accounts/)


# --- using a token -----------------------------------------------------------------------

def test_missing_token_is_401(client, org):
    assert_error(client.get(f"{API}/artifacts"), 401, "unauthorized")


def test_garbage_token_is_401(client, org):
    for header in ("Bearer not-a-real-token", "Bearer ", "Basic abc", "bearer", "x" * 300,
                   "Bearer " + "x" * 300):
        response = client.get(f"{API}/artifacts", headers={"Authorization": header})
        assert_error(response, 401, "unauthorized")


def test_scheme_is_case_insensitive(api, org):
    token = api.token(CANDIDATE)
    response = api.client.get(f"{API}/artifacts", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200


def test_expired_token_is_401(api, org):
    token = api.token(CANDIDATE)
    assert api.get("/artifacts", as_=CANDIDATE).status_code == 200
    row = db.session.scalar(select(ApiToken))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = api.client.get(f"{API}/artifacts", headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 401, "unauthorized")


def test_token_of_a_deactivated_user_stops_working(api, org):
    api.token(CANDIDATE)
    org.candidate.active = False
    db.session.commit()
    assert_error(api.get("/artifacts", as_=CANDIDATE), 401, "unauthorized")


def test_every_protected_endpoint_requires_a_token(client, org):
    artifact = org.log(org.candidate)
    for method, path in (
        ("GET", "/frameworks/vp_engineering"),
        ("GET", "/artifacts"),
        ("POST", "/artifacts"),
        ("GET", f"/artifacts/{artifact.id}"),
        ("PATCH", f"/artifacts/{artifact.id}"),
        ("DELETE", f"/artifacts/{artifact.id}"),
        ("POST", f"/artifacts/{artifact.id}/verification"),
        ("GET", f"/users/{CANDIDATE}/readiness"),
    ):
        response = client.open(API + path, method=method, json={})
        assert_error(response, 401, "unauthorized")
