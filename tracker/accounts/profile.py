"""Your own details (name and time zone) and the API tokens you hold. One cleaner for the
details; services take the acting person and flush, the caller commits."""
from functools import lru_cache
from zoneinfo import available_timezones

from sqlalchemy import select

from tracker.audit.service import AuditAction, record
from tracker.errors import NotFound, ValidationError
from tracker.extensions import db
from tracker.ids import is_row_id
from tracker.models import ApiToken
from tracker.models.base import utcnow
from tracker.text import BIDI_MESSAGE, has_bidi_controls

NAME_LIMIT = 120


@lru_cache(maxsize=1)
def time_zones():
    """The IANA time zone names this system knows, sorted (the form's choices)."""
    return tuple(sorted(available_timezones()))


def clean_profile(data):
    """{name, timezone} as stored, or a ValidationError naming each bad field."""
    errors, clean = {}, {}
    name = data.get("name")
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        errors["name"] = "Give your name."
    elif "\n" in name or "\r" in name:
        errors["name"] = "Give your name on one line."
    elif has_bidi_controls(name):
        errors["name"] = BIDI_MESSAGE
    elif len(name) > NAME_LIMIT:
        errors["name"] = f"Must be at most {NAME_LIMIT} characters (now {len(name)})."
    clean["name"] = name
    zone = data.get("timezone")
    zone = zone.strip() if isinstance(zone, str) else ""
    if zone not in time_zones():
        errors["timezone"] = "Choose a time zone from the list, such as Europe/Berlin or UTC."
    clean["timezone"] = zone
    if errors:
        raise ValidationError(errors)
    return clean


def update_profile(user, data):
    """Save the person's own name and time zone; a change is audited with before and after."""
    clean = clean_profile(data)
    before = {key: getattr(user, key) for key in clean if getattr(user, key) != clean[key]}
    if not before:
        return False
    for key in before:
        setattr(user, key, clean[key])
    db.session.flush()
    record(AuditAction.USER_EDITED, actor=user, target=user,
           detail={"before": before, "after": {key: clean[key] for key in before}})
    return True


def held_tokens(user):
    """The person's API tokens that still work, oldest first (only digests are stored, so
    a token is known by its number and dates)."""
    return db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.expires_at > utcnow())
                              .order_by(ApiToken.id)).all()


def revoke_held_token(user, token_id):
    """Revoke one of the person's own tokens; anyone else's is not found."""
    row = db.session.get(ApiToken, int(token_id)) if is_row_id(token_id) else None
    if row is None or row.user_id != user.id:
        raise NotFound("You hold no API token with that number.")
    db.session.delete(row)
    db.session.flush()
    record(AuditAction.TOKEN_REVOKED, actor=user, target=user, detail={"token": token_id})
