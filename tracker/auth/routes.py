from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth.forms import LoginForm
from tracker.auth.limits import sign_in_limited
from tracker.audit.service import AuditAction, record
from tracker.auth.service import authenticate, end_sessions, find_user, normalise_email
from tracker.sso import password_sign_in, refuse_password_sign_in, sso_enabled
from tracker.transaction import transactional

bp = Blueprint("auth", __name__)


def safe_next(target):
    """Only a local path: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@sign_in_limited
@transactional
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data) or url_for("main.dashboard"))
    if request.method == "POST":
        refuse_password_sign_in()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.pop("csrf_token", None)  # a token seen before sign-in is not valid after it
            login_user(user)
            record(AuditAction.SIGN_IN, actor=user, target=user)
            return redirect(safe_next(form.next.data) or url_for("main.dashboard"))
        record_failed_sign_in(form.email.data)
        form.password.errors.append("That email and password do not match an active account.")
    return render_template("auth/login.html", form=form, single_sign_on=sso_enabled(),
                           password_sign_in=password_sign_in())


def record_failed_sign_in(email):
    """A failed attempt, against the account tried when there is one."""
    record(AuditAction.SIGN_IN_FAILED, target=find_user(email),
           target_label=normalise_email(email)[:254])


@bp.route("/logout", methods=["POST"])
@login_required
@transactional
def logout():
    end_sessions(current_user)
    logout_user()
    session.clear()  # drops the CSRF token too; the next form gets a new one
    flash("You are signed out on every device.")
    return redirect(url_for("auth.login"))
