"""Stored readiness status, kept current in the transaction that changes its inputs.

The team heatmap shows fifty people by every competency; computing that from the claims
means reading and judging tens of thousands of rows per page, and one person's matrix grows
with their history. Instead each person's level per competency (`ReadinessStatus`, for the
heatmap), their counts per competency and level (`ReadinessCell`, for the matrix) and their
totals per framework (`ReadinessStanding`, the heatmap's order) are stored and rewritten,
with the same rules, whenever something they depend on changes:
- evidence: its state, visibility, deletion, date or claims (any flush of an `Artifact` or
  `Claim` marks its owner);
- frameworks: levels, competencies or thresholds (a flush of a `Framework`, `Level` or
  `Competency` marks everyone with claims on that framework).
A session hook notes what a flush touched; just before the transaction commits, the marked
people's rows are recomputed. The stored rows are a cache that can always be rebuilt
(`rebuild_all`), and a property test checks they equal a full recomputation.
The stored rows count all of a person's counting claims, including evidence dated tomorrow
(allowed for time zones east of UTC). The matrix notices such evidence and computes from
the claims instead; the heatmap can run that one day ahead.
"""
from datetime import date

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.frameworks.service import current_frameworks
from tracker.models import (
    Artifact, Claim, Competency, Framework, Level, ReadinessCell, ReadinessStanding, ReadinessStatus, User)
from tracker.readiness.kinds import kind_of
from tracker.readiness.rules import Dimension, Readiness, evaluate_dimensions
from tracker.readiness.cells import cell_rows
from tracker.readiness.claims import claim_rows

MARKS = "readiness_status_marks"


def _marks(session):
    return session.info.setdefault(MARKS, {"owners": set(), "artifacts": set(), "frameworks": set()})


@event.listens_for(Session, "after_flush")
def _note_changes(session, _context):
    marks = None
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, Artifact):
            marks = marks or _marks(session)
            marks["owners"].add(instance.owner_id)
        elif isinstance(instance, Claim):
            marks = marks or _marks(session)
            marks["artifacts"].add(instance.artifact_id)
        elif isinstance(instance, (Framework, Level, Competency)):
            marks = marks or _marks(session)
            marks["frameworks"].add(instance.id if isinstance(instance, Framework) else instance.framework_id)


@event.listens_for(Session, "before_commit")
def refresh_marked(session):
    """Rewrite the rows of everyone this transaction's changes touched so far: before it
    commits, and before anyone reads the stored rows inside it."""
    session.flush()  # commit flushes only after this hook: note the last changes first
    if MARKS not in session.info:
        return
    marks = session.info.pop(MARKS)
    owners = {owner for owner in marks["owners"] if owner is not None}
    artifacts = {a for a in marks["artifacts"] if a is not None}
    if artifacts:
        owners |= set(session.scalars(select(Artifact.owner_id).where(Artifact.id.in_(artifacts))))
    frameworks = {f for f in marks["frameworks"] if f is not None}
    if frameworks:
        owners |= set(session.scalars(
            select(Artifact.owner_id).join(Claim.artifact).join(Claim.competency)
            .where(Competency.framework_id.in_(frameworks)).distinct()))
    if owners:
        refresh(session, sorted(owners))
    session.info.pop(MARKS, None)  # the refresh's own flush marks nothing worth redoing


