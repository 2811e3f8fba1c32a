from flask import Blueprint, render_template
from flask_login import current_user, login_required

from tracker.artifacts.queue import count_awaiting
from tracker.artifacts.listing import list_artifacts
from tracker.readiness.service import readiness_for

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def dashboard():
    listed = list_artifacts(current_user, owner=current_user, per_page=8)
    recent, total = listed.items, listed.total
    return render_template("main/dashboard.html", readiness=readiness_for(current_user),
                           recent=recent, total=total, queue_size=count_awaiting(current_user))
