"""The candidate's side (ask a stakeholder, withdraw a request: forms on the evidence page)
and the stakeholder's page, which needs no account: its link is the key, and it shows that
one piece of evidence's title and summary and nothing else (no navigation, no other data)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.access import can_manage_corroboration
from tracker.accounts.links import LinkRefused, Refusal
from tracker.artifacts.service import load_artifact
from tracker.corroboration import service
from tracker.corroboration.validation import FIELDS, NAME_LIMIT, ROLE_LIMIT, STATEMENT_LIMIT
from tracker.errors import Conflict, ValidationError
from tracker.extensions import db
from tracker.transaction import transactional

bp = Blueprint("corroboration", __name__)
LIMITS = {"name": NAME_LIMIT, "role": ROLE_LIMIT, "statement": STATEMENT_LIMIT}
# A link nobody made is not found; one that was real but no longer works is gone.
REFUSAL_STATUS = {Refusal.INVALID: 404, Refusal.EXPIRED: 410, Refusal.USED: 410, Refusal.REVOKED: 410}


@bp.app_context_processor
def _helpers():
    return {"corroboration_of": section_of}


def section_of(artifact):
    """What the evidence page's Corroboration section shows the signed-in person."""
    rows = service.visible_requests(current_user, artifact)
    owner = can_manage_corroboration(current_user, artifact)
    given = sorted((r for r in rows if r.state == service.GIVEN), key=lambda r: (r.answered_at, r.id))
    return {"statements": given, "requests": rows if owner else [], "owner": owner,
            "may_ask": owner and artifact.deleted_at is None, "state_of": service.shown_state, "limits": LIMITS}


def _back(artifact_id):
    return redirect(url_for("artifacts.detail", artifact_id=artifact_id, _anchor="corroboration"))


@bp.post("/artifacts/<int:artifact_id>/corroborations")
@login_required
@transactional
def ask(artifact_id):
    artifact = load_artifact(current_user, artifact_id)
    values = {name: request.form.get(name, "") for name in FIELDS}
    try:
        row = service.request_corroboration(current_user, artifact, values)
    except ValidationError as error:
        db.session.rollback()
        return render_template("corroboration/ask.html", artifact=artifact, values=values, errors=error.fields,
                               limits=LIMITS), 422
    flash(f"Asked {row.name} for a statement. The mail goes out now; its link works for two weeks.")
    return _back(artifact_id)


@bp.post("/corroborations/<int:corroboration_id>/withdraw")
@login_required
@transactional
def withdraw(corroboration_id):
    row = service.load_corroboration(current_user, corroboration_id)
    artifact_id, name = row.artifact_id, row.name
    try:
        service.withdraw(current_user, row)
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(artifact_id)
    flash(f"Withdrew the request to {name}. Its link no longer works.")
    return _back(artifact_id)


def _refused(refusal):
    return render_template("corroboration/refused.html", message=refusal.value), REFUSAL_STATUS[refusal]


def _stakeholder_page(row, token, statement="", errors=None):
    return render_template("corroboration/stakeholder.html", row=row, token=token, statement=statement,
                           errors=errors or {}, limit=STATEMENT_LIMIT), 422 if errors else 200


@bp.get("/corroborate")
def stakeholder():
    token = request.args.get("token", "")
    try:
        row = service.open_request(token)
    except LinkRefused as refused:
        return _refused(refused.refusal)
    return _stakeholder_page(row, token)


@bp.post("/corroborate")
@transactional
def give():
    token, statement = request.form.get("token", ""), request.form.get("statement", "")
    try:
        row = service.give_statement(token, statement)
    except LinkRefused as refused:
        db.session.rollback()
        return _refused(refused.refusal)
    except ValidationError as error:
        db.session.rollback()
        try:
            return _stakeholder_page(service.open_request(token), token, statement, error.fields)
        except LinkRefused as refused:
            return _refused(refused.refusal)
    return render_template("corroboration/thanks.html", row=row)
