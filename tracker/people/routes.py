"""People pages: the list, adding, editing, deactivating and inviting people, the CSV import,
and the invitation link's page (no sign-in needed)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user

from tracker import access
from tracker.accounts.links import LinkRefused, Refusal, without_referrer
from tracker.errors import Forbidden, ValidationError
from tracker.extensions import db
from tracker.frameworks.service import DEFAULT_SLUG, framework_for, get_framework, list_frameworks
from tracker.frameworks.targets import targets_of
from tracker.ids import parse_whole
from tracker.models import User
from tracker.people import csv_import, invitations, listing, service
from tracker.people.validation import from_form
from tracker.sso import password_sign_in
from tracker.transaction import transactional

bp = Blueprint("people", __name__)


def _admin_pages():
    if not access.can_admin_people(current_user):
        abort(403)


def _person(user_id):
    """The person to act on: 404 when the viewer may not see them, 403 when they may see
    but not manage them."""
    person = db.session.get(User, user_id)
    if person is None or not access.can_view_person(current_user, person):
        abort(404)
    if not access.can_manage_person(current_user, person):
        abort(403)
    return person


@bp.get("/people")
@login_required
def index():
    _admin_pages()
    q = request.args.get("q", "")
    page = parse_whole(request.args.get("page", "1"), maximum=listing.MAX_PAGE) or 1
    results = listing.search_people(current_user, q, page)
    return render_template("people/list.html", results=results, q=q, states=invitations.states_of(results.items),
                           frameworks={f.id: f.name for f in list_frameworks()},
                           default_framework=f"{get_framework(DEFAULT_SLUG).name} (default)")


def _form_page(template, status=200, **context):
    return render_template(f"people/{template}.html", frameworks=list_frameworks(), **context), status


@bp.route("/people/new", methods=["GET", "POST"])
@login_required
@transactional
def new():
    _admin_pages()
    if request.method == "GET":
        manager = "" if current_user.is_admin else current_user.email
        return _form_page("new", values={"manager": manager}, errors={})
    data = from_form(request.form, creating=True, may_admin=current_user.is_admin)
    try:
        person = service.create_person(current_user, data)
    except ValidationError as error:
        db.session.rollback()
        return _form_page("new", 422, values=request.form, errors=error.fields)
    flash(f"Added {person.name} and sent them an invitation.")
    return redirect(url_for("people.index", q=person.email))


def _values_of(person):
    targets = targets_of(person)
    return {"name": person.name, "email": person.email, "manager": person.manager.email if person.manager else "",
            "primary": targets[0].slug, "frameworks": [f.slug for f in targets], "admin": person.is_admin,
            "seen": service.fingerprint(person)}


def _typed(form):
    return {**form.to_dict(), "frameworks": form.getlist("frameworks"), "admin": form.get("admin") == "on"}


def _edit_page(person, values, status=200, errors=None, stale=False):
    state = invitations.states_of([person])[person.id]
    return _form_page("edit", status, person=person, values=values, errors=errors or {}, stale=stale, state=state,
                      primary=framework_for(person), may_admin=current_user.is_admin,
                      may_change_admin=access.can_change_admin_flag(current_user, person),
                      may_deactivate=access.can_deactivate(current_user, person))


@bp.route("/people/<int:user_id>/edit", methods=["GET", "POST"])
@login_required
@transactional
def edit(user_id):
    person = _person(user_id)
    if request.method == "GET":
        return _edit_page(person, _values_of(person))
    data = from_form(request.form, creating=False, may_admin=access.can_change_admin_flag(current_user, person))
    try:
        service.update_person(current_user, person, data, seen=request.form.get("seen") or None)
    except service.StalePerson:
        db.session.rollback()
        db.session.refresh(person)
        return _edit_page(person, {**_typed(request.form), "seen": service.fingerprint(person)}, 409, stale=True)
    except ValidationError as error:
        db.session.rollback()
        return _edit_page(person, _typed(request.form), 422, errors=error.fields)
    flash(f"Saved {person.name}’s details.")
    return redirect(url_for("people.edit", user_id=person.id))


def _act(user_id, action, message):
    person = _person(user_id)
    action(current_user, person)
    flash(message.format(name=person.name))
    return redirect(url_for("people.edit", user_id=person.id))


@bp.post("/people/<int:user_id>/deactivate")
@login_required
@transactional
def deactivate(user_id):
    return _act(user_id, service.deactivate, "{name} is deactivated: signed out everywhere, API tokens revoked.")


@bp.post("/people/<int:user_id>/reactivate")
@login_required
@transactional
def reactivate(user_id):
    return _act(user_id, service.reactivate, "{name} is active again.")


@bp.post("/people/<int:user_id>/invitation")
@login_required
@transactional
def invite(user_id):
    return _act(user_id, invitations.invite, "Sent {name} a new invitation; earlier links no longer work.")


@bp.post("/people/<int:user_id>/invitation/revoke")
@login_required
@transactional
def revoke_invitation(user_id):
    return _act(user_id, invitations.revoke, "Withdrew {name}’s invitation.")


@bp.route("/people/import", methods=["GET", "POST"])
@login_required
@transactional
def import_csv():
    _admin_pages()
    if request.method == "GET":
        return _form_page("import", errors={}, rows=None)
    upload = request.files.get("file")
    try:
        rows = csv_import.import_people(current_user, upload.read() if upload else b"")
    except ValidationError as error:
        db.session.rollback()
        return _form_page("import", 422, errors=error.fields, rows=None)
    return _form_page("import", errors={}, rows=rows, describe=csv_import.describe)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@transactional
def accept(token):
    """The invitation link: GET shows the form, POST sets name and password and signs in."""
    try:
        person = invitations.invited_person(token)
        if request.method == "GET":
            return without_referrer(render_template("people/accept.html", token=token, person=person,
                                                values={"name": person.name}, errors={},
                                                password_sign_in=password_sign_in()))
        form = request.form
        person = invitations.accept(token, form.get("name", ""), form.get("password", ""), form.get("repeat", ""))
    except LinkRefused as refused:
        db.session.rollback()
        status = 404 if refused.refusal is Refusal.INVALID else 410
        return without_referrer(render_template("people/refused.html", message=refused.refusal.value), status)
    except Forbidden as refused:  # password sign-in is off: single sign-on accepts the invitation
        db.session.rollback()
        return without_referrer(render_template("people/refused.html", message=refused.message), 403)
    except ValidationError as error:
        db.session.rollback()
        return without_referrer(render_template("people/accept.html", token=token, person=person,
                                            values={"name": request.form.get("name", "")}, errors=error.fields,
                                            password_sign_in=True), 422)
    session.pop("csrf_token", None)  # a token seen before sign-in is not valid after it
    login_user(person)
    flash(f"Welcome, {person.name}. Your password is set and you are signed in.")
    return redirect(url_for("main.dashboard"))
