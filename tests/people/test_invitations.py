"""Invitations end to end: a person is added, the link is read from the received mail and
followed, the password set, and the person is signed in. Expired, reused, withdrawn and
tampered links are refused with their own wording; a resend invalidates the older link."""
from datetime import timedelta

from sqlalchemy import select

from tests.conftest import csrf_token, login, post_form
from tests.people.conftest import invitation_path
from tracker.accounts.links import Refusal
from tracker.extensions import db
from tracker.models import AccountLink, AuditEvent, User
from tracker.models.base import utcnow

NEW = "nora@example.com"
GOOD = "violet-harbour-lantern"


def accept(client, path, **fields):
    data = {"name": "Nora New", "password": GOOD, "repeat": GOOD, **fields}
    return client.post(path, data={**data, "csrf_token": csrf_token(client)})


def actions_about(email):
    db.session.expire_all()
    return [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.target_label == email).order_by(AuditEvent.id))]


def test_invite_follow_the_mailed_link_set_a_password_and_be_signed_in(app, client, org, smtp):
    login(client, "admin@example.com")
    response = post_form(client, "/people/new", {"email": " Nora@Example.com ", "name": "Nora", "framework": "",
                                                 "manager": "manager@example.com"})
    assert response.status_code == 302, response.get_data(as_text=True)
    nora = db.session.scalar(select(User).where(User.email == NEW))
    assert nora.manager_id == org.manager.id and not nora.has_password and nora.active
    page = client.get("/people?q=nora").get_data(as_text=True)
    assert "Nora" in page and "Invited" in page
    (mail,) = smtp.to(NEW)
    assert mail["Subject"] == "You are invited to the evidence tracker"
    assert "Admin invited you" in smtp.text(mail) and "Set your password" in smtp.html(mail)
    path = invitation_path(smtp, NEW)

    visitor = app.test_client()
    form = visitor.get(path)
    assert form.status_code == 200 and NEW in form.get_data(as_text=True)
    for fields, message in (({"password": "short"}, "at least 10 characters"),
                            ({"password": "password123"}, "most common"),
                            ({"password": NEW}, "email address"),
                            ({"repeat": "something-else-entirely"}, "The two passwords differ."),
                            ({"name": " "}, "Give the person")):
        refused = accept(visitor, path, **fields)
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), fields
    assert 'value="Nora"' in accept(visitor, path, name="Nora", password="x").get_data(as_text=True)  # kept
    done = accept(visitor, path)
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Nora New" in visitor.get("/").get_data(as_text=True)  # signed in
    db.session.expire_all()
    assert db.session.get(User, nora.id).name == "Nora New"
    assert login(app.test_client(), NEW, GOOD).headers["Location"] == "/"

    again = app.test_client().get(path)
    assert again.status_code == 410 and Refusal.USED.value in again.get_data(as_text=True)
    assert actions_about(NEW) == ["user_created", "invitation_sent", "invitation_accepted", "sign_in"]
    page = client.get("/people?q=nora").get_data(as_text=True)
    assert "Active" in page and "Invited" not in page


