"""Mail pages: the unsubscribe link of every mail (no sign-in: GET asks, POST applies, as
RFC 8058 wants), the admins' view of runs and failures, and each person's settings page:
their choice of mails here, and the forms of tracker.accounts.routes (details, password,
API tokens) beside it."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.access import can_admin_mail
from tracker.accounts.profile import held_tokens, time_zones
from tracker.errors import ValidationError
from tracker.extensions import csrf, db
from tracker.mail import ledger
from tracker.mail.unsubscribe import read_unsubscribe_token
from tracker.models import Delivery, DeliveryState, MailRun, User
from tracker.reminders.kinds import KINDS
from tracker.reminders.preferences import kinds_off, set_kinds_on, turn_off
from tracker.sso import password_sign_in
from tracker.transaction import transactional

bp = Blueprint("reminders", __name__)

RECENT = 50


def _link(token):
    """The person and kind a link names, or a 404 page for a link made elsewhere or changed."""
    found = read_unsubscribe_token(token)
    person = db.session.get(User, found[0]) if found and found[1] in KINDS else None
    if person is None:
        abort(404)
    return person, KINDS[found[1]]


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token):
    person, kind = _link(token)
    return render_template("reminders/unsubscribe.html", kind=kind, person=person, token=token, done=False)


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # mail clients post here with no session (RFC 8058); the signed link is the proof
@transactional
def unsubscribe(token):
    person, kind = _link(token)
    turn_off(person.id, kind.slug)
    return render_template("reminders/unsubscribe.html", kind=kind, person=person, token=token, done=True)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
@transactional
def settings():
    if request.method == "POST":
        try:
            set_kinds_on(current_user, current_user, request.form.getlist("kinds"))
            flash("Your mail settings are saved.")
            return redirect(url_for("reminders.settings"))
        except ValidationError as error:
            db.session.rollback()
            for message in error.fields.values():
                flash(message, "error")
    return settings_page()


def settings_page(profile=None, errors=None, status=200):
    """The one settings page of the signed-in person: their details (as typed, with
    `errors`, when a save was refused), mails, password and API tokens."""
    profile = profile or {"name": current_user.name, "timezone": current_user.timezone}
    return render_template("reminders/settings.html", kinds=KINDS.values(), off=kinds_off(current_user),
                           profile=profile, errors=errors or {}, zones=time_zones(),
                           tokens=held_tokens(current_user), password_sign_in=password_sign_in()), status


@bp.get("/admin/mail")
@login_required
def admin():
    if not can_admin_mail(current_user):
        abort(404)
    runs = db.session.scalars(
        select(MailRun).order_by(MailRun.started_at.desc(), MailRun.id.desc()).limit(RECENT)).all()
    troubled = db.session.execute(
        select(Delivery, User.email).join(User, User.id == Delivery.user_id)
        .where(Delivery.state.in_([DeliveryState.FAILED.value, DeliveryState.RETRY.value]))
        .order_by(Delivery.id.desc()).limit(RECENT)).all()
    recent = db.session.execute(
        select(Delivery, User.email).join(User, User.id == Delivery.user_id)
        .order_by(Delivery.id.desc()).limit(RECENT)).all()
    return render_template("reminders/admin.html", runs=runs, troubled=troubled, recent=recent, kinds=KINDS)


@bp.post("/admin/mail/retry")
@login_required
@transactional
def retry_failed():
    if not can_admin_mail(current_user):
        abort(404)
    count = ledger.retry_failed()
    flash(f"{count} failed mail{'' if count == 1 else 's'} will be tried again on the next run."
          if count else "No failed mail to retry.")
    return redirect(url_for("reminders.admin"))
