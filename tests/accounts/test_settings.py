"""Your settings: details, changing your password, and the API tokens you hold (web and API)."""
from sqlalchemy import select

from tests.api.helpers import API
from tests.conftest import PASSWORD, login, post_form
from tracker.auth.service import issue_token, user_for_token
from tracker.extensions import db
from tracker.models import ApiToken, AuditEvent, User

NEW = "a-fresh-long-passphrase"


def audited(action):
    db.session.expire_all()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def change(client, current, new, again=None):
    return post_form(client, "/settings/password", {"current_password": current, "new_password": new,
                                                    "new_password_again": new if again is None else again})


def test_change_password_ends_other_sessions_and_tokens_but_not_this_one(app, client, org):
    other_browser = app.test_client()
    login(client, "candidate@example.com")
    login(other_browser, "candidate@example.com")
    token = issue_token(org.candidate)
    db.session.commit()
    page = client.get("/settings")
    assert 'href="/settings/password"' in page.get_data(as_text=True)
    assert client.get("/settings/password").status_code == 200

    for current, new, again, message in [
            ("wrong-password", NEW, None, "That is not your current password."),
            (PASSWORD, "short", None, "Use at least 10 characters."),
            (PASSWORD, "1234567890", None, "one of the most common ones"),
            (PASSWORD, "candidate@example.com", None, "Do not use your email address"),
            (PASSWORD, NEW, "something-else-entirely", "The two new passwords differ")]:
        refused = change(client, current, new, again)
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), message
    assert other_browser.get("/").status_code == 200 and user_for_token(token) is not None
    assert audited("password_changed") == []

    done = change(client, PASSWORD, NEW)
    assert done.status_code == 302 and done.headers["Location"] == "/settings"
    assert "Your password is changed" in client.get("/settings").get_data(as_text=True)  # still signed in
    assert other_browser.get("/").status_code == 302  # the other session ended
    assert user_for_token(token) is None
    assert [(e.actor_label, e.target_label) for e in audited("password_changed")] == [
        ("candidate@example.com", "candidate@example.com")]
    assert login(other_browser, "candidate@example.com", NEW).status_code == 302


def test_a_password_less_account_has_no_password_to_change(client, org):
    login(client, "candidate@example.com")
    org.candidate.password_hash = None  # as for someone who signs in through single sign-on
    db.session.commit()
    page = client.get("/settings/password").get_data(as_text=True)
    assert "no password: you sign in with single sign-on" in page and 'name="current_password"' not in page
    assert "no password: you sign in with single sign-on" in client.get("/settings").get_data(as_text=True)
    assert change(client, "", NEW).status_code == 200  # there is no form to post: nothing happens
    db.session.expire_all()
    assert not db.session.get(User, org.candidate.id).has_password


def test_details_are_validated_saved_and_audited(client, org):
    login(client, "candidate@example.com")
    page = client.get("/settings").get_data(as_text=True)
    assert 'value="Cara Candidate"' in page and "<option selected>UTC</option>" in page
    refused = post_form(client, "/settings/profile", {"name": "  ", "timezone": "Mars/Olympus_Mons"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Give your name." in body and "Choose a time zone from the list" in body
    refused = post_form(client, "/settings/profile", {"name": "Cara\u202eC", "timezone": "Europe/Berlin"})
    assert refused.status_code == 422 and "text-direction" in refused.get_data(as_text=True)
    assert "<option selected>Europe/Berlin</option>" in refused.get_data(as_text=True)  # kept as typed
    assert audited("user_edited") == []

    saved = post_form(client, "/settings/profile", {"name": " Cara Candidate-Smith ", "timezone": "Europe/Berlin"})
    assert saved.status_code == 302
    db.session.expire_all()
    person = db.session.get(User, org.candidate.id)
    assert (person.name, person.timezone) == ("Cara Candidate-Smith", "Europe/Berlin")
    [event] = audited("user_edited")
    assert event.detail == {"before": {"name": "Cara Candidate", "timezone": "UTC"},
                            "after": {"name": "Cara Candidate-Smith", "timezone": "Europe/Berlin"}}
    assert post_form(client, "/settings/profile", {"name": "Cara Candidate-Smith", "timezone": "Europe/Berlin"}
                     ).status_code == 302
    assert len(audited("user_edited")) == 1  # nothing changed, nothing recorded


def test_tokens_are_listed_and_revoked_on_the_web_and_in_the_api(client, api, org):
    login(client, "candidate@example.com")
    assert "You hold no API tokens." in client.get("/settings").get_data(as_text=True)
    api.token("candidate@example.com")
    second = issue_token(org.candidate)
    theirs = issue_token(org.other)
    db.session.commit()
    mine = db.session.scalars(select(ApiToken.id).where(ApiToken.user_id == org.candidate.id).order_by(ApiToken.id)).all()
    other_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == org.other.id))

    listed = api.get("/tokens", as_="candidate@example.com")
    assert listed.status_code == 200
    assert [(t["id"], t["current"]) for t in listed.get_json()] == [(mine[0], True), (mine[1], False)]
    assert all(t["created_at"] < t["expires_at"] for t in listed.get_json())
    page = client.get("/settings").get_data(as_text=True)
    assert f'action="/settings/tokens/{mine[1]}/revoke"' in page and f"/settings/tokens/{other_id}/" not in page

    assert post_form(client, f"/settings/tokens/{other_id}/revoke").status_code == 404
    assert api.delete(f"/tokens/{other_id}", as_="candidate@example.com").status_code == 404
    assert api.delete("/tokens/99999999999", as_="candidate@example.com").status_code == 404
    assert user_for_token(theirs) is not None

    assert post_form(client, f"/settings/tokens/{mine[1]}/revoke").status_code == 302
    assert user_for_token(second) is None
    assert api.delete(f"/tokens/{mine[0]}", as_="candidate@example.com").status_code == 204
    assert api.get("/tokens", as_="candidate@example.com").status_code == 401  # that was the one in use
    assert client.get(f"{API}/tokens").status_code == 401
    assert [e.detail for e in audited("token_revoked")] == [{"token": mine[1]}, {"token": mine[0]}]
