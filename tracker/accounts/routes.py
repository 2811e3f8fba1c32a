"""Your password (change it, or reset it through a mailed link), your details and the API
tokens you hold. The settings page itself is /settings (tracker.reminders.routes), which
these forms post from."""
import logging

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from tracker.accounts import password_service as passwords
from tracker.accounts.links import LinkRefused, Refusal, without_referrer
from tracker.accounts.profile import revoke_held_token, update_profile
from tracker.auth.service import normalise_email
from tracker.errors import ValidationError
from tracker.extensions import db, limiter
from tracker.mail import outbox
from tracker.reminders.routes import settings_page
from tracker.sso import password_sign_in
from tracker.transaction import on_commit, transactional, unit_of_work

bp = Blueprint("accounts", __name__)
log = logging.getLogger(__name__)

RESET_PER_ADDRESS = "10 per minute; 30 per hour"  # every request from one client address
RESET_PER_EMAIL = "5 per hour"  # every request for one email address: nobody's inbox is flooded
CHANGE_LIMITS = "10 per hour"  # refused changes per person (wrong current passwords among them)


def _reset_email_key():
    return "reset:" + normalise_email(request.form.get("email", ""))[:254]


def _person_key():
    return f"person:{getattr(current_user, 'id', '')}"


def _refused_current(response):
    return response.status_code == 422


@bp.errorhandler(429)
def too_many(error):
    return render_template("accounts/limited.html"), 429


def _password_sign_in_off():
    return render_template("accounts/password_off.html"), 200 if request.method == "GET" else 403


@bp.route("/settings/password", methods=["GET", "POST"])
@login_required
@limiter.limit(CHANGE_LIMITS, key_func=_person_key, methods=["POST"], deduct_when=_refused_current)
@transactional
def change_password():
    if not password_sign_in():
        return _password_sign_in_off()
    if request.method == "GET" or not current_user.has_password:
        return render_template("accounts/change_password.html", errors={})
    try:
        passwords.change_password(current_user, request.form.get("current_password"),
                                  request.form.get("new_password"), request.form.get("new_password_again"))
    except ValidationError as error:
        db.session.rollback()
        return render_template("accounts/change_password.html", errors=error.fields), 422
    login_user(current_user._get_current_object())  # this browser stays, under the new session generation
    flash("Your password is changed. Your other sessions and your API tokens have ended.")
    return redirect(url_for("reminders.settings"))


@bp.post("/settings/profile")
@login_required
@transactional
def profile():
    values = {"name": request.form.get("name", ""), "timezone": request.form.get("timezone", "")}
    try:
        changed = update_profile(current_user, values)
    except ValidationError as error:
        db.session.rollback()
        return settings_page(profile=values, errors=error.fields, status=422)
    flash("Your details are saved." if changed else "Nothing changed.")
    return redirect(url_for("reminders.settings"))


@bp.post("/settings/tokens/<int:token_id>/revoke")
@login_required
@transactional
def revoke_token(token_id):
    revoke_held_token(current_user, token_id)
    flash(f"API token {token_id} is revoked; it no longer works.")
    return redirect(url_for("reminders.settings") + "#tokens")


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(RESET_PER_ADDRESS, methods=["POST"], scope="reset-address")
@limiter.limit(RESET_PER_EMAIL, key_func=_reset_email_key, methods=["POST"], scope="reset-email")
@transactional
def request_reset():
    if not password_sign_in():
        return _password_sign_in_off()
    email = request.form.get("email", "")
    if request.method == "GET":
        return render_template("accounts/reset_request.html", email="", errors={}, sent=False)
    try:
        person = passwords.request_reset(email, actor=current_user if current_user.is_authenticated else None)
    except ValidationError as error:
        db.session.rollback()
        return render_template("accounts/reset_request.html", email=email, errors=error.fields, sent=False), 422
    if person is not None:
        person_id = person.id
        on_commit(lambda: g.setdefault("reset_link_for", person_id))
    return render_template("accounts/reset_request.html", email="", errors={}, sent=True)


@bp.after_request
def mail_link_after_response(response):
    """The reset link is written and mailed once the answer has gone out, so whether
    there was anyone to mail does not show in how long the answer took."""
    person_id = g.pop("reset_link_for", None)
    if person_id is not None:
        app = current_app._get_current_object()
        response.call_on_close(lambda: _mail_link(app, person_id))
    return response


def _mail_link(app, person_id):
    with app.app_context():
        try:
            with unit_of_work():
                mail = passwords.mail_reset_link(person_id)
            if mail is not None:
                outbox.deliver([mail.id])
        except Exception:  # the person sees nothing go wrong; they can ask again
            log.exception("Mailing a password reset link to user %s failed.", person_id)
        finally:
            db.session.remove()


def _refused(refusal):
    status = 404 if refusal is Refusal.INVALID else 410
    return render_template("accounts/reset_refused.html", refusal=refusal), status


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
@transactional
def reset(token):
    if not password_sign_in():
        return _password_sign_in_off()
    try:
        if request.method == "GET":
            person = passwords.reset_link_user(token)
            return without_referrer(render_template("accounts/reset.html", person=person, errors={}))
        passwords.reset_password(token, request.form.get("new_password"), request.form.get("new_password_again"))
    except LinkRefused as refused:
        db.session.rollback()
        return _refused(refused.refusal)
    except ValidationError as error:
        db.session.rollback()
        person = passwords.reset_link_user(token)
        return without_referrer(render_template("accounts/reset.html", person=person, errors=error.fields), 422)
    flash("Your password is set, and every session of yours has ended. Sign in with the new password.")
    return redirect(url_for("auth.login"))
