from datetime import date
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.access import can_log_for, can_set_targets, can_view_person, leads_others
from tracker.dates import parse_iso_date
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.frameworks.service import DEFAULT_SLUG, get_framework, list_frameworks
from tracker.frameworks.targets import set_targets, targets_of
from tracker.ids import is_row_id, parse_whole
from tracker.models import User
from tracker.readiness.charts import attachment_name, heatmap, radial_chart
from tracker.readiness.proof_pack import proof_pack_status
from tracker.readiness.service import readiness_against, readiness_for
from tracker.readiness.team import team_page
from tracker.transaction import transactional

bp = Blueprint("readiness", __name__)



def _person(user_id):
    person = current_user if user_id is None else (
        db.session.get(User, user_id) if is_row_id(user_id) else None)
    if person is None or not can_view_person(current_user, person):
        abort(404)
    return person


def _choice():
    """The framework and date asked for, and what was wrong with the asking."""
    framework, problems = None, []
    if request.args.get("framework"):
        framework = get_framework(request.args["framework"])
        if framework is None:
            problems.append("That framework does not exist; showing the primary target.")
    as_of = date.today()
    if request.args.get("as_of"):
        as_of = parse_iso_date(request.args["as_of"]) or as_of
        if as_of == date.today() and request.args["as_of"] != as_of.isoformat():
            problems.append("Give the date as YYYY-MM-DD; showing today.")
    return framework, as_of, problems


def _svg(document, name):
    response = Response(document, mimetype="image/svg+xml")
    if request.args.get("download"):
        fallback = name.encode("ascii", "ignore").decode().lstrip("-") or "chart.svg"
        response.headers["Content-Disposition"] = (  # an ASCII name, and the real one per RFC 6266
            f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}")
    return response


@bp.get("/readiness", defaults={"user_id": None})
@bp.get("/readiness/<int:user_id>")
@login_required
def matrix(user_id):
    """One person against one framework (their primary target unless `?framework=`), as of
    today or `?as_of=`; bad parameters fall back to the defaults with a message."""
    person = _person(user_id)
    framework, as_of, problems = _choice()
    targets = targets_of(person)
    readiness = readiness_for(person, framework, as_of)
    return render_template("readiness/matrix.html", person=person, readiness=readiness, problems=problems,
                           frameworks=list_frameworks(), targets=targets,
                           side_by_side=readiness_against(person, targets, as_of) if len(targets) > 1 else [],
                           may_set_targets=can_set_targets(current_user, person),
                           proof_pack=proof_pack_status(person, readiness.framework, as_of), today=date.today(),
                           # addresses built once, not once a link
                           evidence_url=url_for("artifacts.detail", artifact_id=1)[:-1],
                           evidence_index_url=url_for("artifacts.index"),
                           log_url=url_for("artifacts.new", owner=None if person.id == current_user.id else person.id,
                                           framework=readiness.framework.slug),
                           may_log_for=can_log_for(current_user, person))


@bp.get("/readiness/<int:user_id>/chart.svg")
@login_required
def chart(user_id):
    person = _person(user_id)
    framework, as_of, _ = _choice()
    readiness = readiness_for(person, framework, as_of)
    return _svg(radial_chart(person, readiness), attachment_name(person.name, readiness.framework.slug))


@bp.post("/readiness/<int:user_id>/targets")
@login_required
@transactional
def targets(user_id):
    person = _person(user_id)
    try:
        set_targets(current_user, person, request.form.getlist("frameworks"), request.form.get("primary"))
        flash(f"Targets of {person.name} saved.")
    except ValidationError as error:
        db.session.rollback()
        for message in error.fields.values():
            flash(message, "error")
    return redirect(url_for("readiness.matrix", user_id=person.id))


def _team():
    """The page of the viewer's team asked for: `?framework=` (default the default
    framework), `?sort=` standing, name or a competency slug, `?page=`."""
    if not leads_others(current_user):
        abort(403)
    framework = get_framework(request.args.get("framework") or DEFAULT_SLUG) or get_framework(DEFAULT_SLUG)
    page = parse_whole(request.args.get("page", "1"), maximum=100_000) or 1
    sort = request.args.get("sort") or "standing"
    return team_page(current_user, framework, page, sort), sort


@bp.get("/team")
@login_required
def team():
    """Everyone the viewer leads against one framework."""
    team, sort = _team()
    return render_template("readiness/team.html", team=team, frameworks=list_frameworks(), sort=sort)


@bp.get("/team.svg")
@login_required
def team_chart():
    team, _ = _team()
    return _svg(heatmap(team), attachment_name("team", team.framework.slug, f"page-{team.page}"))
