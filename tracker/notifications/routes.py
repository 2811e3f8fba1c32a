"""A person's notifications, newest first, and marking them all read."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from tracker.notifications import service
from tracker.transaction import transactional

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def index():
    return render_template("notifications/index.html", notifications=service.recent(current_user))


@bp.post("/notifications/read")
@login_required
@transactional
def read():
    service.mark_all_read(current_user)
    flash("All notifications are marked read.")
    return redirect(url_for("notifications.index"))
