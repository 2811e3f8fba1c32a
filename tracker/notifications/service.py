"""Notification use cases. They take the person explicitly, change the session and flush;
the caller (a request, a command) commits."""
from sqlalchemy import func, select, update
from sqlalchemy.orm import contains_eager, joinedload

from tracker.access import visible_artifacts
from tracker.extensions import db
from tracker.models import Notification
from tracker.models.base import utcnow


def _notify(user, kind, artifact, actor):
    db.session.add(Notification(user=user, kind=kind, artifact=artifact, actor=actor))
    db.session.flush()


def notify_decision(artifact, decider):
    """Tell the owner their evidence was verified or sent back; the "awaits verification"
    notifications about it are then answered, so they count as read."""
    db.session.execute(update(Notification).where(Notification.artifact_id == artifact.id,
                                                  Notification.kind == "awaits_verification",
                                                  Notification.read_at.is_(None))
                       .values(read_at=utcnow()).execution_options(synchronize_session=False))
    _notify(artifact.owner, "verified" if artifact.state == "verified" else "sent_back", artifact, decider)


def notify_submitted(artifact, submitter):
    """Tell the owner's direct manager that evidence awaits their verification, unless they
    submitted it themselves or their account is deactivated."""
    manager = artifact.owner.manager
    if manager is not None and manager.active and manager.id != submitter.id:
        _notify(manager, "awaits_verification", artifact, submitter)


def _own(user):
    """The person's notifications about evidence they may still see (not since made private,
    trashed, or moved out of their reach)."""
    return (select(Notification).join(Notification.artifact)
            .where(Notification.user_id == user.id, visible_artifacts(user)))


def unread_count(user):
    return db.session.scalar(_own(user).where(Notification.read_at.is_(None))
                             .with_only_columns(func.count(Notification.id)))


def recent(user, limit=50):
    """The newest `limit` notifications, read or not, with their evidence and actor."""
    return db.session.scalars(
        _own(user).options(contains_eager(Notification.artifact), joinedload(Notification.actor))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    ).all()


def mark_all_read(user):
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    db.session.flush()
