"""Invitations: how a person without a password gets in. The mail holds a signed,
expiring, single-use link (tracker.accounts.links); following it, the person sets their
name and password and is signed in. A resend withdraws the open links first, so only the
newest works; a revoke withdraws them. Services flush; the caller commits."""
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from tracker.accounts import links
from tracker.accounts.passwords import password_problem
from tracker.audit.service import AuditAction, record
from tracker.errors import Conflict, Forbidden, ValidationError
from tracker.extensions import db
from tracker.mail.outbox import enqueue
from tracker.models import AccountLink, LinkPurpose
from tracker.models.base import utcnow
from tracker.people.validation import name_problem
from tracker.sso import password_sign_in

SUBJECT = "You are invited to the evidence tracker"
SINGLE_SIGN_ON_ONLY = ("Passwords are not used here: sign in with single sign-on, with this email address. "
                       "Your invitation is accepted when you do.")


class State:
    """A person's standing in the people list: `key` for the page and the API, `label` to show."""

    def __init__(self, key, label, until=None):
        self.key, self.label, self.until = key, label, until


def invite(actor, person):
    """Mail `person` a new invitation link (withdrawing any open one). `actor` is None from
    the command line. Returns the link's row."""
    if person.has_password or person.sso_subject:
        raise Conflict(f"{person.name} already has an account they sign in to; they need no invitation.")
    if not person.active:
        raise Conflict(f"{person.name} is deactivated; reactivate them first.")
    replaced = links.revoke_open(LinkPurpose.INVITATION, person)
    row, token = links.issue(LinkPurpose.INVITATION, user=person, created_by=actor)
    url = f"{current_app.config['BASE_URL']}/invitations/{token}"
    enqueue(person, "invitation", SUBJECT, "people/invitation",
            {"person": person, "inviter": actor, "url": url, "expires": when(row.expires_at)})
    record(AuditAction.INVITATION_SENT, actor=actor, target=person,
           detail={"expires_at": row.expires_at.isoformat(), "replaced": replaced})
    return row


def revoke(actor, person):
    """Withdraw the person's open invitation links."""
    withdrawn = links.revoke_open(LinkPurpose.INVITATION, person)
    if not withdrawn:
        raise Conflict(f"{person.name} has no open invitation.")
    record(AuditAction.INVITATION_REVOKED, actor=actor, target=person, detail={"links": withdrawn})
    return withdrawn


def invitation_withdrawn(person):
    """Whether the person's newest invitation was withdrawn (and none sent since)."""
    newest = db.session.scalar(select(AccountLink).where(
        AccountLink.user_id == person.id, AccountLink.purpose == LinkPurpose.INVITATION.value)
        .order_by(AccountLink.id.desc()).limit(1))
    return newest is not None and newest.revoked_at is not None and newest.used_at is None


def invited_person(token):
    """The person an invitation link is for, if it may still be used; else LinkRefused."""
    row = links.check(LinkPurpose.INVITATION, token)
    if not row.user.active:
        raise links.LinkRefused(links.Refusal.REVOKED)
    if row.user.has_password or row.user.sso_subject:  # got in another way meanwhile (a reset, single sign-on)
        raise links.LinkRefused(links.Refusal.USED)
    return row.user


def accept(token, name, password, repeated):
    """Use the link: the person gets this name and password. Raises ValidationError (the
    link stays usable) or LinkRefused. Returns the person."""
    person = invited_person(token)
    if not password_sign_in():
        raise Forbidden(SINGLE_SIGN_ON_ONLY)
    errors = {}
    if name_problem(name):
        errors["name"] = name_problem(name)
    problem = password_problem(password, person.email)
    if problem:
        errors["password"] = problem
    elif password != repeated:
        errors["repeat"] = "The two passwords differ."
    if errors:
        raise ValidationError(errors)
    links.use(LinkPurpose.INVITATION, token)
    person.name = name.strip()
    person.set_password(password)
    record(AuditAction.INVITATION_ACCEPTED, actor=person, target=person)
    db.session.flush()
    return person


def states_of(people, now=None):
    """{person id: State} for a page of people, with one query for their newest invitations."""
    now = now or utcnow()
    ids = [p.id for p in people if p.active and not p.has_password and not p.sso_subject]
    newest = {}
    if ids:
        latest = (select(func.max(AccountLink.id)).where(AccountLink.user_id.in_(ids),
                                                          AccountLink.purpose == LinkPurpose.INVITATION.value)
                  .group_by(AccountLink.user_id))
        newest = {row.user_id: row for row in db.session.scalars(select(AccountLink).where(AccountLink.id.in_(latest)))}
    return {p.id: _state(p, newest.get(p.id), now) for p in people}


def _state(person, link, now):
    if not person.active:
        return State("deactivated", "Deactivated")
    if person.has_password or person.sso_subject:
        return State("active", "Active")
    if link is None:
        return State("not_invited", "Not invited")
    if link.used_at is not None:
        return State("active", "Active")
    if link.revoked_at is not None:
        return State("invitation_revoked", "Invitation withdrawn")
    if link.expires_at <= now:
        return State("invitation_expired", "Invitation expired", link.expires_at)
    return State("invited", "Invited", link.expires_at)


def when(moment: datetime):
    """A moment as mails and pages say it."""
    return moment.strftime("%d %B %Y, %H:%M UTC")