def computed_rows(session, owner_ids):
    """What the stored rows of these people should be, from all their claims: (status rows,
    cell rows, standing rows). Evidence may be dated a day ahead, for time zones east of UTC; the
    stored rows count it at once and the readers know it."""
    claims = claim_rows(owner_ids, date.max)
    competency_ids = {claim.competency_id for rows in claims.values() for claim in rows}
    framework_slugs = session.execute(
        select(Framework.slug).join(Competency, Competency.framework_id == Framework.id)
        .where(Competency.id.in_(competency_ids)).distinct()).scalars().all() if competency_ids else []
    frameworks = current_frameworks(framework_slugs)
    status, cells, standing = [], [], []
    for owner_id, owner_claims in claims.items():
        for framework in frameworks:
            ids = {c.id for c in framework.competencies}
            mine = [claim for claim in owner_claims if claim.competency_id in ids]
            if not mine:
                continue
            dimensions = evaluate_dimensions(framework, kind_of(framework), mine)
            for d in dimensions:
                if d.cells:
                    status.append({"user_id": owner_id, "competency_id": d.competency.id,
                                   "framework_id": framework.id, "level_id": d.level.id if d.level else None,
                                   "counting": sum(cell.verified for cell in d.cells.values()),
                                   "pending": d.pending, "latest": d.latest})
            cells.extend(cell_rows(owner_id, framework, mine))
            standing.append(standing_row(owner_id, framework, dimensions))
    return status, cells, standing


def standing_row(owner_id, framework, dimensions):
    top = len(framework.levels) - 1
    positions = [d.level.position for d in dimensions if d.level is not None]
    return {"user_id": owner_id, "framework_id": framework.id,
            "points": sum(d.level.points for d in dimensions if d.level is not None),
            "tops": sum(1 for position in positions if position >= top),
            "mids": sum(1 for position in positions if position >= top // 2)}


def refresh(session, owner_ids):
    """Rewrite the stored rows of these people (in the current transaction). Their user
    rows are locked first, in id order, so two transactions that change the same person's
    evidence rewrite the rows one after the other, each seeing the other's claims."""
    session.execute(select(User.id).where(User.id.in_(owner_ids)).order_by(User.id).with_for_update())
    status, cells, standing = computed_rows(session, owner_ids)
    for model, rows in ((ReadinessStatus, status), (ReadinessCell, cells), (ReadinessStanding, standing)):
        session.execute(delete(model).where(model.user_id.in_(owner_ids)))
        if rows:
            session.execute(insert(model), rows)


def fill_if_empty(session):
    """Build the stored rows for a database that has claims but no status yet (one that was
    upgraded to this version); True if it did."""
    if session.scalar(select(ReadinessCell.user_id).limit(1)) is not None:
        return False
    if session.scalar(select(Claim.id).limit(1)) is None:
        return False
    rebuild_all(session)
    return True


def rebuild_all(session):
    """Recompute every stored row, e.g. after restoring a backup made elsewhere."""
    owners = session.scalars(select(User.id)).all()
    session.execute(delete(ReadinessStatus))
    session.execute(delete(ReadinessCell))
    session.execute(delete(ReadinessStanding))
    for start in range(0, len(owners), 500):
        refresh(session, owners[start:start + 500])


def stored_readiness(users, framework):
    """{user id: Readiness} against `framework` from the stored rows: levels and scores, no
    claims. One query for any number of people."""
    ids = [user.id for user in users]
    rows = db.session.execute(  # by the primary key's two columns, however large the organisation
        select(ReadinessStatus.user_id, ReadinessStatus.competency_id, ReadinessStatus.level_id)
        .where(ReadinessStatus.user_id.in_(ids),
               ReadinessStatus.competency_id.in_([c.id for c in framework.competencies]))).all()
    levels = {level.id: (level, kind_of(framework).score(level)) for level in framework.levels}
    stored = {(row.user_id, row.competency_id): levels[row.level_id] for row in rows if row.level_id in levels}
    kind, today = kind_of(framework), date.today()
    competencies = [(competency, competency.id) for competency in framework.competencies]
    result = {}
    for user in users:
        dimensions = []
        for competency, competency_id in competencies:
            level, score = stored.get((user.id, competency_id), (None, 0))
            dimensions.append(Dimension(competency=competency, level=level, score=score))
        result[user.id] = Readiness(framework=framework, kind=kind, as_of=today, dimensions=dimensions,
                                    **kind.summarise(framework, dimensions))
    return result
