"""The verification queue: evidence waiting for the viewer's decision, oldest first, a page
at a time (keyset: the page after the last (date, id) seen, so no page costs more than the
first), optionally one person's; and verifying several items in one step.

Every decision, one at a time or in bulk, covers the version the decider saw: an item that
changed since the page was drawn is left alone and reported, never verified unseen.
"""
from dataclasses import dataclass

from sqlalchemy import and_, func, literal_column, or_, select
from sqlalchemy.orm import selectinload

from tracker.artifacts.listing import cursor_of
from tracker.artifacts.service import decide
from tracker.artifacts.versions import StaleVersion
from tracker.extensions import db
from tracker.ids import is_row_id
from tracker.models import Artifact, Claim, User

PER_PAGE = 25
MAX_BULK = 100
# What a card shows: the claims' names, who owns and who logged it.
CARD_OPTIONS = (selectinload(Artifact.claims).selectinload(Claim.competency),
                selectinload(Artifact.claims).selectinload(Claim.level),
                selectinload(Artifact.owner), selectinload(Artifact.author))


# Written as constants, not parameters, so the database can see that the partial indexes
# kept for the queue (ix_artifacts_awaiting_*) cover the query.
SUBMITTED, SHARED = literal_column("'submitted'"), literal_column("'manager'")  # see models.AWAITING


def awaiting(viewer):
    """Submitted evidence the viewer can decide on: their direct reports' (all, for admins)."""
    query = select(Artifact).where(Artifact.state == SUBMITTED, Artifact.visibility == SHARED,
                                   Artifact.deleted_at.is_(None), Artifact.owner_id != viewer.id)
    if not viewer.is_admin:
        # IN over the reports' ids lets the (owner_id, state) index do the work
        query = query.where(Artifact.owner_id.in_(select(User.id).where(User.manager_id == viewer.id)))
    return query


def count_awaiting(viewer, person=None):
    query = awaiting(viewer)
    if person is not None:
        query = query.where(Artifact.owner_id == person.id)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


@dataclass
class QueuePage:
    items: list
    next_cursor: str | None  # where the next page starts, None on the last


def queue_page(viewer, person=None, after=None, per_page=PER_PAGE):
    """A page of the queue, oldest first, after `after` ((date, id) or None)."""
    query = awaiting(viewer).options(*CARD_OPTIONS)
    if person is not None:
        query = query.where(Artifact.owner_id == person.id)
    if after is not None:
        day, row_id = after
        query = query.where(or_(Artifact.occurred_on > day, and_(Artifact.occurred_on == day, Artifact.id > row_id)))
    items = db.session.scalars(query.order_by(Artifact.occurred_on, Artifact.id).limit(per_page + 1)).all()
    more = len(items) > per_page
    items = items[:per_page]
    return QueuePage(items, cursor_of(items[-1]) if more else None)


def direct_reports(viewer):
    """For the person filters of the queue and the lists: the viewer's direct reports as
    (id, email, name) rows (admins give an email instead)."""
    if viewer.is_admin:
        return []
    return db.session.execute(select(User.id, User.email, User.name).where(User.manager_id == viewer.id)
                              .order_by(User.name)).all()


@dataclass
class BulkOutcome:
    verified: list
    changed: list  # changed since the page was drawn: left alone
    gone: list  # no longer waiting (decided by someone else, withdrawn): left alone


def verify_many(viewer, seen):
    """Verify each item of `seen` ({artifact id: version the viewer saw}) that still waits for
    the viewer's decision at that version. The caller commits once."""
    outcome = BulkOutcome([], [], [])
    ids = [artifact_id for artifact_id in seen if is_row_id(artifact_id)][:MAX_BULK]
    waiting = {a.id: a for a in db.session.scalars(awaiting(viewer).where(Artifact.id.in_(ids)))}
    for artifact_id in ids:
        artifact = waiting.get(artifact_id)
        if artifact is None:
            outcome.gone.append(artifact_id)
            continue
        try:
            decide(viewer, artifact, "verified", based_on=seen[artifact_id], version_required=True)
        except StaleVersion:
            outcome.changed.append(artifact)
        else:
            outcome.verified.append(artifact)
    return outcome
