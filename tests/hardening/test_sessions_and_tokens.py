"""Sessions end at sign-out (every copy of the cookie), CSRF tokens rotate, API tokens can be
revoked and listed, expired ones are pruned, and the token lifetime is range-checked."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.api.helpers import API, CANDIDATE, assert_error, count
from tests.conftest import csrf_token, login, post_form
from tracker.auth.service import issue_token, user_for_token, valid_token_row
from tracker.extensions import db
from tracker.models import ApiToken, AuditEvent
from tracker.models.base import utcnow


def copy_cookies(source, target):
    target.set_cookie("session", source.get_cookie("session").value)


def test_a_cookie_copied_before_sign_out_stops_working(app, client, org):
    login(client, CANDIDATE)
    thief = app.test_client()
    copy_cookies(client, thief)
    assert thief.get("/").status_code == 200  # the copy works while the session lives
    assert post_form(client, "/logout").status_code == 302
    assert thief.get("/").status_code == 302  # and not after sign-out
    assert thief.get("/artifacts/").headers["Location"].startswith("/login")


def test_sign_out_ends_the_sessions_on_other_devices_too(app, client, org):
    phone = app.test_client()
    login(client, CANDIDATE)
    login(phone, CANDIDATE)
    post_form(client, "/logout")
    assert phone.get("/").status_code == 302
    login(phone, CANDIDATE)
    assert phone.get("/").status_code == 200  # signing in again works


def test_csrf_token_rotates_at_sign_in_and_sign_out(client, org):
    before = csrf_token(client, "/login")
    login(client, CANDIDATE)
    during = csrf_token(client, "/artifacts/new")
    assert during != before
    post_form(client, "/logout")
    after = csrf_token(client, "/login")
    assert after != during
    # the token from before sign-in no longer works for a signed-in form
    login(client, CANDIDATE)
    response = client.post("/artifacts/new", data={"csrf_token": before, "title": "x"})
    assert response.status_code == 400


def test_delete_tokens_current_revokes_only_that_token(api, org):
    first, second = issue_token(org.candidate), issue_token(org.candidate)
    first_id = valid_token_row(first).id
    response = api.client.delete(f"{API}/tokens/current", headers={"Authorization": f"Bearer {first}"})
    assert response.status_code == 204
    revoked = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "token_revoked")).all()
    assert [(e.actor_id, e.detail) for e in revoked] == [(org.candidate.id, {"token": first_id})]
    assert_error(api.client.get(f"{API}/artifacts", headers={"Authorization": f"Bearer {first}"}), 401)
    assert api.client.get(f"{API}/artifacts", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    assert_error(api.client.delete(f"{API}/tokens/current"), 401)


def test_tokens_list_and_revoke_from_the_command_line(runner, org):
    token = issue_token(org.candidate)
    issue_token(org.candidate)
    listing = runner.invoke(args=["tokens", "list", "--email", CANDIDATE])
    assert listing.exit_code == 0 and listing.output.count("valid") == 2
    assert token not in listing.output  # only ids and dates, never the secret
    first_id = int(listing.output.split("\t")[0])
    result = runner.invoke(args=["tokens", "revoke", "--id", str(first_id)])
    assert result.exit_code == 0 and "Revoked 1 token." in result.output
    assert user_for_token(token) is None
    result = runner.invoke(args=["tokens", "revoke", "--email", CANDIDATE, "--all"])
    assert result.exit_code == 0 and "Revoked 1 token." in result.output
    assert count(ApiToken) == 0
    assert runner.invoke(args=["tokens", "revoke"]).exit_code == 2
    assert runner.invoke(args=["tokens", "revoke", "--id", "999"]).exit_code == 1
    assert "holds no API tokens" in runner.invoke(args=["tokens", "list", "--email", CANDIDATE]).output


def test_expired_tokens_are_refused_and_pruned(runner, org):
    old = issue_token(org.candidate)
    db.session.query(ApiToken).update({ApiToken.expires_at: utcnow() - timedelta(seconds=1)})
    db.session.commit()
    assert user_for_token(old) is None
    issue_token(org.manager)  # issuing prunes
    assert count(ApiToken) == 1
    db.session.query(ApiToken).update({ApiToken.expires_at: utcnow() - timedelta(days=1)})
    db.session.commit()
    result = runner.invoke(args=["tokens", "prune"])
    assert result.exit_code == 0 and "Removed 1 expired token." in result.output
    assert count(ApiToken) == 0


@pytest.mark.parametrize("days", ["0", "-5", "999999999", "ninety"])
def test_token_lifetime_is_range_checked(monkeypatch, days):
    from config import ConfigError, load_config
    monkeypatch.setenv("TRACKER_API_TOKEN_DAYS", days)
    with pytest.raises(ConfigError, match="TRACKER_API_TOKEN_DAYS"):
        load_config("/tmp")
