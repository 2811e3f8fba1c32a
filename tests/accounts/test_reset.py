"""Resetting a password through a mailed link, end to end with the loopback SMTP server."""
from datetime import timedelta

from sqlalchemy import select

from tests.accounts.helpers import ask_reset, reset_path, set_password
from tests.conftest import PASSWORD, csrf_token, login, post_form
from tracker.auth.service import issue_token, user_for_token
from tracker.extensions import db, limiter
from tracker.models import AccountLink, AuditEvent, User
from tracker.models.base import utcnow

NEW = "a-fresh-long-passphrase"


def actions():
    db.session.expire_all()
    return [(e.action, e.target_label) for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            if e.action.startswith("password")]


def test_reset_by_mail_sets_a_password_ends_sessions_and_tokens(app, client, org, smtp):
    elsewhere = app.test_client()
    assert login(elsewhere, "candidate@example.com").status_code == 302
    token = issue_token(org.candidate)
    db.session.commit()
    assert 'href="/password-reset"' in client.get("/login").get_data(as_text=True)

    page = ask_reset(client, " Candidate@Example.com ")
    assert page.status_code == 200 and "a mail with a link to choose a new password is on its way" in page.get_data(as_text=True)
    first = reset_path(smtp, "candidate@example.com")
    assert ask_reset(client, "candidate@example.com").status_code == 200
    assert len(smtp.to("candidate@example.com")) == 2
    path = reset_path(smtp, "candidate@example.com")
    withdrawn = client.get(first)  # a second request makes the first link invalid
    assert withdrawn.status_code == 410 and "This link was withdrawn" in withdrawn.get_data(as_text=True)

    form = client.get(path)
    assert form.status_code == 200 and "candidate@example.com" in form.get_data(as_text=True)
    assert form.headers["Referrer-Policy"] == "no-referrer"
    for bad, message in [("short", "Use at least 10 characters."),
                         ("password123", "one of the most common ones"),
                         ("candidate@example.com", "Do not use your email address")]:
        refused = set_password(client, path, bad)
        assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    differs = set_password(client, path, NEW, NEW + "x")
    assert differs.status_code == 422 and "The two new passwords differ" in differs.get_data(as_text=True)

    done = set_password(client, path, NEW)  # the link survived the refusals
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "Sign in with the new password" in client.get("/login").get_data(as_text=True)
    assert elsewhere.get("/").status_code == 302  # that session ended
    assert user_for_token(token) is None
    assert login(client, "candidate@example.com").status_code == 200  # the old password no longer works
    assert login(client, "candidate@example.com", NEW).status_code == 302
    assert client.get("/").status_code == 200

    reused = client.get(path)
    assert reused.status_code == 410 and "already been used" in reused.get_data(as_text=True)
    assert set_password(client, path, "another-long-passphrase").status_code == 410
    tampered = client.get(path[:-3] + ("abc" if not path.endswith("abc") else "xyz"))
    assert tampered.status_code == 404 and "This link is not valid" in tampered.get_data(as_text=True)
    assert actions() == [("password_reset_requested", "candidate@example.com")] * 2 + [
        ("password_reset", "candidate@example.com")]


def test_an_expired_link_is_refused_and_changes_nothing(client, org, smtp):
    ask_reset(client, "candidate@example.com")
    path = reset_path(smtp, "candidate@example.com")
    link = db.session.scalars(select(AccountLink)).one()
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = client.get(path)
    assert page.status_code == 410 and "This link has expired" in page.get_data(as_text=True)
    assert set_password(client, path, NEW).status_code == 410
    assert login(client, "candidate@example.com", PASSWORD).status_code == 302


def test_unknown_deactivated_and_malformed_addresses(client, org, smtp):
    org.other.active = False
    db.session.commit()
    for email in ("nobody@example.com", "other@example.com"):
        assert ask_reset(client, email).status_code == 200
    malformed = ask_reset(client, "not-an-address")
    assert malformed.status_code == 422 and "Give a valid email address." in malformed.get_data(as_text=True)
    assert 'value="not-an-address"' in malformed.get_data(as_text=True)
    assert smtp.messages == []
    assert actions() == [("password_reset_requested", "nobody@example.com"),
                         ("password_reset_requested", "other@example.com")]


def test_password_sign_in_off_turns_the_pages_off(app, client, org, smtp):
    token = csrf_token(client, "/password-reset")
    before = app.config.get("PASSWORD_SIGN_IN", True)
    app.config["PASSWORD_SIGN_IN"] = False
    try:
        page = client.get("/password-reset")
        assert page.status_code == 200 and "Password sign-in is off" in page.get_data(as_text=True)
        assert client.post("/password-reset", data={"email": "candidate@example.com",
                                                    "csrf_token": token}).status_code == 403
    finally:
        app.config["PASSWORD_SIGN_IN"] = before
    assert smtp.messages == [] and actions() == []


def test_reset_requests_and_password_changes_are_rate_limited(another_app, org):
    app = another_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    try:
        with app.app_context():
            token = csrf_token(client, "/password-reset")

            def ask(email, address):
                return client.post("/password-reset", data={"email": email, "csrf_token": token},
                                   environ_base={"REMOTE_ADDR": address}).status_code

            per_email = [ask("candidate@example.com", f"192.0.2.{n}") for n in range(6)]
            per_address = [ask(f"person{n}@example.com", "198.51.100.7") for n in range(11)]
            limited = client.post("/password-reset", data={"email": "candidate@example.com", "csrf_token": token},
                                  environ_base={"REMOTE_ADDR": "192.0.2.99"})
            login(client, "candidate@example.com")
            changes = [post_form(client, "/settings/password", {"current_password": "a-wrong-guess", "new_password": NEW,
                                                                "new_password_again": NEW}).status_code for _ in range(11)]
    finally:
        limiter.reset()
        limiter.enabled = False
    assert per_email == [200] * 5 + [429]
    assert per_address == [200] * 10 + [429]
    assert limited.status_code == 429 and "too many password requests" in limited.get_data(as_text=True)
    assert changes == [422] * 10 + [429]  # guessing the current password through the change form
    db.session.expire_all()
    assert db.session.get(User, org.candidate.id).check_password(PASSWORD)
