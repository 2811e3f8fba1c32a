"""Small helpers for the JSON API tests: tokens, authenticated requests, error checks."""
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tracker.extensions import db

API = "/api/v1"

ADMIN = "admin@example.com"
BOSS = "boss@example.com"
MANAGER = "manager@example.com"
OTHER_MANAGER = "other.manager@example.com"
CANDIDATE = "candidate@example.com"
OTHER = "other@example.com"

COMPETENCIES = ("planning", "org_design", "stakeholder_leadership", "manager_development",
                "metrics", "hiring", "decision_making", "cross_functional_influence")
LEVELS = ("em", "emerging_vp", "proven_vp")


class ApiClient:
    """Wraps the Flask test client: `api.get("/artifacts", as_=CANDIDATE)`.

    Tokens come from POST /api/v1/tokens, once per user per test.
    """

    def __init__(self, client):
        self.client = client
        self._tokens = {}

    def token(self, email, password=PASSWORD):
        if email not in self._tokens:
            response = self.client.post(f"{API}/tokens", json={"email": email, "password": password})
            assert response.status_code == 201, response.get_data(as_text=True)
            self._tokens[email] = response.get_json()["token"]
        return self._tokens[email]

    def headers(self, email):
        return {"Authorization": f"Bearer {self.token(email)}"}

    def open(self, method, path, as_=None, headers=None, **kwargs):
        headers = dict(headers or {})
        if as_ is not None:
            headers.update(self.headers(as_))
        return self.client.open(API + path, method=method, headers=headers, **kwargs)

    def get(self, path, as_=None, **kwargs):
        return self.open("GET", path, as_=as_, **kwargs)

    def post(self, path, as_=None, **kwargs):
        return self.open("POST", path, as_=as_, **kwargs)

    def patch(self, path, as_=None, **kwargs):
        return self.open("PATCH", path, as_=as_, **kwargs)

    def delete(self, path, as_=None, **kwargs):
        return self.open("DELETE", path, as_=as_, **kwargs)


def assert_error(response, status, code=None, fields=()):
    """The response is the API's JSON error with this status (and code, and field keys)."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.is_json, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message", "fields"} <= set(error), error
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    if code is not None:
        assert error["code"] == code, error
    for name in fields:
        assert name in error["fields"], (name, error["fields"])
        assert isinstance(error["fields"][name], str) and error["fields"][name]
    return error


def version_of(artifact_id):
    """The stored version of a piece of evidence, as a client would have read it."""
    from tracker.models import Artifact
    db.session.expire_all()
    return db.session.get(Artifact, artifact_id).version


def count(model, *where):
    query = select(func.count()).select_from(model)
    for clause in where:
        query = query.where(clause)
    return db.session.scalar(query)


def check_all(cases, check):
    """Run `check(*case)` for every case; fail once, listing every case that failed.

    Used instead of parametrize where each case is a cheap request against the same data,
    so the suite does not rebuild the organisation dozens of times.
    """
    failures = []
    for case in cases:
        try:
            check(*case)
        except AssertionError as error:
            failures.append(f"{case!r}: {error}")
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)
