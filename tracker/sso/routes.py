"""The two single-sign-on pages: the start, which sends the person to the provider, and the
callback the provider sends them back to. Both answer 404 while single sign-on is off.
Every refusal is recorded and shown as a page that says why."""
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user

from tracker.audit.service import AuditAction, record
from tracker.auth.routes import safe_next
from tracker.sso import client, sso_enabled
from tracker.sso.linking import account_for
from tracker.sso.refusals import SignInRefused
from tracker.transaction import transactional

bp = Blueprint("sso", __name__)
NEXT = "sso_next"


@bp.before_request
def only_when_configured():
    if not sso_enabled():
        abort(404)


def callback_url():
    """What to register at the provider as the redirect URI."""
    return current_app.config["BASE_URL"] + url_for("sso.callback")


@bp.get("/login/sso")
@transactional
def start():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("main.dashboard"))
    session[NEXT] = safe_next(request.args.get("next")) or ""
    try:
        return client.redirect_to_provider(callback_url())
    except SignInRefused as refusal:
        return refused(refusal)


@bp.get("/login/sso/callback")
@transactional
def callback():
    try:
        user, linked = account_for(client.identity_from_callback())
    except SignInRefused as refusal:
        return refused(refusal)
    target = safe_next(session.pop(NEXT, None))
    session.pop("csrf_token", None)  # a token seen before sign-in is not valid after it
    login_user(user)
    record(AuditAction.SIGN_IN_SSO, actor=user, target=user, detail={"linked": True} if linked else None)
    return redirect(target or url_for("main.dashboard"))


def refused(refusal):
    """The page for a refused attempt; the refusal is recorded (and committed: nothing else
    of the attempt was written)."""
    if refusal.refusal.status >= 500:
        current_app.logger.warning("Single sign-on: the provider failed: %s", refusal.problem)
    record(AuditAction.SIGN_IN_SSO_REFUSED, target=refusal.user,
           target_label=None if refusal.user else refusal.email, detail=refusal.detail)
    return render_template("sso/refused.html", message=refusal.message), refusal.refusal.status
