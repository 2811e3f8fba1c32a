from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.access import can_log_for, can_view_person
from tracker.extensions import db
from tracker.ids import is_row_id
from tracker.models import User
from tracker.readiness.service import readiness_for, readiness_for_many

bp = Blueprint("readiness", __name__)


@bp.get("/readiness", defaults={"user_id": None})
@bp.get("/readiness/<int:user_id>")
@login_required
def matrix(user_id):
    person = current_user if user_id is None else (
        db.session.get(User, user_id) if is_row_id(user_id) else None)
    if person is None or not can_view_person(current_user, person):
        abort(404)
    return render_template("readiness/matrix.html", person=person, readiness=readiness_for(person),
                           may_log_for=can_log_for(current_user, person))


@bp.get("/team")
@login_required
def team():
    """Direct reports x competencies (admins see everyone who has a manager)."""
    query = select(User).where(User.active.is_(True)).options(selectinload(User.framework))
    if current_user.is_admin:
        query = query.where(User.manager_id.is_not(None))
    else:
        query = query.where(User.manager_id == current_user.id)
    people = db.session.scalars(query.order_by(User.name)).all()
    if not people and not current_user.is_admin:
        abort(403)
    results = readiness_for_many(people)
    groups = {}  # one table per framework, in order of first appearance
    for person in people:
        framework = results[person.id].framework
        groups.setdefault(framework.slug, (framework, []))[1].append(person)
    return render_template("readiness/team.html", groups=list(groups.values()), results=results)
