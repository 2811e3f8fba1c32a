"""The one validator for a person's details: the forms, the JSON API and the CSV import all
pass their input through `clean_person`, so a rule lives in one place. Errors name the field
path (`targets.primary`), as the API reports them.

A manager named by someone who is not an admin must be that someone or a person below
them; anyone else reads as unknown, so the answer never tells whether an address exists
outside one's own team."""
from tracker import access
from tracker.auth.service import email_problem, find_user, normalise_email
from tracker.errors import ValidationError
from tracker.frameworks.service import get_framework
from tracker.text import BIDI_MESSAGE, has_bidi_controls

NAME_LIMIT = 120
CREATE_FIELDS = {"email", "name", "manager", "framework", "admin"}
EDIT_FIELDS = {"email", "name", "manager", "targets", "admin", "active"}


def name_problem(value):
    if not isinstance(value, str) or not value.strip():
        return "Give the person's name."
    if len(value) > NAME_LIMIT:
        return f"Use at most {NAME_LIMIT} characters."
    if "\n" in value or "\r" in value:
        return "Give the name on one line."
    if has_bidi_controls(value):
        return BIDI_MESSAGE
    return None


def find_manager(actor, email):
    """The person `actor` may put others under, by email: anyone for an admin or the command
    line (`actor` None), else the actor or someone below them. Raises on `manager`."""
    manager = find_user(email)
    if manager is not None and actor is not None and not actor.is_admin \
            and manager.id != actor.id and not access.is_above(actor, manager):
        manager = None
    if manager is None:
        raise ValidationError({"manager": f"No one {'you can choose ' if actor and not actor.is_admin else ''}"
                                          f"has the email {normalise_email(email)}."})
    if not manager.active:
        raise ValidationError({"manager": f"{manager.name} is deactivated; choose an active manager."})
    return manager


def _manager(actor, value, errors):
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        errors["manager"] = "Give the manager's email address, or leave it empty."
        return None
    try:
        return find_manager(actor, value)
    except ValidationError as error:
        errors.update(error.fields)
        return None


def _framework(value, errors, field="framework"):
    if value is None or value == "":
        return None
    framework = get_framework(value) if isinstance(value, str) and len(value) <= 100 else None
    if framework is None:
        errors[field] = f"No framework {value!r}." if isinstance(value, str) else "Give a framework slug."
    return framework


def _targets(value, errors):
    """{frameworks: [slug], primary: slug}, checked for shape here and for content by
    tracker.frameworks.targets.set_targets."""
    if not isinstance(value, dict) or set(value) - {"frameworks", "primary"}:
        errors["targets"] = "Give {\"frameworks\": [slugs], \"primary\": slug}."
        return None
    return {"frameworks": value.get("frameworks"), "primary": value.get("primary")}


def clean_person(actor, data, creating):
    """The checked details in `data` (only the fields given, when editing): email and name
    as stored, `manager` a User or None, `framework` a Framework or None, `targets` as
    given, `admin` and `active` booleans. Raises ValidationError with every problem."""
    if not isinstance(data, dict):
        raise ValidationError({"": "Send a JSON object."})
    allowed = CREATE_FIELDS if creating else EDIT_FIELDS
    errors = {key or "(empty name)": "Unknown field." for key in data if key not in allowed}
    cleaned = {}
    for field in ("email", "name"):
        if field in data or creating:
            problem = (email_problem if field == "email" else name_problem)(data.get(field))
            if problem:
                errors[field] = problem
            else:
                cleaned[field] = normalise_email(data[field]) if field == "email" else data[field].strip()
    if "manager" in data:
        cleaned["manager"] = _manager(actor, data["manager"], errors)
    if "framework" in data:
        cleaned["framework"] = _framework(data["framework"], errors)
    if "targets" in data:
        cleaned["targets"] = _targets(data["targets"], errors)
    for flag in ("admin", "active"):
        if flag in data:
            if isinstance(data[flag], bool):
                cleaned[flag] = data[flag]
            elif data[flag] is not None:
                errors[flag] = "Must be true or false."
    if errors:
        raise ValidationError(errors)
    return cleaned


def from_form(form, creating, may_admin):
    """The same input from a submitted form: the fields the form had (inputs someone may
    not change are shown, not sent), checkboxes as booleans, targets from the primary
    select and the other targets' checkboxes."""
    data = {field: form.get(field, "") for field in ("email", "name", "manager") if field in form}
    if creating:
        data["framework"] = form.get("framework", "")
    elif "primary" in form:
        primary = form.get("primary", "")
        data["targets"] = {"frameworks": list(dict.fromkeys([primary, *form.getlist("frameworks")])),
                           "primary": primary}
    if may_admin:
        data["admin"] = form.get("admin") == "on"
    return data
