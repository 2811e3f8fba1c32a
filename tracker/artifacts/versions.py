"""Versions of evidence: every change and decision is conditional on the version it was based on.

Each artifact carries a `version` that every change bumps. A change first *claims* the row
with a conditional UPDATE (`... SET version = v + 1 WHERE id = ? AND version = v`). Of two
concurrent changes based on the same version exactly one matches; the other gets
`StaleVersion` (409) and changes nothing. The UPDATE also takes the row's write lock (the
database's on SQLite) for the rest of the transaction, so child rows (claims, metrics,
attachments) are replaced or counted by one transaction at a time.
"""
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from tracker.errors import Conflict, ServiceError, ValidationError
from tracker.extensions import db
from tracker.ids import parse_whole
from tracker.models import Artifact, ArtifactEvent


class StaleVersion(Conflict):
    """The change was based on a version of the evidence that is no longer current."""

    code = "version_conflict"

    def __init__(self, artifact_id, based_on, current):
        self.artifact_id, self.based_on, self.current = artifact_id, based_on, current
        super().__init__(
            f"This evidence changed after you opened it (you had version {based_on}, it is now "
            f"version {current}). Nothing was saved. Look at the current version, then try again.",
            {"version": f"Now {current}; the change was based on {based_on}."})


class VersionRequired(ServiceError):
    """A decision must say which version it covers, so it can never apply to unseen content."""

    status, code = 428, "version_required"

    def __init__(self):
        super().__init__("Say which version of the evidence this decision covers: send `version` "
                         "(or If-Match) from the evidence you looked at.",
                         {"version": "Required for decisions."})


def parse_version(value, field="version", of="the evidence"):
    """A version number from a form, a JSON body or an If-Match header; None when absent.
    `of` names what it is the version of, for the message."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = value.strip().removeprefix("W/").strip('"')
    number = parse_whole(value)
    if number is None:
        raise ValidationError({field: f"Must be the whole-number version of {of} you are changing."})
    return number


def claim_version(artifact, based_on=None):
    """Claim the artifact for a change based on version `based_on` (default: the version
    loaded). Raises StaleVersion when another change came first."""
    based_on = artifact.version if based_on is None else based_on
    claimed = db.session.execute(
        update(Artifact).where(Artifact.id == artifact.id, Artifact.version == based_on)
        .values(version=based_on + 1).execution_options(synchronize_session=False)
    ).rowcount == 1
    if not claimed:
        current = db.session.scalar(select(Artifact.version).where(Artifact.id == artifact.id))
        raise StaleVersion(artifact.id, based_on, current)
    if artifact.version != based_on:  # loaded before another change the caller had seen
        db.session.refresh(artifact)
    else:
        set_committed_value(artifact, "version", based_on + 1)
    return artifact


def lock_artifact(artifact):
    """Claim the artifact whatever its version, for additions that do not depend on what
    the person saw (attaching a file). Reloads it, so counts taken afterwards are current."""
    db.session.execute(
        update(Artifact).where(Artifact.id == artifact.id)
        .values(version=Artifact.version + 1).execution_options(synchronize_session=False))
    db.session.refresh(artifact)
    return artifact


def changes_since(artifact, based_on):
    """What happened to the artifact after version `based_on`: (events, changed fields).

    Each change records a snapshot with the version it produced, so the snapshot of
    `based_on` is what the person saw, and comparing it with the newest tells what moved.
    """
    events = db.session.scalars(
        select(ArtifactEvent).where(ArtifactEvent.artifact_id == artifact.id).order_by(ArtifactEvent.id)
    ).all()
    seen = next((e.snapshot for e in events if (e.snapshot or {}).get("version") == based_on), None)
    later = [e for e in events if (e.snapshot or {}).get("version", 0) > based_on]
    changed = []
    if seen is not None and later:
        newest = later[-1].snapshot
        changed = [key for key in newest if key not in ("version", "updated_at") and seen.get(key) != newest[key]]
    return later, changed
