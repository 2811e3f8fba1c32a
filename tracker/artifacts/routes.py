from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from tracker.access import (can_delete_artifact, can_edit_artifact, can_log_for, can_restore_artifact,
                            can_verify_artifact, can_view_artifact, leads_others, visible_person_by_email)
from tracker.artifacts import attachments, listing, queue, service
from tracker.artifacts.coach import review_artifact, review_values
from tracker.artifacts.consequences import withdrawal_warning
from tracker.artifacts.forms import (FORM_METRIC_ROWS, artifact_as_form, artifact_form_data, claim_field,
                                    sections_by_type)
from tracker.artifacts.quick import claim_choices, log_quick_note, quick_note_data, suggested_date
from tracker.artifacts.versions import StaleVersion, changes_since, parse_version
from tracker.dates import parse_iso_date
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.frameworks.targets import claimable_frameworks
from tracker.ids import is_row_id, parse_whole
from tracker.models import ARTIFACT_TYPES, STATES, User
from tracker.transaction import transactional

bp = Blueprint("artifacts", __name__, url_prefix="/artifacts")
PER_PAGE = 25
LIST_ARGUMENTS = ("q", "person", "type", "state", "competency", "needs_work", "from", "to")


def _render_form(owner, values, errors=None, artifact=None, stale=None, coach=None, more=False):
    """The evidence form; after a POST it keeps every type's sections as they were typed."""
    frameworks = claimable_frameworks(owner, artifact)
    primary = next(iter(frameworks))
    claimed = {claim_field(frameworks.get(c.get("framework") or primary) or frameworks[primary],
                           c.get("competency"), primary): c.get("level") for c in values.get("claims", [])}
    rows = max(FORM_METRIC_ROWS, len(values.get("metrics", [])) + 1)
    status = 409 if stale else 422 if errors else 200
    warning = withdrawal_warning(artifact, current_user) if artifact is not None else None
    return render_template("artifacts/form.html", owner=owner, frameworks=frameworks, primary=primary,
                           claimed=claimed, claim_field=claim_field, values=values, errors=errors or {},
                           artifact=artifact, metric_rows=rows, stale=stale, coach=coach, more=more,
                           warning=warning,
                           sections=sections_by_type(request.form) if request.method == "POST" else {}), status


def _upload():
    """(filename, bytes) of the form's file, or ("", b"") when none was chosen."""
    upload = request.files.get("file")
    return (upload.filename, upload.read()) if upload and upload.filename else ("", b"")


def _form_version(field="version"):
    """The version the submitted form was based on (None for a form without one)."""
    try:
        return parse_version(request.form.get(field))
    except ValidationError:
        abort(400, "The form's version field is not a version number. Reload the page and try again.")


def _stale_info(artifact, error):
    """What a person needs to see after a stale change: who changed what since their version.
    The newer version may have been made private or trashed, so access is asked again."""
    db.session.rollback()
    db.session.refresh(artifact)
    if not can_view_artifact(current_user, artifact):
        abort(404)
    events, fields = changes_since(artifact, error.based_on)
    return {"events": events, "fields": fields, "based_on": error.based_on, "current": artifact.version}


def _render_detail(artifact, status=200, stale=None, comment=""):
    return render_template(
        "artifacts/detail.html", artifact=artifact,
        can_edit=can_edit_artifact(current_user, artifact),
        can_delete=can_delete_artifact(current_user, artifact),
        can_verify=can_verify_artifact(current_user, artifact),
        can_restore=artifact.deleted_at is not None and can_restore_artifact(current_user, artifact),
        stale=stale, comment=comment, coach_report=review_artifact(artifact),
        file_warning=withdrawal_warning(artifact, current_user, "Attaching or removing a file")
        if can_edit_artifact(current_user, artifact) else None), status


def _page_arg():
    return parse_whole(request.args.get("page", "1"), maximum=1_000_000) or 1


def _list_scope():
    """Whose evidence the list shows: (owner or None for all the viewer may see, the `person`
    argument). Leaders choose; everyone else sees their own."""
    person = (request.args.get("person") or "").strip()[:254]
    if not person or not leads_others(current_user):
        return current_user, ""
    if person == "all":
        return None, person
    return _visible_person(person) or abort(404), person


