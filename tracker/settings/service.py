"""Deployment settings an admin edits: the company name, which redacted brag documents
replace with "the company". Services flush; the caller commits."""
from tracker.access import can_admin_settings
from tracker.errors import Forbidden, ValidationError
from tracker.extensions import db
from tracker.models import SiteSetting
from tracker.models.base import utcnow
from tracker.text import BIDI_MESSAGE, has_bidi_controls

COMPANY_NAME = "company_name"
COMPANY_NAME_LIMIT = 120


def company_name():
    """The company name an admin set, or "" when none is."""
    setting = db.session.get(SiteSetting, COMPANY_NAME)
    return setting.value if setting is not None else ""


def clean_company_name(value):
    """The name as stored (trimmed; empty means none), or a ValidationError on `company_name`."""
    if not isinstance(value, str):
        raise ValidationError({"company_name": "Must be text."})
    value = value.strip()
    if "\n" in value or "\r" in value:
        message = "Give the company name on one line."
    elif has_bidi_controls(value):
        message = BIDI_MESSAGE
    elif len(value) > COMPANY_NAME_LIMIT:
        message = f"Must be at most {COMPANY_NAME_LIMIT} characters (now {len(value)})."
    else:
        return value
    raise ValidationError({"company_name": message})


def set_company_name(actor, value):
    """Store the company name (admins only); an empty one clears it."""
    if not can_admin_settings(actor):
        raise Forbidden("Only an admin can change the deployment's settings.")
    value = clean_company_name(value)
    setting = db.session.get(SiteSetting, COMPANY_NAME)
    if setting is None:
        setting = SiteSetting(key=COMPANY_NAME)
        db.session.add(setting)
    setting.value, setting.updated_by_id, setting.updated_at = value, actor.id, utcnow()
    db.session.flush()
    return setting
