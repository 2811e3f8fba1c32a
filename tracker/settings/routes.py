"""The admins' page of deployment settings. Anyone else gets a 404, as for the mail page."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.access import can_admin_settings
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.settings.service import COMPANY_NAME_LIMIT, company_name, set_company_name
from tracker.transaction import transactional

bp = Blueprint("settings", __name__)


@bp.route("/admin/settings", methods=["GET", "POST"])
@login_required
@transactional
def admin():
    if not can_admin_settings(current_user):
        abort(404)
    if request.method == "GET":
        return _page(company_name(), {})
    value = request.form.get("company_name", "")
    try:
        set_company_name(current_user, value)
    except ValidationError as error:
        db.session.rollback()
        return _page(value, error.fields), 422
    flash("The settings are saved.")
    return redirect(url_for("settings.admin"))


def _page(value, errors):
    return render_template("settings/admin.html", company_name=value, errors=errors, limit=COMPANY_NAME_LIMIT)