@bp.get("/")
@login_required
def index():
    args = request.args
    owner, person = _list_scope()
    filters = {"owner": owner,
               "type_": args.get("type") if args.get("type") in ARTIFACT_TYPES else None,
               "state": args.get("state") if args.get("state") in STATES else None,
               "competency": (args.get("competency") or "").strip()[:64] or None,
               "needs_work": args.get("needs_work") == "1",
               "since": parse_iso_date(args.get("from") or ""), "until": parse_iso_date(args.get("to") or "")}
    q = (args.get("q") or "").strip()[:200] or None
    if q:
        page = _page_arg()
        results = listing.search_artifacts(current_user, q=q, page=page, per_page=PER_PAGE, **filters)
        pages = max(1, -(-results.total // PER_PAGE))
        if page > pages:  # past the end (an old link, a hand-typed number): the last page
            kept = {key: args[key] for key in LIST_ARGUMENTS if args.get(key)}
            return redirect(url_for("artifacts.index", page=pages, **kept))
    else:
        page = pages = None
        results = listing.list_artifacts(current_user, after=listing.parse_cursor(args.get("after")),
                                         per_page=PER_PAGE, count=owner is not None, **filters)
    return render_template("artifacts/list.html", results=results, q=q, page=page, pages=pages, person=person,
                           owner=owner, filters=filters, reports=queue.direct_reports(current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
@transactional
def new():
    owner = current_user
    owner_id = request.values.get("owner", "")
    if owner_id:
        owner = db.session.get(User, int(owner_id)) if is_row_id(owner_id) else None
        if owner is None or not can_log_for(current_user, owner):
            abort(404)
    if request.method == "GET":
        values = {"occurred_on": date.today().isoformat(), "visibility": "manager"}
        if request.args.get("type") in ARTIFACT_TYPES:  # e.g. an impact note, from the monthly reminder
            values["type"] = request.args["type"]
        claim = {key: request.args.get(key) for key in ("framework", "competency", "level")}
        if claim["competency"] and claim["level"]:  # "Log evidence for this" from the matrix
            values["claims"] = [claim]
        return _render_form(owner, values)
    data = artifact_form_data(request.form, claimable_frameworks(owner))
    if request.form.get("action") == "more":  # more rows, or the fields of a newly chosen type
        return _render_form(owner, data, coach=review_values(data), more=True)
    try:
        artifact = service.create_artifact(current_user, owner, data,
                                           submit=request.form.get("action") != "draft")
        filename, content = _upload()
        if filename:
            attachments.add_attachment(current_user, artifact, filename, content)
    except ValidationError as error:
        db.session.rollback()
        return _render_form(owner, data, error.fields, coach=review_values(data))
    flash("Evidence saved." if artifact.state == "draft" else "Evidence submitted for verification.")
    return redirect(url_for("artifacts.detail", artifact_id=artifact.id))


@bp.get("/<int:artifact_id>")
@login_required
def detail(artifact_id):
    return _render_detail(service.load_artifact(current_user, artifact_id))


@bp.route("/<int:artifact_id>/edit", methods=["GET", "POST"])
@login_required
@transactional
def edit(artifact_id):
    artifact = service.load_artifact(current_user, artifact_id)
    if not can_edit_artifact(current_user, artifact):
        abort(403)
    if request.method == "GET":
        return _render_form(artifact.owner, artifact_as_form(artifact), artifact=artifact,
                            coach=review_artifact(artifact))
    data = artifact_form_data(request.form, claimable_frameworks(artifact.owner, artifact))
    if request.form.get("action") == "more":
        data["version"] = request.form.get("version")
        return _render_form(artifact.owner, data, artifact=artifact, coach=review_values(data), more=True)
    if data.get("type") != artifact.type and artifact.details and request.form.get("drop_sections") != "1":
        data["version"] = request.form.get("version")
        return _render_form(artifact.owner, data, {"details": (
            f"A {artifact.type_label.lower()} keeps its sections only while it is one. Change the type back, "
            "or tick “Drop them” to save without them.")}, artifact=artifact, coach=review_values(data))
    try:
        was_verified = artifact.state == "verified"
        service.update_artifact(current_user, artifact, data, based_on=_form_version())
        filename, content = _upload()
        if filename:
            attachments.add_attachment(current_user, artifact, filename, content)
    except ValidationError as error:
        db.session.rollback()
        data["version"] = request.form.get("version")
        return _render_form(artifact.owner, data, error.fields, artifact=artifact, coach=review_values(data))
    except StaleVersion as error:
        stale = _stale_info(artifact, error)
        if not can_edit_artifact(current_user, artifact):
            abort(403)
        data["version"] = artifact.version  # saving again now deliberately replaces the newer version
        return _render_form(artifact.owner, data, artifact=artifact, stale=stale)
    if was_verified and artifact.state == "submitted":
        flash("Saved. The verified content changed, so it awaits verification again.")
    else:
        flash("Saved.")
    return redirect(url_for("artifacts.detail", artifact_id=artifact.id))


@bp.post("/<int:artifact_id>/submit")
@login_required
@transactional
def submit(artifact_id):
    artifact = service.load_artifact(current_user, artifact_id)
    try:
        service.submit_artifact(current_user, artifact, based_on=_form_version())
    except StaleVersion as error:
        return _render_detail(artifact, 409, _stale_info(artifact, error))
    flash("Submitted for verification.")
    return redirect(url_for("artifacts.detail", artifact_id=artifact_id))


@bp.post("/<int:artifact_id>/verification")
@login_required
@transactional
def verification(artifact_id):
    artifact = service.load_artifact(current_user, artifact_id)
    from_queue = request.form.get("back") == "queue"
    back = _queue_url() if from_queue else url_for("artifacts.detail", artifact_id=artifact_id)
    comment = request.form.get("comment", "")
    try:
        service.decide(current_user, artifact, request.form.get("decision"), comment, based_on=_form_version(),
                       version_required=True)
    except StaleVersion as error:
        return _render_detail(artifact, 409, _stale_info(artifact, error), comment=comment)
    except ValidationError as error:
        db.session.rollback()
        if from_queue:  # the message goes on the card it is about, with what was typed
            return _render_queue({artifact_id: " ".join(error.fields.values())}, {artifact_id: comment})
        for message in error.fields.values():
            flash(message, "error")
        return redirect(back)
    flash(f"“{artifact.title}” is {artifact.state_label.lower()}.")
    return redirect(back)


@bp.post("/<int:artifact_id>/delete")
@login_required
@transactional
def delete(artifact_id):
    artifact = service.load_artifact(current_user, artifact_id)
    try:
        service.delete_artifact(current_user, artifact, based_on=_form_version())
    except StaleVersion as error:
        return _render_detail(artifact, 409, _stale_info(artifact, error))
    flash(f"“{artifact.title}” moved to the trash. You can restore it from there.")
    return redirect(url_for("artifacts.index"))


@bp.post("/<int:artifact_id>/restore")
@login_required
@transactional
def restore(artifact_id):
    artifact = service.load_artifact(current_user, artifact_id)
    try:
        service.restore_artifact(current_user, artifact, based_on=_form_version())
    except StaleVersion as error:
        return _render_detail(artifact, 409, _stale_info(artifact, error))
    flash(f"“{artifact.title}” restored.")
    return redirect(url_for("artifacts.detail", artifact_id=artifact_id))


@bp.get("/trash")
@login_required
def trash():
    return render_template("artifacts/trash.html", items=listing.trash(current_user))


@bp.route("/quick", methods=["GET", "POST"])
@login_required
@transactional
def quick():
    """The 30-second log: five fields and a file, for the signed-in person."""
    framework = next(iter(claimable_frameworks(current_user).values()))
    if request.method == "GET":
        values = {"occurred_on": suggested_date(request.args.get("on")).isoformat(), "category": "speed"}
        return _render_quick(framework, values)
    values = request.form.to_dict()
    upload = request.files.get("file")
    try:
        artifact = log_quick_note(current_user, quick_note_data(request.form, framework),
                                  upload.filename if upload else "", upload.read() if upload else b"")
    except ValidationError as error:
        db.session.rollback()
        return _render_quick(framework, values, error.fields)
    flash("Impact note logged and sent for verification.")
    return redirect(url_for("artifacts.detail", artifact_id=artifact.id))


def _render_quick(framework, values, errors=None):
    return render_template("artifacts/quick.html", framework=framework, choices=claim_choices(framework),
                           values=values, errors=errors or {}), 422 if errors else 200


def _visible_person(text):
    """The person a queue or list is narrowed to (`?person=` an email), if the viewer may see them."""
    return visible_person_by_email(current_user, text)


def _render_queue(card_errors=None, comments=None):
    person_text = (request.values.get("person") or "").strip()[:254]
    person = _visible_person(person_text)
    after = request.values.get("after", "")
    if person_text and person is None:  # an unknown or hidden person: nothing, not everyone
        page, total = queue.QueuePage([], None), 0
    else:
        page = queue.queue_page(current_user, person, listing.parse_cursor(after))
        total = queue.count_awaiting(current_user, person)
    return render_template("artifacts/queue.html", page=page, total=total, person=person, person_text=person_text,
                           after=after, reports=queue.direct_reports(current_user),
                           card_errors=card_errors or {}, comments=comments or {}), 422 if card_errors else 200


@bp.get("/queue")
@login_required
def queue_view():
    if not leads_others(current_user):
        abort(403)
    return _render_queue()


@bp.post("/queue/verify")
@login_required
@transactional
def queue_verify():
    """Verify the ticked items, each at the version shown on the page."""
    if not leads_others(current_user):
        abort(403)
    seen = {}
    for value in request.form.getlist("verify")[:queue.MAX_BULK]:
        artifact_id = parse_whole(value)
        if artifact_id is None:
            abort(400, "The selection holds something that is not an evidence number. Reload the queue.")
        seen[artifact_id] = _form_version(f"version-{artifact_id}")
        if seen[artifact_id] is None:
            abort(400, "An item was ticked without the version it showed. Reload the queue.")
    if not seen:
        flash("Tick the evidence to verify first.", "error")
        return redirect(_queue_url())
    outcome = queue.verify_many(current_user, seen)
    if outcome.verified:
        flash(f"Verified {len(outcome.verified)} item{'' if len(outcome.verified) == 1 else 's'}.")
    if outcome.changed:
        titles = ", ".join(f"“{a.title}”" for a in outcome.changed)
        flash(f"Left alone because they changed after you opened the queue: {titles}. Look at them again.",
              "error")
    if outcome.gone:
        flash(f"{len(outcome.gone)} ticked item{' was' if len(outcome.gone) == 1 else 's were'} no longer waiting "
              "for you (decided or withdrawn meanwhile).", "error")
    return redirect(_queue_url())


def _queue_url():
    return url_for("artifacts.queue_view", person=request.values.get("person") or None,
                   after=request.values.get("after") or None)


@bp.post("/<int:artifact_id>/attachments")
@login_required
@transactional
def attach(artifact_id):
    artifact = service.load_artifact(current_user, artifact_id)
    upload = request.files.get("file")
    try:
        attachment = attachments.add_attachment(current_user, artifact, upload.filename if upload else "",
                                                upload.read() if upload else b"")
    except ValidationError as error:
        db.session.rollback()
        for message in error.fields.values():
            flash(message, "error")
        return redirect(url_for("artifacts.detail", artifact_id=artifact_id))
    flash(f"Attached {attachment.filename}.")
    return redirect(url_for("artifacts.detail", artifact_id=artifact_id))


@bp.get("/<int:artifact_id>/attachments/<int:attachment_id>")
@login_required
def download(artifact_id, attachment_id):
    attachment = attachments.load_attachment(current_user, artifact_id, attachment_id)
    return send_file(attachments.stored_path(attachment), mimetype=attachment.content_type, as_attachment=True,
                     download_name=attachment.filename)


@bp.post("/<int:artifact_id>/attachments/<int:attachment_id>/delete")
@login_required
@transactional
def detach(artifact_id, attachment_id):
    attachment = attachments.load_attachment(current_user, artifact_id, attachment_id)
    attachments.remove_attachment(current_user, attachment)
    flash(f"Removed {attachment.filename}.")
    return redirect(url_for("artifacts.detail", artifact_id=artifact_id))
