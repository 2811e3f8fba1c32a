"""The promotion-packet page of a person: where they stand against a framework, the "not
met, with explanation" texts for competencies below the target level, the manager's
endorsement, and the PDF. The candidate, their management chain and admins open it; a
refused form re-renders the page with its message and what was typed (422)."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker import access
from tracker.errors import ValidationError
from tracker.exports import packet as packets
from tracker.extensions import db
from tracker.frameworks.service import framework_for
from tracker.frameworks.targets import targets_of
from tracker.models import User
from tracker.readiness.service import readiness_against
from tracker.transaction import transactional

bp = Blueprint("packet", __name__)


def _person(user_id):
    person = db.session.get(User, user_id)
    if person is None or not access.can_view_person(current_user, person):
        abort(404)
    return person


def _framework(person):
    """The framework asked for, and a message when it does not exist (then the primary target)."""
    try:
        return packets.packet_framework(person, request.args.get("framework")), None
    except ValidationError:
        return framework_for(person), "That framework does not exist; showing the primary target."


def _render(person, framework, problem=None, errors=None, values=None, status=200):
    """`errors` and `values` are keyed by form: a competency slug, or "endorsement"."""
    readiness = readiness_against(person, [framework])[0]
    top = framework.levels[-1]
    gaps = [d for d in readiness.dimensions if d.level is None or d.level.position < top.position]
    return render_template(
        "exports/packet_page.html", person=person, framework=framework, readiness=readiness, gaps=gaps,
        target=top, targets=targets_of(person), explanations=packets.explanations_of(person, framework),
        endorsement=packets.latest_endorsement(person, framework),
        may_endorse=packets.may_endorse(current_user, person), problem=problem, errors=errors or {},
        values=values or {}, limits={"body": packets.MAX_EXPLANATION, "statement": packets.MAX_STATEMENT}), status


@bp.get("/people/<int:user_id>/packet")
@login_required
def page(user_id):
    person = _person(user_id)
    framework, problem = _framework(person)
    return _render(person, framework, problem)[0]


@bp.get("/people/<int:user_id>/packet.pdf")
@login_required
def download(user_id):
    person = _person(user_id)
    framework, _ = _framework(person)
    return packets.pdf_response(packets.build_packet(current_user, person, framework, date.today()))


def _save(user_id, form, action, success):
    person = _person(user_id)
    framework, _ = _framework(person)
    try:
        action(person, framework)
    except ValidationError as error:
        db.session.rollback()
        return _render(person, framework, errors={form: error.fields}, values={form: dict(request.form)},
                       status=422)
    flash(success)
    return redirect(url_for("packet.page", user_id=person.id, framework=framework.slug) + f"#{form}")


@bp.post("/people/<int:user_id>/packet/explanations")
@login_required
@transactional
def explain(user_id):
    competency = request.form.get("competency", "")
    return _save(user_id, competency, lambda person, framework: packets.save_explanation(
        current_user, person, framework, competency, request.form.get("body", "")), "Explanation saved.")


@bp.post("/people/<int:user_id>/packet/endorsements")
@login_required
@transactional
def endorse(user_id):
    return _save(user_id, "endorsement", lambda person, framework: packets.endorse(
        current_user, person, framework, request.form.get("statement", "")), "Endorsement saved.")
