"""The one validator of a corroboration request and of a statement, for the form and the
JSON alike. Besides the fields it bounds how much mail one candidate can cause: a few open
requests per piece of evidence and a number of requests a day, so nobody uses the product
to send mail to strangers in bulk."""
from datetime import timedelta

from sqlalchemy import func, select

from tracker.artifacts.cleaning import clean_text
from tracker.auth.service import email_problem, normalise_email
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.models import AccountLink, Corroboration, CorroborationState
from tracker.models.base import utcnow
from tracker.text import BIDI_MESSAGE, has_bidi_controls

NAME_LIMIT = 120
ROLE_LIMIT = 120
STATEMENT_LIMIT = 1500
MAX_OPEN_PER_EVIDENCE = 5
MAX_PER_DAY = 20
FIELDS = ("name", "email", "role")


def open_requests(artifact_id, now):
    """A select of the requests on this evidence still waiting for an answer with a working
    link (an expired one no longer counts as open)."""
    return (select(Corroboration).join(AccountLink, AccountLink.id == Corroboration.link_id)
            .where(Corroboration.artifact_id == artifact_id,
                   Corroboration.state == CorroborationState.REQUESTED.value,
                   AccountLink.expires_at > now, AccountLink.revoked_at.is_(None)))


def _clean_email(errors, value, candidate):
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors["email"] = "Must be text."
        return ""
    email = normalise_email(value)
    if not email:
        errors["email"] = "This field is required."
    elif email_problem(email):
        errors["email"] = email_problem(email)
    elif email == candidate.email:
        errors["email"] = "That is your own address: ask someone who saw the work."
    return email


def clean_request(data, candidate, artifact):
    """{name, email, role} as stored, or a ValidationError naming each bad field. `request`
    carries the limits, which are about the request as a whole."""
    if not isinstance(data, dict):
        raise ValidationError({"request": "Send an object with name, email and role."})
    errors = {}
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        errors["request"] = f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(map(str, unknown))}."
    name = clean_text(errors, "name", data.get("name"), NAME_LIMIT, required=True, single_line=True)
    role = clean_text(errors, "role", data.get("role"), ROLE_LIMIT, required=True, single_line=True)
    email = _clean_email(errors, data.get("email"), candidate)
    if errors:
        raise ValidationError(errors)
    now = utcnow()
    waiting = db.session.scalars(open_requests(artifact.id, now)).all()
    if any(row.email == email for row in waiting):
        errors["email"] = "You already asked this person about this evidence, and the request is open."
    elif len(waiting) >= MAX_OPEN_PER_EVIDENCE:
        errors["request"] = (f"At most {MAX_OPEN_PER_EVIDENCE} requests can be open on one piece of evidence. "
                             "Withdraw one, or wait for an answer.")
    elif db.session.scalar(select(func.count(Corroboration.id)).where(
            Corroboration.requested_by_id == candidate.id,
            Corroboration.created_at > now - timedelta(days=1))) >= MAX_PER_DAY:
        errors["request"] = (f"You asked {MAX_PER_DAY} people in the last 24 hours, the most a day allows. "
                             "Try again tomorrow.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "email": email, "role": role}


def clean_statement(value):
    """The statement as stored (required, bounded), or a ValidationError on `statement`."""
    errors = {}
    text = clean_text(errors, "statement", value, STATEMENT_LIMIT, required=True)
    if not errors and has_bidi_controls(text):
        errors["statement"] = BIDI_MESSAGE
    if errors:
        raise ValidationError(errors)
    return text
