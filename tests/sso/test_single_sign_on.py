"""Single sign-on against the in-test OpenID provider (tests/sso/provider.py): the whole
flow over real HTTP, linking, and every refusal."""
import pytest
import requests
from sqlalchemy import select

from tests.conftest import PASSWORD, csrf_token, post_form
from tests.mailserver import free_port
from tests.sso.conftest import sign_in
from tests.sso.provider import OTHER_KEY
from tracker.accounts import links
from tracker.auth.service import create_user
from tracker.extensions import db
from tracker.models import AccountLink, AuditEvent, LinkPurpose, User


def events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_first_sign_in_links_the_invited_account_and_later_ones_follow_the_subject(sso_app, provider, org):
    invited = create_user("new.hire@example.com", "Nia New", None)
    invitation, _ = links.issue(LinkPurpose.INVITATION, invited, created_by=org.admin)
    db.session.commit()
    client = sso_app.test_client()
    page = client.get("/login?next=/readiness").get_data(as_text=True)
    assert "Sign in with single sign-on" in page and 'href="/login/sso?next=/readiness"' in page
    assert 'name="password"' in page  # password sign-in is on as well
    before = csrf_token(client)

    provider.person = {"sub": "nia", "email": "New.Hire@Example.com", "email_verified": True}
    response, callback = sign_in(client, "?next=/readiness")
    assert response.status_code == 302 and response.headers["Location"] == "/readiness"
    asked = provider.authorizations[-1]
    assert asked["code_challenge_method"] == "S256" and asked["nonce"] and asked["state"]
    assert asked["scope"] == "openid email profile"
    assert asked["redirect_uri"] == "http://localhost:5000/login/sso/callback"
    secret_right, form = provider.token_requests[-1]
    assert secret_right and form["code_verifier"] and "client_secret" not in form  # HTTP Basic
    assert "Nia New" in client.get("/").get_data(as_text=True)
    assert csrf_token(client, "/settings") != before  # the session's CSRF token is new after sign-in
    db.session.expire_all()
    assert db.session.get(User, invited.id).sso_subject == f"{provider.url} nia"
    assert db.session.get(AccountLink, invitation.id).used_at is not None
    assert [e.detail for e in events("sign_in_sso")] == [{"linked": True}]
    assert [e.target_id for e in events("invitation_accepted")] == [invited.id]

    assert post_form(client, "/logout").status_code == 302
    replayed = client.get(callback)  # the state was used up: the same answer cannot sign in again
    assert replayed.status_code == 400 and "already used" in replayed.get_data(as_text=True)
    assert client.get("/").status_code == 302

    # The email changed at the provider (to another person's, told only by /userinfo): still Nia.
    provider.person = {"sub": "nia", "email": "candidate@example.com", "email_verified": True}
    provider.email_in_id_token = False
    response, _ = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Nia New" in client.get("/").get_data(as_text=True)
    assert events("sign_in_sso")[-1].detail == {}
    assert db.session.get(User, org.candidate.id).sso_subject is None

    # Another identity with Nia's email cannot take over her account.
    post_form(client, "/logout")
    provider.person = {"sub": "impostor", "email": "new.hire@example.com", "email_verified": True}
    response, _ = sign_in(client)
    assert response.status_code == 403 and "another single-sign-on identity" in response.get_data(as_text=True)
    refusal = events("sign_in_sso_refused")[-1]
    assert refusal.detail == {"reason": "linked_elsewhere"} and refusal.target_id == invited.id
    assert [e.detail["reason"] for e in events("sign_in_sso_refused")] == ["bad_state", "linked_elsewhere"]


def deny(provider, org):
    provider.deny = True


def wrong_nonce(provider, org):
    provider.nonce = "not-the-nonce-we-sent"


def wrong_audience(provider, org):
    provider.audience = "another-client"


def wrong_key(provider, org):
    provider.signing_key = OTHER_KEY


def unverified(provider, org):
    provider.person["email_verified"] = False


def other_domain(provider, org):
    provider.person["email"] = "cara@elsewhere.org"


def unknown(provider, org):
    provider.person["email"] = "nobody@example.com"


def deactivated(provider, org):
    org.candidate.active = False
    db.session.commit()


def invitation_withdrawn(provider, org):
    invited = create_user("new.hire@example.com", "Nia New", None)
    link, _ = links.issue(LinkPurpose.INVITATION, invited, created_by=org.admin)
    links.revoke(link)
    db.session.commit()
    provider.person = {"sub": "nia", "email": "new.hire@example.com", "email_verified": True}


