"""Self-assessment pages: fill it in (the person), read the history and what changed since
last time (the person, their management chain, admins)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.access import can_view_person
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.frameworks.targets import targets_of
from tracker.models import User
from tracker.reviews.questions import QUESTIONS, RULE
from tracker.reviews.self_assessment import compare, history, latest, record_self_assessment
from tracker.transaction import transactional

bp = Blueprint("reviews", __name__)


def form_data(form, frameworks):
    """The plain dict `clean_self_assessment` checks, from the form."""
    return {"answers": [{"question": q.slug, "rating": form.get(f"q-{q.slug}", ""),
                         "note": form.get(f"note-{q.slug}", "")} for q in QUESTIONS],
            "ratings": {f.slug: {c.slug: form.get(f"rate-{f.slug}--{c.slug}", "") for c in f.competencies}
                        for f in frameworks}}


def as_values(assessment):
    if assessment is None:
        return {"answers": [], "ratings": {}}
    return {"answers": assessment.answers, "ratings": assessment.ratings}


def _render(values, errors=None):
    answers = {a["question"]: a for a in values.get("answers", [])}
    return render_template("reviews/self_assessment.html", questions=QUESTIONS, rule=RULE, answers=answers,
                           ratings=values.get("ratings", {}), frameworks=targets_of(current_user),
                           errors=errors or {}), 422 if errors else 200


@bp.route("/self-assessment", methods=["GET", "POST"])
@login_required
@transactional
def self_assessment():
    if request.method == "GET":
        return _render(as_values(latest(current_user)))
    data = form_data(request.form, targets_of(current_user))
    try:
        record_self_assessment(current_user, current_user, data)
    except ValidationError as error:
        db.session.rollback()
        return _render(data, error.fields)
    flash("Self-assessment saved. Your readiness page shows it beside your evidence.")
    return redirect(url_for("reviews.self_assessments", user_id=current_user.id))


@bp.get("/people/<int:user_id>/self-assessments")
@login_required
def self_assessments(user_id):
    person = db.session.get(User, user_id)
    if person is None or not can_view_person(current_user, person):
        abort(404)
    items = history(person)
    frameworks = {f.slug: f for f in targets_of(person)}
    changes = compare(items[0], items[1], frameworks) if len(items) > 1 else None
    return render_template("reviews/history.html", person=person, items=items, changes=changes,
                           questions={q.slug: q for q in QUESTIONS}, frameworks=frameworks)
