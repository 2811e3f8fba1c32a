"""Artifact use cases. They validate, change the session and flush; the caller (a request,
a command) commits once (see `tracker.transaction`)."""
from datetime import date

from sqlalchemy import inspect

from tracker import access, search
from tracker.artifacts.coach import review_artifact
from tracker.artifacts.validation import clean_artifact
from tracker.artifacts.versions import VersionRequired, claim_version
from tracker.errors import Conflict, Forbidden, NotFound, ValidationError
from tracker.extensions import db
from tracker.frameworks.targets import claimable_frameworks
from tracker.ids import is_row_id
from tracker.markdown import markdown_preview
from tracker.models import Artifact, ArtifactEvent, Claim, Metric
from tracker.models.base import utcnow
from tracker.notifications.service import notify_decision, notify_submitted

DECISIONS = ("verified", "changes_requested")
PRIVATE_NOT_SUBMITTABLE = ("Private evidence is yours alone, so nobody can verify it. "
                           "Share it with your management chain to submit it.")
SUBSTANCE = ("type", "title", "occurred_on", "summary", "situation", "task", "action", "result",
             "scope", "stakeholders", "links", "metrics", "claims", "details")


def artifact_to_dict(artifact):
    """The artifact as the API, history snapshots and exports show it."""
    return {
        "id": artifact.id,
        "owner": artifact.owner.email,
        "author": artifact.author.email,
        "type": artifact.type,
        "title": artifact.title,
        "occurred_on": artifact.occurred_on.isoformat(),
        "summary": artifact.summary,
        "star": {key: getattr(artifact, key) for key in ("situation", "task", "action", "result")},
        "scope": artifact.scope,
        "stakeholders": artifact.stakeholders,
        "links": list(artifact.links or []),
        "details": dict(artifact.details or {}),
        "visibility": artifact.visibility,
        "confidential": artifact.confidential,
        "claims": [{"framework": c.competency.framework.slug, "competency": c.competency.slug,
                    "level": c.level.slug} for c in artifact.claims],
        "metrics": [{"name": m.name, "baseline": m.baseline, "result": m.result, "unit": m.unit,
                     "category": m.category} for m in artifact.metrics],
        "attachments": [{"id": a.id, "filename": a.filename, "content_type": a.content_type,
                         "size": a.size, "sha256": a.sha256} for a in artifact.attachments],
        "state": artifact.state,
        "coach_score": artifact.coach_score,
        "verification": {
            "by": artifact.decided_by.email if artifact.decided_by else None,
            "at": artifact.decided_at.isoformat() if artifact.decided_at else None,
            "comment": artifact.decision_comment,
        },
        "created_at": artifact.created_at.isoformat(),
        "updated_at": artifact.updated_at.isoformat(),
        "deleted": artifact.deleted_at is not None,
        "version": artifact.version,
    }


def _record(artifact, actor, kind, comment=""):
    """Add a history event: who, what, the state before and after, and a snapshot; notify
    the owner of a decision and the manager of evidence that now awaits verification. Called
    after the change and before anything flushes it, so the state it replaced is known."""
    changed = inspect(artifact).attrs.state.history
    from_state = None if artifact.id is None else (changed.deleted[0] if changed.deleted else artifact.state)
    db.session.flush()
    if kind in ("created", "edited"):
        search.index_artifact(artifact)
    artifact.events.append(ArtifactEvent(actor=actor, kind=kind, comment=comment, from_state=from_state,
                                         to_state=artifact.state, snapshot=artifact_to_dict(artifact)))
    if kind in DECISIONS:
        notify_decision(artifact, actor)
    elif artifact.state == "submitted" and from_state != "submitted":
        notify_submitted(artifact, actor)


def _apply(artifact, clean):
    for key, value in clean.items():
        if key == "claims":
            if artifact.id is not None:
                # Delete the old claims first: a re-claimed competency would hit the unique key.
                artifact.claims.clear()
                db.session.flush()
            artifact.claims.extend(Claim(competency=c, level=level) for c, level in value)
        elif key == "metrics":
            artifact.metrics = [Metric(position=i, **metric) for i, metric in enumerate(value)]
        else:
            setattr(artifact, key, value)
    if "summary" in clean:
        artifact.summary_preview = str(markdown_preview(clean["summary"]))
    artifact.coach_score = review_artifact(artifact).score


def create_artifact(actor, owner, data, submit=True, today=None):
    """Log evidence for `owner` (the actor, their report, or anyone for an admin)."""
    if not access.can_log_for(actor, owner):
        if not owner.active:
            raise Forbidden(f"{owner.name}'s account is deactivated, so no evidence can be logged for it.")
        raise Forbidden("You can log evidence only for yourself and your direct reports.")
    clean = clean_artifact(data, claimable_frameworks(owner), today or date.today())
    if clean.get("visibility") == "private" and actor.id != owner.id:
        raise ValidationError({"visibility": "Only the owner can make evidence private."})
    if submit and clean.get("visibility") == "private":
        raise ValidationError({"visibility": PRIVATE_NOT_SUBMITTABLE})
    artifact = Artifact(owner=owner, author=actor, state="submitted" if submit else "draft",
                        visibility="manager", links=[])
    _apply(artifact, clean)
    db.session.add(artifact)
    _record(artifact, actor, "created")
    db.session.flush()
    return artifact


