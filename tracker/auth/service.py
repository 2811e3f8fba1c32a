"""Users and API tokens. Functions flush and the caller commits; lookups never write."""
import hashlib
import re
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from tracker.accounts.passwords import password_problem
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.frameworks.service import get_framework
from tracker.models import ApiToken, User
from tracker.models.base import utcnow
from tracker.text import BIDI_MESSAGE, has_bidi_controls

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_LIMIT = 254
# A real hash, so a sign-in for an unknown email costs as much as one for a known email.
_DUMMY_HASH = None


def normalise_email(email):
    return (email or "").strip().lower()


def email_problem(value):
    """What is wrong with an email address, as a sentence, or None. The one check of an
    address anyone types: an account's, an invited person's, a stakeholder's, one asked for
    a reset. ASCII only, since the mail server is given it as it is."""
    if not isinstance(value, str):
        return "Give an email address."
    email = normalise_email(value)
    if len(email) > EMAIL_LIMIT or not email.isascii() or not EMAIL.match(email) or has_bidi_controls(email):
        return "Give a valid email address."
    return None


def find_user(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email, password):
    """The active user with this email and password, or None. An unknown email, and an
    account without a password (invited, or single sign-on), cost one hash as a known one
    does, so the time of the answer does not tell which addresses have an account."""
    global _DUMMY_HASH
    user = find_user(email)
    if user is None or not user.has_password:
        if _DUMMY_HASH is None:
            probe = User()
            probe.set_password(secrets.token_hex(8))
            _DUMMY_HASH = probe.password_hash
        User(password_hash=_DUMMY_HASH).check_password(password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


def create_user(email, name, password, admin=False, manager_email=None, framework_slug=None):
    """A new account. `password` None makes one without a password, which its person gets
    into through an invitation (or single sign-on). The caller commits, and rolls back
    after a ValidationError (after a duplicate address found at the flush, the transaction
    is spent)."""
    errors = {}
    problem = email_problem(email)
    email = normalise_email(email)
    if problem:
        errors["email"] = problem
    elif find_user(email) is not None:
        errors["email"] = f"A user with email {email} already exists."
    if not (name or "").strip():
        errors["name"] = "Give the person's name."
    elif has_bidi_controls(name):
        errors["name"] = BIDI_MESSAGE
    problem = password_problem(password, email) if password is not None else None
    if problem:
        errors["password"] = problem
    manager = None
    if manager_email:
        manager = find_user(manager_email)
        if manager is None:
            errors["manager"] = f"No user with email {normalise_email(manager_email)}."
    framework = None
    if framework_slug:
        framework = get_framework(framework_slug)
        if framework is None:
            errors["framework"] = f"No framework {framework_slug!r}."
    if errors:
        raise ValidationError(errors)
    user = User(email=email, name=name.strip(), is_admin=admin, manager=manager, framework=framework)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:  # another transaction added the address since the look-up
        if "email" not in str(error.orig).lower():
            raise
        raise ValidationError({"email": f"A user with email {email} already exists."}) from None
    return user


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user):
    """A new bearer token for `user`. The plain token is returned once and never stored.
    Expired tokens of everyone are pruned on the way."""
    token = secrets.token_urlsafe(32)
    days = current_app.config["API_TOKEN_DAYS"]
    prune_expired_tokens()
    db.session.add(ApiToken(user=user, digest=_digest(token), expires_at=utcnow() + timedelta(days=days)))
    db.session.flush()
    return token


def prune_expired_tokens():
    """Delete expired token rows; returns how many. The caller commits."""
    return db.session.execute(delete(ApiToken).where(ApiToken.expires_at <= utcnow())).rowcount


def token_row(token):
    """The stored row of a plain token, or None."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(ApiToken).where(ApiToken.digest == _digest(token)))


def tokens_of(user):
    return db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)).all()


def revoke_token(row):
    """Revoke one token. The caller commits."""
    db.session.delete(row)


def end_sessions(user):
    """End every signed-in session of `user` (the API tokens stay). The caller commits."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(session_generation=User.session_generation + 1))


def valid_token_row(token):
    """The row of a valid, unexpired token of an active user, or None."""
    row = token_row(token)
    if row is None or row.expires_at <= utcnow() or not row.user.active:
        return None
    return row


def user_for_token(token):
    """The active user a valid, unexpired token belongs to, or None."""
    row = valid_token_row(token)
    return row.user if row is not None else None

