"""The admins' page of the audit trail: newest first, a page at a time, filtered by action
and by person (the email an event's actor or target had). Anyone else gets a 404."""
from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from tracker.access import can_read_audit
from tracker.audit.service import AuditAction
from tracker.auth.service import normalise_email
from tracker.extensions import db
from tracker.ids import parse_whole
from tracker.models import AuditEvent

bp = Blueprint("audit", __name__)

PER_PAGE = 50
MAX_PAGE = 10_000  # OFFSET grows with the page; beyond this, narrow the filters instead


def _word(value):
    if value is True or value is False:
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(str(_word(item)) for item in value)
    return value


def describe(detail):
    """An event's detail in words: `field: before → after` for changes, else `key: value`."""
    if not isinstance(detail, dict) or not detail:
        return ""
    before, after = detail.get("before"), detail.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        return "; ".join(f"{key}: {_word(before.get(key))} → {_word(after.get(key))}"
                         for key in sorted(set(before) | set(after)))
    return "; ".join(f"{key}: {_word(value)}" for key, value in sorted(detail.items()))


@bp.get("/admin/audit")
@login_required
def index():
    if not can_read_audit(current_user):
        abort(404)
    errors = {}
    action = request.args.get("action", "")
    if action and action not in AuditAction._value2member_map_:
        errors["action"] = "Choose an action from the list."
    person = normalise_email(request.args.get("person", ""))[:254]
    page = parse_whole(request.args.get("page", "1"), maximum=MAX_PAGE) or 1
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action and not errors:
        query = query.where(AuditEvent.action == action)
    if person:
        query = query.where(or_(AuditEvent.actor_label == person, AuditEvent.target_label == person))
    rows = [] if errors else db.session.scalars(
        query.offset((page - 1) * PER_PAGE).limit(PER_PAGE + 1)).all()
    return render_template("audit/index.html", events=rows[:PER_PAGE], more=len(rows) > PER_PAGE, page=page,
                           action=action, person=person, errors=errors, actions=list(AuditAction),
                           labels={choice.value: choice.label for choice in AuditAction},
                           describe=describe), 422 if errors else 200
