"""Changing, resetting and first setting a password. Every way a password changes ends
the person's other sessions and revokes their API tokens: whoever knew the old password
may hold those. Services flush; the caller commits."""
from sqlalchemy import delete

from tracker.accounts import links
from tracker.accounts.mails import send_password_reset
from tracker.accounts.passwords import password_problem
from tracker.audit.service import AuditAction, record
from tracker.auth.service import email_problem, end_sessions, find_user, normalise_email
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.models import ApiToken, LinkPurpose, User


def _new_password_errors(user, new, again):
    problem = password_problem(new, user.email)
    if problem:
        return {"new_password": problem}
    if new != again:
        return {"new_password_again": "The two new passwords differ; type the same one twice."}
    return {}


def _set(user, password):
    """Store the password and end everything opened with the old one: every session (the
    caller signs the current browser back in, if it should stay) and every API token. An
    invitation still open is withdrawn: the person is in."""
    user.set_password(password)
    links.revoke_open(LinkPurpose.INVITATION, user)
    end_sessions(user)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.flush()
    db.session.refresh(user)  # the new session generation


def change_password(user, current, new, again):
    """The signed-in person changes their own password; the current one is required."""
    errors = {}
    if not user.has_password or not isinstance(current, str) or not user.check_password(current):
        errors["current_password"] = "That is not your current password."
    errors.update(_new_password_errors(user, new, again))
    if errors:
        raise ValidationError(errors)
    _set(user, new)
    record(AuditAction.PASSWORD_CHANGED, actor=user, target=user)


def clean_reset_email(value):
    """The address a reset is asked for, or a ValidationError on `email`. Only its form is
    checked here, so the answer says nothing about whether an account has it."""
    email = normalise_email(value if isinstance(value, str) else "")
    if not email:
        raise ValidationError({"email": "Give the email address you sign in with."})
    if email_problem(email):
        raise ValidationError({"email": email_problem(email)})
    return email


def request_reset(email, actor=None):
    """Record a request for a reset link; returns the active account to mail one to, or
    None for an unknown or deactivated address, or an account without a password (an
    invited person gets in through their invitation, which an admin may have withdrawn;
    a single-sign-on account through single sign-on). Every path does the same work (look the
    address up, record the request), so the answer takes as long whatever the address:
    the caller writes and sends the link with `mail_reset_link` after its response."""
    email = clean_reset_email(email)
    user = find_user(email)
    mailed = user is not None and user.active and user.has_password
    record(AuditAction.PASSWORD_RESET_REQUESTED, actor=actor, target=user, target_label=email,
           detail={"mailed": mailed})
    return user if mailed else None


def mail_reset_link(user_id):
    """Withdraw the person's open reset links and write a mail with a new one into the
    outbox; returns the outbox row (None if they were deactivated meanwhile)."""
    user = db.session.get(User, user_id)
    if user is None or not user.active or not user.has_password:
        return None
    links.revoke_open(LinkPurpose.PASSWORD_RESET, user)
    _, token = links.issue(LinkPurpose.PASSWORD_RESET, user=user)
    return send_password_reset(user, token)


def reset_link_user(token):
    """The person a reset link is for, if it may still be used; else links.LinkRefused.
    A link of someone deactivated since it was sent no longer works."""
    row = links.check(LinkPurpose.PASSWORD_RESET, token)
    if row.user is None or not row.user.active or not row.user.has_password:
        raise links.LinkRefused(links.Refusal.INVALID)
    return row.user


def reset_password(token, new, again):
    """Set a new password through a reset link, which is used up: ValidationError for a
    password that breaks the rules (the link stays usable), LinkRefused for a bad link."""
    user = reset_link_user(token)
    errors = _new_password_errors(user, new, again)
    if errors:
        raise ValidationError(errors)
    links.use(LinkPurpose.PASSWORD_RESET, token)
    _set(user, new)
    record(AuditAction.PASSWORD_RESET, actor=user, target=user)
    return user
