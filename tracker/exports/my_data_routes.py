"""My data on the web: a page that says what the zip holds, and the download itself."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from tracker.exports.my_data import download

bp = Blueprint("my_data", __name__)


@bp.get("/my-data")
@login_required
def page():
    return render_template("exports/my_data.html")


@bp.get("/my-data.zip")
@login_required
def archive():
    return download(current_user)
