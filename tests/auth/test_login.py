import pytest

from tests.conftest import PASSWORD, csrf_token, dispose, login, post_form
from tracker.extensions import db, limiter


def test_sign_in_and_out(client, org):
    response = login(client, "Candidate@Example.com ")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Cara Candidate" in client.get("/").get_data(as_text=True)
    assert post_form(client, "/logout").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("email, password", [
    ("candidate@example.com", "wrong-password"),
    ("nobody@example.com", PASSWORD),
    ("", ""),
])
def test_wrong_credentials_re_render_with_a_message(client, org, email, password):
    response = login(client, email, password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "do not match" in page or "This field is required" in page
    assert client.get("/").status_code == 302


def test_inactive_users_cannot_sign_in(client, org):
    org.candidate.active = False
    db.session.commit()
    assert login(client, "candidate@example.com").status_code == 200
    assert client.get("/").status_code == 302


def test_every_refused_sign_in_costs_one_password_hash(org, monkeypatch):
    """An unknown address, an account without a password (invited, single sign-on) and a
    wrong password take the same work, so the answer's time does not say which exist."""
    from tracker.auth.service import authenticate
    from tracker.models import users

    hashed = []
    check = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda *args: hashed.append(1) or check(*args))
    org.other.password_hash = None
    db.session.commit()
    for email in ("nobody@example.com", "other@example.com", "candidate@example.com"):
        hashed.clear()
        assert authenticate(email, "not-the-password") is None
        assert len(hashed) == 1, email


@pytest.mark.parametrize("target, lands", [
    ("/readiness", "/readiness"),
    ("/artifacts/?q=x", "/artifacts/?q=x"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_never_leaves_the_site(client, org, target, lands):
    token = csrf_token(client)
    response = client.post("/login", data={"email": "candidate@example.com", "password": PASSWORD,
                                           "csrf_token": token, "next": target})
    assert response.headers["Location"] == lands


def test_login_page_carries_next_from_the_redirect(client, org):
    response = client.get("/readiness")
    assert response.status_code == 302 and "next=%2Freadiness" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/readiness"' in page


def test_login_without_csrf_token_is_refused(client, org):
    response = client.post("/login", data={"email": "candidate@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_login_is_rate_limited(another_app):
    app = another_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    try:
        with app.app_context():
            token = csrf_token(client)
            statuses = [client.post("/login", data={"email": "x@example.com", "password": "nope",
                                                    "csrf_token": token}).status_code
                        for _ in range(11)]
    finally:
        limiter.reset()
        limiter.enabled = False  # the limiter is shared: leave it as the other tests expect
    assert statuses[:10] == [200] * 10  # re-rendered with "do not match"
    assert statuses[10] == 429


def test_the_sign_in_limit_counts_failures_only_and_says_when_to_retry(another_app, org):
    app = another_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    try:
        with app.app_context():
            for _ in range(12):  # more than the budget of 10 a minute, all of them good
                token = csrf_token(client)
                assert client.post("/login", data={"email": "candidate@example.com", "password": PASSWORD,
                                                   "csrf_token": token}).status_code == 302
                client.post("/logout", data={"csrf_token": csrf_token(client, "/artifacts/trash")})
            token = csrf_token(client)
            statuses = [client.post("/login", data={"email": "candidate@example.com", "password": "nope",
                                                    "csrf_token": token}) for _ in range(11)]
    finally:
        limiter.reset()
        limiter.enabled = False
    assert [r.status_code for r in statuses[:10]] == [200] * 10
    page = statuses[10].get_data(as_text=True)
    assert statuses[10].status_code == 429
    assert "Too many sign-in attempts that did not succeed" in page and "Try again in about 1 minute" in page


def test_security_headers(client):
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "private, no-store"


def test_production_cookies_are_secure(monkeypatch, database_url):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("TRACKER_SECRET_KEY", "a-long-production-secret")
    from tracker import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    with app.app_context():
        response = app.test_client().get("/login", base_url="https://tracker.example")
    dispose(app)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(another_app):
    from flask import request
    app = another_app(TRUSTED_PROXIES=1)

    @app.get("/_whoami")
    def whoami():
        return request.remote_addr

    response = app.test_client().get("/_whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"