def _changes_substance(artifact, clean):
    current = artifact_to_dict(artifact)
    current["claims"] = sorted(current["claims"], key=lambda claim: (claim["framework"], claim["competency"]))
    proposed = dict(current)
    for key, value in clean.items():
        if key == "claims":
            proposed[key] = sorted(({"framework": c.framework.slug, "competency": c.slug, "level": level.slug}
                                    for c, level in value),
                                   key=lambda claim: (claim["framework"], claim["competency"]))
        elif key == "occurred_on":
            proposed[key] = value.isoformat()
        elif key in ("situation", "task", "action", "result"):
            proposed["star"] = {**proposed["star"], key: value}
        else:
            proposed[key] = value
    keys = [k for k in SUBSTANCE if k not in ("situation", "task", "action", "result")] + ["star"]
    return any(current.get(k) != proposed.get(k) for k in keys)


def update_artifact(actor, artifact, data, today=None, based_on=None):
    """Apply a (partial) edit based on version `based_on`. Changing verified substance sends
    it back to `submitted`."""
    if not access.can_edit_artifact(actor, artifact):
        raise Forbidden("You cannot edit this evidence.")
    clean = clean_artifact(data, claimable_frameworks(artifact.owner, artifact), today or date.today(),
                           partial=True, current=artifact)
    if clean.get("visibility") == "private" and artifact.owner_id != actor.id:
        raise ValidationError({"visibility": "Only the owner can make evidence private."})
    claim_version(artifact, based_on)
    reverify = artifact.state == "verified" and _changes_substance(artifact, clean)
    hidden = clean.get("visibility") == "private" and artifact.visibility != "private"
    _apply(artifact, clean)
    artifact.updated_at = utcnow()
    comment = ""
    if hidden and artifact.state in ("submitted", "verified"):
        # Nobody else can see private evidence, so nobody can stand behind a verification.
        artifact.state, artifact.decided_by, artifact.decided_at = "draft", None, None
        artifact.decision_comment = ""
        comment = "Made private, so it is a draft again and no longer counts."
    elif reverify:
        artifact.state = "submitted"
        comment = "Verified content changed, so it awaits verification again."
    _record(artifact, actor, "edited", comment)
    db.session.flush()
    return artifact


def record_change(artifact, actor, what):
    """Record a change to attached proof; verified evidence then awaits verification again."""
    artifact.updated_at = utcnow()
    if artifact.state == "verified":
        artifact.state = "submitted"
        what += " Verified content changed, so it awaits verification again."
    _record(artifact, actor, "edited", what)


def submit_artifact(actor, artifact, based_on=None):
    if not access.can_edit_artifact(actor, artifact):
        raise Forbidden("You cannot submit this evidence.")
    claim_version(artifact, based_on)
    if artifact.state not in ("draft", "changes_requested"):
        raise Conflict(f"Evidence that is {artifact.state_label.lower()} cannot be submitted.")
    if artifact.visibility == "private":
        raise Conflict(PRIVATE_NOT_SUBMITTABLE)
    artifact.state = "submitted"
    _record(artifact, actor, "submitted")
    db.session.flush()
    return artifact


def decide(actor, artifact, decision, comment="", based_on=None, version_required=False):
    """Verify evidence or send it back with a comment (the owner's manager or an admin).
    The decision covers version `based_on`, what the decider saw; people's requests (web
    and API) must give it (`version_required`)."""
    if not access.can_verify_artifact(actor, artifact):
        raise Forbidden("Only the owner's manager or an admin can verify this evidence.")
    errors = {}
    if decision not in DECISIONS:
        errors["decision"] = "Choose verified or changes_requested."
    if not isinstance(comment, str):
        errors["comment"] = "Must be text."
    elif decision == "changes_requested" and not comment.strip():
        errors["comment"] = "Say what should change so the owner can act on it."
    elif len(comment) > 5000:
        errors["comment"] = "Must be at most 5000 characters."
    if errors:
        raise ValidationError(errors)
    if based_on is None and version_required:
        raise VersionRequired()
    claim_version(artifact, based_on)
    if artifact.deleted_at is not None or artifact.state not in ("submitted", "verified"):
        raise Conflict(f"Evidence that is {artifact.state_label.lower()} cannot be decided on.")
    artifact.state, artifact.decided_by, artifact.decided_at = decision, actor, utcnow()
    artifact.decision_comment = comment.strip()
    _record(artifact, actor, decision, artifact.decision_comment)
    db.session.flush()
    return artifact


def delete_artifact(actor, artifact, based_on=None):
    if not access.can_delete_artifact(actor, artifact):
        raise Forbidden("You cannot delete this evidence.")
    if artifact.deleted_at is None:
        claim_version(artifact, based_on)
        artifact.deleted_at = utcnow()
        _record(artifact, actor, "deleted")
        db.session.flush()
    return artifact


def restore_artifact(actor, artifact, based_on=None):
    if not access.can_restore_artifact(actor, artifact):
        raise Forbidden("Only the owner can restore evidence from the trash.")
    if artifact.deleted_at is not None:
        claim_version(artifact, based_on)
        artifact.deleted_at = None
        _record(artifact, actor, "restored")
        db.session.flush()
    return artifact


def load_artifact(viewer, artifact_id):
    """The artifact if the viewer may see it; NotFound otherwise (existence is not leaked)."""
    artifact = db.session.get(Artifact, artifact_id) if is_row_id(artifact_id) else None
    if artifact is None or not access.can_view_artifact(viewer, artifact):
        raise NotFound("No such evidence.")
    return artifact
