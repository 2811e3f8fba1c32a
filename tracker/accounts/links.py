"""Signed, expiring, single-use links (invitations, password resets, stakeholder requests).

A link's token is `itsdangerous`-signed with the app's secret and a salt per purpose, and
timestamped: it names its `AccountLink` row and carries a random secret whose SHA-256 the
row keeps. So a tampered token fails the signature, an old one fails the age check, one of
another purpose fails the salt, and one whose row was used or revoked fails the row. Using
a link is a conditional UPDATE, so two requests racing with the same link cannot both win.
"""
import enum
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, make_response
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import update

from tracker.extensions import db
from tracker.models import AccountLink, LinkPurpose
from tracker.models.base import utcnow

LIFETIMES = {
    LinkPurpose.INVITATION: timedelta(days=7),
    LinkPurpose.PASSWORD_RESET: timedelta(hours=1),
    LinkPurpose.CORROBORATION: timedelta(days=14),
}


class Refusal(str, enum.Enum):
    """Why a link was not accepted; each has its own wording for the person who followed it."""
    INVALID = "This link is not valid. Check that it was copied whole, or ask for a new one."
    EXPIRED = "This link has expired. Ask for a new one."
    USED = "This link has already been used. Ask for a new one if you still need it."
    REVOKED = "This link was withdrawn. Ask for a new one if you still need it."


class LinkRefused(Exception):
    def __init__(self, refusal):
        super().__init__(refusal.value)
        self.refusal = refusal


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tracker-link-{purpose.value}")


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(purpose, user=None, created_by=None):
    """A new link row and its token (shown once, never stored). The caller commits."""
    secret = secrets.token_urlsafe(24)
    now = utcnow()
    row = AccountLink(purpose=purpose.value, user=user, created_by=created_by, digest=_digest(secret),
                      created_at=now, expires_at=now + LIFETIMES[purpose])
    db.session.add(row)
    db.session.flush()
    return row, _serializer(purpose).dumps({"id": row.id, "s": secret})


def check(purpose, token):
    """The row a token stands for, if the link may still be used; else LinkRefused."""
    if not isinstance(token, str) or not token or len(token) > 500:
        raise LinkRefused(Refusal.INVALID)
    max_age = LIFETIMES[purpose].total_seconds()
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkRefused(Refusal.EXPIRED) from None
    except BadSignature:
        raise LinkRefused(Refusal.INVALID) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), int) \
            or not isinstance(payload.get("s"), str):
        raise LinkRefused(Refusal.INVALID)
    row = db.session.get(AccountLink, payload["id"])
    if row is None or row.purpose != purpose.value or not secrets.compare_digest(row.digest, _digest(payload["s"])):
        raise LinkRefused(Refusal.INVALID)
    if row.revoked_at is not None:
        raise LinkRefused(Refusal.REVOKED)
    if row.used_at is not None:
        raise LinkRefused(Refusal.USED)
    if row.expires_at <= utcnow():
        raise LinkRefused(Refusal.EXPIRED)
    return row


def use(purpose, token):
    """Check the link and mark it used, in the caller's transaction; returns its row. Of two
    requests using one link at once, the second gets LinkRefused(USED)."""
    row = check(purpose, token)
    now = utcnow()
    claimed = db.session.execute(
        update(AccountLink)
        .where(AccountLink.id == row.id, AccountLink.used_at.is_(None), AccountLink.revoked_at.is_(None),
               AccountLink.expires_at > now)
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise LinkRefused(Refusal.USED)
    db.session.refresh(row)
    return row


def revoke_open(purpose, user):
    """Withdraw every unused link of this purpose for `user` (a resend or revoke does this
    first, so only the newest link works). Returns how many. The caller commits."""
    return db.session.execute(
        update(AccountLink)
        .where(AccountLink.user_id == user.id, AccountLink.purpose == purpose.value,
               AccountLink.used_at.is_(None), AccountLink.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False)).rowcount


def revoke(row):
    """Withdraw one link (a corroboration request taken back). The caller commits."""
    db.session.execute(update(AccountLink).where(AccountLink.id == row.id, AccountLink.used_at.is_(None))
                       .values(revoked_at=utcnow()).execution_options(synchronize_session=False))


def without_referrer(page, status=200):
    """A response for a page whose address carries a link's token: no page it leads to
    may see that address."""
    response = make_response(page, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
