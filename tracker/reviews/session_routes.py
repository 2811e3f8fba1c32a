"""Review session pages: the list (yours, or one candidate's), scheduling, and the session
page where the agenda, inline decisions, agreed levels, action items, topics and notes meet.
Each form posts to its own route; a refused form re-renders the page with its messages and
what was typed."""
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import literal, or_, select

from tracker import access
from tracker.artifacts.versions import StaleVersion, parse_version
from tracker.errors import Conflict, ValidationError
from tracker.extensions import db
from tracker.frameworks.targets import targets_of
from tracker.models import ReviewSession, User
from tracker.reviews import contributions, sessions
from tracker.reviews.agenda import build_agenda
from tracker.reviews.agreed import agreed_in
from tracker.reviews.notes import visible_notes
from tracker.reviews.validation import zone_of
from tracker.transaction import transactional

bp = Blueprint("review_sessions", __name__)


def _version():
    return parse_version(request.form.get("version"), of="the session")


def _schedule_data(form):
    """The form's date and time fields, read in the scheduler's time zone."""
    when = f"{form.get('date', '').strip()}T{form.get('time', '').strip()}" if form.get("date") else ""
    return {"starts_at": when, "duration_minutes": form.get("duration_minutes", ""),
            "location": form.get("location", "")}


def _sessions_of(viewer, candidate=None):
    query = select(ReviewSession)
    if candidate is not None:
        query = query.where(ReviewSession.candidate_id == candidate.id)
    else:  # as the candidate, or on the manager's side (see access.is_manager_side)
        reports = select(User.id).where(User.manager_id == viewer.id)
        query = query.where(or_(ReviewSession.candidate_id == viewer.id, ReviewSession.candidate_id.in_(reports),
                                (ReviewSession.manager_id == viewer.id) & literal(viewer.is_admin)))
    return db.session.scalars(query.order_by(ReviewSession.starts_at.desc(), ReviewSession.id.desc())
                              .limit(sessions.HISTORY)).all()


def _schedulable(viewer):
    return [person for person in viewer.reports if access.can_schedule_review(viewer, person)]


def _render_list(candidate=None, errors=None, values=None, status=200):
    people = [candidate] if candidate is not None and access.can_schedule_review(current_user, candidate) \
        else ([] if candidate is not None else _schedulable(current_user))
    return render_template("reviews/sessions.html", candidate=candidate, items=_sessions_of(current_user, candidate),
                           people=people, errors=errors or {}, values=values or {},
                           zone=zone_of(current_user)), status


@bp.get("/reviews")
@login_required
def index():
    return _render_list()[0]


@bp.get("/people/<int:user_id>/reviews")
@login_required
def of_person(user_id):
    person = db.session.get(User, user_id)
    if person is None or not access.can_view_person(current_user, person):
        abort(404)
    return _render_list(person)[0]


@bp.post("/reviews")
@login_required
@transactional
def schedule():
    candidate = db.session.get(User, int(request.form["candidate"])) if request.form.get(
        "candidate", "").isdigit() and len(request.form["candidate"]) < 10 else None
    if candidate is not None and not access.can_view_person(current_user, candidate):
        candidate = None
    data = _schedule_data(request.form)
    try:
        review = sessions.schedule_review(current_user, candidate, data, zone=zone_of(current_user))
    except ValidationError as error:
        db.session.rollback()
        back = candidate if request.form.get("back") == "person" else None
        return _render_list(back, error.fields, dict(request.form), 422)
    flash(f"Session scheduled. {review.candidate.name} and you have an invitation in your mail.")
    return redirect(url_for("review_sessions.show", review_id=review.id))


def render_session(review, errors=None, values=None, status=200, problem=None):
    """The session page. `errors` and `values` are keyed by form ("note", "levels", ...)."""
    built = build_agenda(review) if review.is_open else None
    agenda = built.to_dict() if built else review.frozen_agenda
    frameworks = targets_of(review.candidate)
    framework = next((f for f in frameworks if f.slug == request.values.get("framework")), frameworks[0])
    agreed = {}
    for row in agreed_in(review):
        agreed.setdefault(row.framework, {})[row.competency] = row
    readiness = next((r for r in built.readiness if r.framework.slug == framework.slug), None) if built else None
    evidence = {d.competency.slug: d for d in readiness.dimensions} if readiness else {}
    names = {(f.slug, c.slug): f"{f.name}: {c.name}" for f in frameworks for c in f.competencies}
    level_names = {(f.slug, level.slug): level.name for f in frameworks for level in f.levels}
    zone = zone_of(current_user)
    since = datetime.fromisoformat(agenda["since"]).astimezone(zone) if agenda.get("since") else None
    return render_template(
        "reviews/session.html", review=review, agenda=agenda, since=since, notes=visible_notes(review, current_user),
        actions=contributions.action_items_of(review), decisions=contributions.decisions_in(review),
        agreed=agreed, frameworks=frameworks, framework=framework, evidence=evidence, names=names,
        level_names=level_names, may_run=access.can_run_review(current_user, review),
        may_take_part=access.can_take_part(current_user, review), sides=contributions.sides_of(review),
        zone=zone, errors=errors or {}, values=values or {}, problem=problem), status


