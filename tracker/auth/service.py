"""Users and API tokens. Public functions commit; lookups never write."""
import hashlib
import re
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.frameworks.service import get_framework
from tracker.models import ApiToken, User
from tracker.models.base import utcnow
from tracker.text import BIDI_MESSAGE, has_bidi_controls

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# A real hash, so a sign-in for an unknown email costs as much as one for a known email.
_DUMMY_HASH = None


def normalise_email(email):
    return (email or "").strip().lower()


def find_user(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email, password):
    """The active user with this email and password, or None."""
    global _DUMMY_HASH
    user = find_user(email)
    if user is None:
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
    errors = {}
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > 254:
        errors["email"] = "Give a valid email address."
    elif find_user(email) is not None:
        errors["email"] = f"A user with email {email} already exists."
    if not (name or "").strip():
        errors["name"] = "Give the person's name."
    elif has_bidi_controls(name):
        errors["name"] = BIDI_MESSAGE
    if len(password or "") < MIN_PASSWORD:
        errors["password"] = f"Use at least {MIN_PASSWORD} characters."
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
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user):
    """A new bearer token for `user`. The plain token is returned once and never stored."""
    token = secrets.token_urlsafe(32)
    days = current_app.config["API_TOKEN_DAYS"]
    db.session.add(ApiToken(user=user, digest=_digest(token), expires_at=utcnow() + timedelta(days=days)))
    db.session.commit()
    return token


def user_for_token(token):
    """The active user a valid, unexpired token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.digest == _digest(token)))
    if row is None or row.expires_at <= utcnow() or not row.user.active:
        return None
    return row.user