def test_resend_expiry_revoke_and_tampering_are_refused_each_in_its_own_words(app, client, org, smtp):
    login(client, "manager@example.com")  # a manager invites people into their own team
    assert post_form(client, "/people/new", {"email": NEW, "name": "Nora"}).status_code == 302
    nora = db.session.scalar(select(User).where(User.email == NEW))
    assert nora.manager_id == org.manager.id  # under the manager who added her
    first = invitation_path(smtp, NEW)
    assert post_form(client, f"/people/{nora.id}/invitation").status_code == 302
    second = invitation_path(smtp, NEW)
    assert first != second and len(smtp.to(NEW)) == 2
    visitor = app.test_client()
    old = visitor.get(first)
    assert old.status_code == 410 and Refusal.REVOKED.value in old.get_data(as_text=True)
    assert visitor.get(second).status_code == 200

    tampered = second[:-3] + ("aaa" if not second.endswith("aaa") else "bbb")
    for path in (tampered, "/invitations/nonsense", "/invitations/" + "x" * 600):
        response = visitor.get(path)
        assert response.status_code == 404 and Refusal.INVALID.value in response.get_data(as_text=True), path
        assert accept(visitor, path).status_code == 404

    newest = db.session.scalar(
        select(AccountLink).where(AccountLink.user_id == nora.id).order_by(AccountLink.id.desc()))
    newest.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = visitor.get(second)
    assert expired.status_code == 410 and Refusal.EXPIRED.value in expired.get_data(as_text=True)
    assert accept(visitor, second).status_code == 410
    assert "Invitation expired" in client.get("/people").get_data(as_text=True)

    assert post_form(client, f"/people/{nora.id}/invitation").status_code == 302
    third = invitation_path(smtp, NEW)
    assert post_form(client, f"/people/{nora.id}/invitation/revoke").status_code == 302
    withdrawn = visitor.get(third)
    assert withdrawn.status_code == 410 and Refusal.REVOKED.value in withdrawn.get_data(as_text=True)
    assert "Invitation withdrawn" in client.get("/people").get_data(as_text=True)
    assert post_form(client, f"/people/{nora.id}/invitation/revoke").status_code == 409  # nothing open
    mails = len(smtp.messages)
    assert post_form(visitor, "/password-reset", {"email": NEW}, token_from="/password-reset").status_code == 200
    assert len(smtp.messages) == mails  # a reset does not get round a withdrawn invitation
    assert post_form(client, f"/people/{org.candidate.id}/invitation").status_code == 409  # has a password
    db.session.expire_all()
    assert not db.session.get(User, nora.id).has_password
    assert actions_about(NEW) == ["user_created", "invitation_sent", "invitation_sent", "invitation_sent",
                                  "invitation_revoked", "password_reset_requested"]


def test_an_email_change_withdraws_the_old_link_and_invites_at_the_new_address(app, client, org, smtp):
    login(client, "admin@example.com")
    assert post_form(client, "/people/new", {"email": "nora@exmaple.com", "name": "Nora"}).status_code == 302
    nora = db.session.scalar(select(User).where(User.email == "nora@exmaple.com"))
    typo = invitation_path(smtp, "nora@exmaple.com")
    assert post_form(client, f"/people/{nora.id}/edit", {"name": "Nora", "email": NEW}).status_code == 302
    visitor = app.test_client()
    old = visitor.get(typo)
    assert old.status_code == 410 and Refusal.REVOKED.value in old.get_data(as_text=True)
    fresh = visitor.get(invitation_path(smtp, NEW))
    assert fresh.status_code == 200 and fresh.headers["Referrer-Policy"] == "no-referrer"


def test_with_password_sign_in_off_the_invitation_sends_the_person_to_single_sign_on(app, client, org, smtp):
    login(client, "admin@example.com")
    assert post_form(client, "/people/new", {"email": NEW, "name": "Nora"}).status_code == 302
    path = invitation_path(smtp, NEW)
    visitor = app.test_client()
    token = csrf_token(visitor, path)
    app.config["PASSWORD_SIGN_IN"] = False
    try:
        page = visitor.get(path).get_data(as_text=True)
        assert "Sign in with single sign-on" in page and 'name="password"' not in page
        refused = visitor.post(path, data={"name": "Nora", "password": GOOD, "repeat": GOOD, "csrf_token": token})
        assert refused.status_code == 403 and "Passwords are not used here" in refused.get_data(as_text=True)
    finally:
        app.config["PASSWORD_SIGN_IN"] = True
    db.session.expire_all()
    assert not db.session.scalar(select(User).where(User.email == NEW)).has_password
    assert visitor.get(path).status_code == 200  # the link is still there for single sign-on to accept