@bp.get("/reviews/<int:review_id>")
@login_required
def show(review_id):
    return render_session(sessions.load_review(current_user, review_id))[0]


def _act(review_id, form, action, success):
    """Run one change from the session page as one transaction: redirect back on success,
    re-render with the messages (422) or the conflict (409) otherwise."""
    review = sessions.load_review(current_user, review_id)
    try:
        action(review)
    except ValidationError as error:
        db.session.rollback()
        return render_session(sessions.load_review(current_user, review_id), {form: error.fields},
                              {form: dict(request.form)}, 422)
    except (StaleVersion, Conflict) as error:
        db.session.rollback()
        return render_session(sessions.load_review(current_user, review_id), values={form: dict(request.form)},
                              status=409, problem=error.message)
    if success:
        flash(success)
    return redirect(url_for("review_sessions.show", review_id=review_id, framework=request.form.get("framework"))
                    + (f"#{form}" if form else ""))


@bp.post("/reviews/<int:review_id>/topics")
@login_required
@transactional
def add_topic(review_id):
    return _act(review_id, "topic", lambda r: contributions.add_topic(current_user, r, {
        "text": request.form.get("text", "")}), "Topic added.")


@bp.post("/reviews/<int:review_id>/notes")
@login_required
@transactional
def add_note(review_id):
    return _act(review_id, "note", lambda r: contributions.add_note(current_user, r, {
        "body": request.form.get("body", ""), "private": request.form.get("private") == "on"}), "Note saved.")


@bp.post("/reviews/<int:review_id>/action-items")
@login_required
@transactional
def add_action_item(review_id):
    return _act(review_id, "action", lambda r: contributions.add_action_item(current_user, r, {
        "title": request.form.get("title", ""), "owner": request.form.get("owner", ""),
        "due": request.form.get("due", "")}), "Action item added.")


@bp.post("/reviews/action-items/<int:item_id>/done")
@login_required
@transactional
def action_done(item_id):
    item = contributions.load_action_item(current_user, item_id)
    contributions.set_action_done(current_user, item, request.form.get("done") == "1")
    back = request.form.get("back")
    return redirect(url_for("review_sessions.show", review_id=int(back)) if back and back.isdigit() and len(back) < 10
                    else url_for("review_sessions.show", review_id=item.session_id))


@bp.post("/reviews/<int:review_id>/agreed-levels")
@login_required
@transactional
def agreed_levels(review_id):
    def record(review):
        slug = request.form.get("framework", "")
        framework = next((f for f in targets_of(review.candidate) if f.slug == slug), None)
        levels = [{"competency": c.slug, "level": request.form.get(f"level-{c.slug}"),
                   "rationale": request.form.get(f"rationale-{c.slug}", "")}
                  for c in (framework.competencies if framework else []) if request.form.get(f"level-{c.slug}")]
        contributions.set_agreed_levels(current_user, review, {"framework": slug, "levels": levels}, _version())
    return _act(review_id, "levels", record, "Agreed levels saved.")


@bp.post("/reviews/<int:review_id>/decide")
@login_required
@transactional
def decide(review_id):
    return _act(review_id, "decide", lambda r: contributions.decide_in_session(
        current_user, r, request.form.get("artifact"), request.form.get("decision"), request.form.get("comment", ""),
        based_on=parse_version(request.form.get("artifact_version"))), "Decision recorded.")


@bp.post("/reviews/<int:review_id>/reschedule")
@login_required
@transactional
def reschedule(review_id):
    return _act(review_id, "schedule", lambda r: sessions.reschedule_review(
        current_user, r, _schedule_data(request.form), _version(), zone=zone_of(current_user)),
        "Session moved; both of you have the update in your mail.")


@bp.post("/reviews/<int:review_id>/cancel")
@login_required
@transactional
def cancel(review_id):
    return _act(review_id, "", lambda r: sessions.cancel_review(current_user, r, _version()),
                "Session cancelled; both of you have the cancellation in your mail.")


@bp.post("/reviews/<int:review_id>/close")
@login_required
@transactional
def close(review_id):
    return _act(review_id, "", lambda r: sessions.close_review(current_user, r, _version()),
                "Session closed; both of you have the summary in your mail.")