def wrong_secret(provider, org):
    return {"OIDC_CLIENT_SECRET": "not-the-secret"}


@pytest.mark.parametrize("setup, status, reason, problem, words", [
    (deny, 403, "provider_said_no", "access_denied", "did not sign you in"),
    (wrong_nonce, 400, "untrusted_answer", "nonce", "could not be trusted"),
    (wrong_audience, 400, "untrusted_answer", "aud", "could not be trusted"),
    (wrong_key, 400, "untrusted_answer", "bad_signature", "could not be trusted"),
    (unverified, 403, "email_unverified", None, "not verified"),
    (other_domain, 403, "domain_not_allowed", None, "Accounts at elsewhere.org cannot sign in here"),
    (unknown, 403, "unknown_account", None, "no account here for nobody@example.com"),
    (deactivated, 403, "deactivated", None, "deactivated"),
    (invitation_withdrawn, 403, "invitation_withdrawn", None, "invitation here was withdrawn"),
    (wrong_secret, 400, "token_refused", "invalid_client", "refused to finish"),
], ids=lambda value: getattr(value, "__name__", None))
def test_refusals_are_pages_that_say_why_and_are_recorded(app, another_app, sso_settings, provider, org,
                                                          setup, status, reason, problem, words):
    overrides = setup(provider, org) or {}
    client = another_app(**(sso_settings | overrides)).test_client()
    response, _ = sign_in(client)
    page = response.get_data(as_text=True)
    assert response.status_code == status and words in page
    assert "Try single sign-on again" in page
    assert client.get("/").status_code == 302  # not signed in
    refusal = events("sign_in_sso_refused")[-1]
    assert refusal.detail["reason"] == reason
    assert problem is None or problem in refusal.detail["problem"]
    assert db.session.scalar(select(User).where(User.sso_subject.is_not(None))) is None
    assert events("sign_in_sso") == []


def test_missing_forged_or_replayed_answers_and_an_unreachable_provider_are_refused(app, another_app, sso_settings,
                                                                                 provider, org):
    client = another_app(**sso_settings).test_client()
    assert client.get("/login/sso/callback?code=abc").status_code == 400
    abandoned = client.get("/login/sso")
    start = client.get("/login/sso")  # starting again drops the sign-in that was not finished
    at_provider = requests.get(abandoned.headers["Location"], allow_redirects=False, timeout=10)
    assert client.get(at_provider.headers["Location"]).status_code == 400
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    forged = at_provider.headers["Location"].split("/login/sso/callback")[1].replace("state=", "state=x")
    response = client.get("/login/sso/callback" + forged)
    assert response.status_code == 400 and "Start again" in response.get_data(as_text=True)
    assert provider.token_requests == []  # refused before the code was ever exchanged
    before = client.get_cookie("session").value
    assert client.get(at_provider.headers["Location"]).status_code == 302  # the real answer signs in
    client.set_cookie("session", before)  # someone who copied the cookie from before replays it:
    assert client.get(at_provider.headers["Location"]).status_code == 400  # the code was used up
    assert client.get("/").status_code == 302

    gone = another_app(**(sso_settings | {"OIDC_ISSUER": f"http://127.0.0.1:{free_port()}"})).test_client()
    response = gone.get("/login/sso")
    assert response.status_code == 502 and "cannot be reached" in response.get_data(as_text=True)
    assert [e.detail["reason"] for e in events("sign_in_sso_refused")] == [
        "bad_state", "bad_state", "bad_state", "token_refused", "provider_unavailable"]


def test_with_password_sign_in_off_only_single_sign_on_signs_in(app, another_app, sso_settings, provider, org):
    only_sso = another_app(**sso_settings, PASSWORD_SIGN_IN=False)
    client = only_sso.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in with single sign-on" in page and 'name="password"' not in page
    response = client.post("/api/v1/tokens", json={"email": "candidate@example.com", "password": PASSWORD})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"

    response, _ = sign_in(client)
    assert response.status_code == 302 and "Cara Candidate" in client.get("/").get_data(as_text=True)
    response = client.post("/login", data={"email": "other@example.com", "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/")})  # the page has no form
    assert response.status_code == 403 and "password is turned off" in response.get_data(as_text=True)
    assert "Cara Candidate" in client.get("/").get_data(as_text=True)
    issued = only_sso.test_cli_runner().invoke(args=["tokens", "create", "--email", "candidate@example.com"])
    assert issued.exit_code == 0 and len(issued.output.strip()) > 30  # an admin can still issue a token
