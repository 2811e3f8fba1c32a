"""My data: everything a person owns as one zip, theirs to take at any time.

- `my-data.json`: their account, all their evidence (private ones, drafts and the trash too,
  each with its history), their self-assessments, the review sessions where they are the
  candidate (with only the notes they may read: `tracker.reviews.notes`), their
  notifications (about evidence they may still see, as on their notifications page), and the
  statements they asked stakeholders for, answered or not (their requests are theirs). The
  format is documented in docs/my-data.md and docs/my-data.schema.json.
- `attachments/<evidence id>/<filename>`: the bytes of every file on their evidence, copied
  from the upload folder a piece at a time.
- `brag-document.md`: their brag document in Markdown, private evidence included.

It is written to a temporary file, which the response then streams, so no request holds a
whole archive in memory.
"""
import hashlib
import json
import os
import tempfile
import zipfile
from datetime import timedelta

from flask import current_app, send_file
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.artifacts.attachments import upload_folder
from tracker.artifacts.listing import LIST_OPTIONS
from tracker.artifacts.service import artifact_to_dict
from tracker.corroboration.service import requested_by, to_dict as corroboration_to_dict
from tracker.exports import FORMATS
from tracker.exports.brag import MAX_ENTRIES, Options, build_brag_document
from tracker.extensions import db
from tracker.frameworks.targets import targets_of
from tracker.models import Artifact, ArtifactEvent, ReviewSession
from tracker.models.base import utcnow
from tracker.notifications import service as notifications
from tracker.reviews.self_assessment import history, to_dict as self_assessment_to_dict
from tracker.reviews.serialisation import review_to_dict

FORMAT = "tracker-my-data"
VERSION = 1
DATA = "my-data.json"
BRAG = "brag-document.md"
CHUNK = 1 << 20


def _moment(value):
    return value.isoformat() if value is not None else None


def person_to_dict(person):
    frameworks = targets_of(person)
    return {"email": person.email, "name": person.name, "timezone": person.timezone,
            "manager": person.manager.email if person.manager else None, "is_admin": person.is_admin,
            "created_at": _moment(person.created_at),
            "targets": {"frameworks": [f.slug for f in frameworks], "primary": frameworks[0].slug}}


def event_to_dict(event):
    return {"kind": event.kind, "actor": event.actor.email, "actor_name": event.actor.name,
            "from_state": event.from_state, "to_state": event.to_state, "comment": event.comment,
            "at": _moment(event.created_at)}


def evidence_to_dict(artifact, paths):
    """The evidence as the API shows it, with the verifier's name, where each file is in the
    zip (`paths`: {attachment id: path, or None when its file is missing}) and its history."""
    data = artifact_to_dict(artifact)
    data["verification"]["by_name"] = artifact.decided_by.name if artifact.decided_by else None
    for attachment in data["attachments"]:
        attachment["path"] = paths[attachment["id"]]
    data["history"] = [event_to_dict(event) for event in artifact.events]
    return data


def notification_to_dict(notification):
    return {"id": notification.id, "kind": notification.kind, "label": notification.kind_label,
            "artifact": notification.artifact_id,
            "actor": notification.actor.email if notification.actor else None,
            "created_at": _moment(notification.created_at), "read_at": _moment(notification.read_at)}


def owned_evidence(person):
    """Everything the person owns, the trash included, newest first."""
    return db.session.scalars(
        select(Artifact).where(Artifact.owner_id == person.id)
        .options(*LIST_OPTIONS, selectinload(Artifact.events).selectinload(ArtifactEvent.actor))
        .order_by(Artifact.occurred_on.desc(), Artifact.id.desc())).all()


def candidate_sessions(person):
    return db.session.scalars(select(ReviewSession).where(ReviewSession.candidate_id == person.id)
                              .order_by(ReviewSession.starts_at, ReviewSession.id)).all()


def my_data(person, evidence, paths, now):
    """The contents of `my-data.json`."""
    return {
        "format": FORMAT, "version": VERSION, "exported_at": now.isoformat(),
        "person": person_to_dict(person),
        "evidence": [evidence_to_dict(artifact, paths) for artifact in evidence],
        "self_assessments": [self_assessment_to_dict(row) for row in history(person, limit=None)],
        "review_sessions": [review_to_dict(review, person) for review in candidate_sessions(person)],
        "notifications": [notification_to_dict(row) for row in notifications.recent(person, limit=None)],
        "corroborations": [corroboration_to_dict(row, full=True) for row in requested_by(person)],
    }


def brag_range(person, today):
    """(start, end) of the brag document: all the person's evidence outside the trash, or the
    newest MAX_ENTRIES pieces when there are more (the most one document holds)."""
    days = db.session.scalars(
        select(Artifact.occurred_on).where(Artifact.owner_id == person.id, Artifact.deleted_at.is_(None))
        .order_by(Artifact.occurred_on.desc()).limit(MAX_ENTRIES + 1)).all()
    if not days:
        return today, today
    end = max(today, days[0])
    start = days[-1] if len(days) <= MAX_ENTRIES else days[-1] + timedelta(days=1)
    return min(start, end), end


def brag_markdown(person, today):
    start, end = brag_range(person, today)
    document = build_brag_document(person, person, Options(start, end, include_private=True), today)
    return FORMATS["markdown"].render(document)


def _intact(source, sha256):
    """Whether the file is there and its bytes still match the checksum taken at upload."""
    if not os.path.isfile(source):
        return False
    digest = hashlib.sha256()
    with open(source, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def copy_attachments(archive, evidence):
    """Copy every file of the evidence into the zip; {attachment id: its path in the zip, or
    None for a file missing from the server or no longer matching its SHA-256}."""
    folder, paths = upload_folder(), {}
    for artifact in evidence:
        taken = set()
        for attachment in artifact.attachments:
            source = os.path.join(folder, attachment.stored_name)
            if not _intact(source, attachment.sha256):
                current_app.logger.error("Attachment %s is missing or altered (%s); left out of the export",
                                         attachment.id, source)
                paths[attachment.id] = None
                continue
            name = attachment.filename if attachment.filename not in taken else f"{attachment.id}-{attachment.filename}"
            taken.add(name)
            paths[attachment.id] = f"attachments/{artifact.id}/{name}"
            with open(source, "rb") as handle, archive.open(paths[attachment.id], "w") as target:
                for chunk in iter(lambda: handle.read(CHUNK), b""):
                    target.write(chunk)
    return paths


def write_my_data(person, handle, now):
    """Write the person's zip to the open binary file `handle`."""
    evidence = owned_evidence(person)
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        paths = copy_attachments(archive, evidence)
        data = my_data(person, evidence, paths, now)
        archive.writestr(DATA, json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(BRAG, brag_markdown(person, now.date()))


def download(person):
    """The person's zip as a download."""
    now = utcnow()
    handle = tempfile.TemporaryFile()
    try:
        write_my_data(person, handle, now)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return send_file(handle, mimetype="application/zip", as_attachment=True,
                     download_name=f"my-data-{now.date().isoformat()}.zip")
