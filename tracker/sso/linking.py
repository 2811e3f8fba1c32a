"""Which account an identity from single sign-on signs in as.

There is no self-service: an identity only ever signs in to an account that already
exists. The first sign-in links it by verified email (an invited person's account has no
password yet; signing in accepts the invitation); later ones find the account by subject,
so a changed email at the provider does not move the sign-in to another account.
"""
from flask import current_app
from sqlalchemy import select, update

from tracker.audit.service import AuditAction, record
from tracker.auth.service import find_user
from tracker.extensions import db
from tracker.models import AccountLink, LinkPurpose, User
from tracker.models.base import utcnow
from tracker.people.invitations import invitation_withdrawn
from tracker.sso.refusals import Refusal, SignInRefused


def account_for(identity):
    """(the active account `identity` signs in as, whether it was linked just now), or
    SignInRefused. The caller commits."""
    allowed = current_app.config["OIDC_ALLOWED_DOMAINS"]
    if allowed and identity.email.rpartition("@")[2] not in allowed:
        raise SignInRefused(Refusal.DOMAIN_NOT_ALLOWED, email=identity.email)
    user = db.session.scalar(select(User).where(User.sso_subject == identity.subject))
    linked = user is None
    if linked:
        user = _linkable_account(identity)
    if not user.active:
        raise SignInRefused(Refusal.DEACTIVATED, email=identity.email, user=user)
    if linked:
        _link(user, identity)
    return user, linked


def _linkable_account(identity):
    if not identity.email_verified:
        raise SignInRefused(Refusal.EMAIL_UNVERIFIED, email=identity.email)
    user = find_user(identity.email)
    if user is None:
        raise SignInRefused(Refusal.UNKNOWN_ACCOUNT, email=identity.email)
    if user.sso_subject is not None:
        raise SignInRefused(Refusal.LINKED_ELSEWHERE, email=identity.email, user=user)
    if not user.has_password and invitation_withdrawn(user):
        raise SignInRefused(Refusal.INVITATION_WITHDRAWN, email=identity.email, user=user)
    return user


def _link(user, identity):
    """Store the subject, unless a sign-in racing this one linked the account first; mark the
    person's open invitations used."""
    claimed = db.session.execute(
        update(User).where(User.id == user.id, User.sso_subject.is_(None))
        .values(sso_subject=identity.subject).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(user, ["sso_subject"])
    if claimed != 1 and user.sso_subject != identity.subject:
        raise SignInRefused(Refusal.LINKED_ELSEWHERE, email=identity.email, user=user)
    accepted = db.session.execute(
        update(AccountLink)
        .where(AccountLink.user_id == user.id, AccountLink.purpose == LinkPurpose.INVITATION.value,
               AccountLink.used_at.is_(None), AccountLink.revoked_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    if accepted:
        record(AuditAction.INVITATION_ACCEPTED, actor=user, target=user, detail={"via": "single_sign_on"})
