"""Files attached to evidence: bounded in size, checked by extension *and* content, stored
under random names in the upload folder, and served only to people who may see the evidence.

A file is written before its row is flushed and removed again if the caller's transaction
rolls back, so no row ever points at a missing file; a removed file's bytes are deleted only
once the transaction commits.
"""
import hashlib
import os
import secrets

from flask import current_app
from sqlalchemy import func, select
from werkzeug.utils import secure_filename

from tracker import access
from tracker.artifacts.service import load_artifact, record_change
from tracker.artifacts.versions import lock_artifact
from tracker.errors import Forbidden, NotFound, ValidationError
from tracker.extensions import db
from tracker.models import Attachment
from tracker.transaction import on_commit, on_rollback

MAX_PER_ARTIFACT = 20
ZIP = b"PK\x03\x04"
# extension -> (content type, required leading bytes, or None for UTF-8 text)
ALLOWED = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "txt": ("text/plain", None),
    "md": ("text/markdown", None),
    "csv": ("text/csv", None),
}


def upload_folder():
    folder = current_app.config["UPLOAD_DIR"]
    os.makedirs(folder, exist_ok=True)
    return folder


def _safe_name(filename):
    """A safe display name that keeps the extension: `报告.pdf` -> `file.pdf`."""
    base = os.path.basename((filename or "").replace("\\", "/"))
    stem, dot, extension = base.rpartition(".")
    extension = extension.lower() if dot else ""
    stem = secure_filename(stem)[:150] or "file"
    return f"{stem}.{extension}" if extension else "", extension


def _check(filename, data):
    name, extension = _safe_name(filename)
    if not name or extension not in ALLOWED:
        raise ValidationError({"file": "Attach a PDF, PNG, JPEG, Word, Excel, PowerPoint, text, "
                                       "Markdown or CSV file."})
    if not data:
        raise ValidationError({"file": "The file is empty."})
    content_type, magic = ALLOWED[extension]
    if magic is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError({"file": f"{name} is not UTF-8 text."}) from None
    elif not data.startswith(magic):
        raise ValidationError({"file": f"{name} does not look like a .{extension} file."})
    return name, content_type


def add_attachment(actor, artifact, filename, data):
    """Attach `data` (bytes) to the artifact; changes verified evidence back to submitted."""
    if not access.can_edit_artifact(actor, artifact):
        raise Forbidden("You cannot add files to this evidence.")
    name, content_type = _check(filename, data)
    lock_artifact(artifact)  # concurrent uploads count one after another
    attached = db.session.scalar(select(func.count(Attachment.id)).where(Attachment.artifact_id == artifact.id))
    if attached >= MAX_PER_ARTIFACT:
        raise ValidationError({"file": f"At most {MAX_PER_ARTIFACT} files per piece of evidence."})
    stored_name = secrets.token_hex(16)
    path = os.path.join(upload_folder(), stored_name)
    _write(path, data)
    on_rollback(lambda: _remove(path))  # no row will point at it
    attachment = Attachment(uploaded_by=actor, filename=name, content_type=content_type, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), stored_name=stored_name)
    artifact.attachments.append(attachment)
    record_change(artifact, actor, f"Attached {name}.")
    db.session.flush()
    return attachment


def _write(path, data):
    """Write the file whole or not at all: to a side name, synced, then renamed."""
    partial = path + ".part"
    try:
        with open(partial, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError:
        _remove(partial)
        raise


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
    except OSError:  # the row is what people see; note the stray file for the operator
        current_app.logger.warning("Could not remove attachment file %s", path)


def load_attachment(viewer, artifact_id, attachment_id):
    """The attachment if the viewer may see the evidence; NotFound otherwise."""
    artifact = load_artifact(viewer, artifact_id)
    attachment = next((a for a in artifact.attachments if a.id == attachment_id), None)
    if attachment is None:
        raise NotFound("No such file.")
    return attachment


def stored_path(attachment):
    """Where the attachment's bytes are; NotFound (and an error in the log) if they are gone."""
    path = os.path.join(upload_folder(), attachment.stored_name)
    if not os.path.isfile(path):
        current_app.logger.error("Attachment %s is missing its file %s", attachment.id, path)
        raise NotFound("That file is missing from the server. Ask your admin to restore it from backup.")
    return path


def remove_attachment(actor, attachment):
    artifact = attachment.artifact
    if not access.can_edit_artifact(actor, artifact):
        raise Forbidden("You cannot remove files from this evidence.")
    lock_artifact(artifact)
    if attachment not in artifact.attachments:  # removed by a request that came first
        raise NotFound("That file was already removed.")
    path = os.path.join(upload_folder(), attachment.stored_name)
    artifact.attachments.remove(attachment)
    record_change(artifact, actor, f"Removed {attachment.filename}.")
    db.session.flush()
    on_commit(lambda: _remove(path))  # the bytes go only once the row is gone for good
