"""Readiness today from the stored cells: what the matrix, the dashboard and the API show
when no earlier date is asked for.

A person's cells (`ReadinessCell`, one per competency and level where they have claims) are
written by `status.refresh` with the rules in `rules`; reading them and the newest three
pieces of each cell costs two queries whatever the length of the history. Evidence dated
after today (allowed for time zones east of UTC) is already in the cells but must not count
yet: when a cell's newest date is after today, the readiness is computed from the claims.
"""
from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Artifact, ReadinessCell
from tracker.readiness.claims import VERIFIER
from tracker.readiness.kinds import kind_of
from tracker.readiness.rules import (
    NEWEST_PER_CELL, Cell, ClaimRow, Dimension, Readiness, first_reached, next_step, next_target, qualifying)


def cell_rows(owner_id, framework, claims):
    """The stored cells of one person in one framework, from their claim rows (newest
    first, any shown state): every level of every competency they have claims in."""
    by_competency = {}
    level_ids = {level.id for level in framework.levels}
    for claim in claims:
        if claim.level_id in level_ids:
            by_competency.setdefault(claim.competency_id, []).append(claim)
    rows = []
    for competency in framework.competencies:
        mine = by_competency.get(competency.id)
        if not mine:
            continue
        counting = [c for c in mine if c.state == "verified"]
        reached = first_reached(framework, counting)
        for level in framework.levels:
            pieces, months = qualifying(framework, counting, level)
            here = [c for c in mine if c.level_id == level.id]
            verified = [c for c in here if c.state == "verified"]
            rows.append({
                "user_id": owner_id, "competency_id": competency.id, "level_id": level.id,
                "framework_id": framework.id, "verified": len(verified), "pending": len(here) - len(verified),
                "at_or_above": pieces, "reached_on": reached.get(level.position),
                "months": ",".join(f"{y:04d}-{m:02d}" for y, m in months[:framework.min_distinct_months]),
                "newest": ",".join(str(c.artifact_id) for c in verified[:NEWEST_PER_CELL]),
                "last_on": here[0].occurred_on if here else None})
    return rows


def _months(text):
    return [(int(part[:4]), int(part[5:7])) for part in text.split(",")] if text else []


def _pieces(artifact_ids):
    """{artifact id: ClaimRow without its claim} of these artifacts, with their verifiers."""
    if not artifact_ids:
        return {}
    rows = db.session.execute(
        select(Artifact.id, Artifact.title, Artifact.occurred_on, Artifact.state, VERIFIER.name)
        .outerjoin(VERIFIER, VERIFIER.id == Artifact.decided_by_id).where(Artifact.id.in_(artifact_ids)))
    return {row.id: row for row in rows}


def stored_readiness_against(person, frameworks):
    """[Readiness today] of the person against each framework, from two queries (the cells,
    then the newest pieces they name); None in place of all of them when evidence dated
    after today means the cells run ahead."""
    if not frameworks:
        return []
    cells = db.session.execute(
        select(ReadinessCell).where(ReadinessCell.user_id == person.id,
                                    ReadinessCell.framework_id.in_([f.id for f in frameworks]))).scalars().all()
    today = date.today()
    if any(cell.last_on is not None and cell.last_on > today for cell in cells):
        return None
    pieces = _pieces({int(i) for cell in cells if cell.newest for i in cell.newest.split(",")})
    stored, shown = {}, {}
    for cell in cells:
        stored[cell.competency_id, cell.level_id] = cell
        shown[cell.competency_id, cell.level_id] = [
            ClaimRow(cell.competency_id, cell.level_id, piece.id, piece.title, piece.occurred_on, piece.state,
                     piece.name)
            for piece in (pieces.get(int(i)) for i in cell.newest.split(",") if cell.newest) if piece]
    result = []
    for framework in frameworks:
        kind = kind_of(framework)
        dimensions = [_dimension(framework, kind, competency, stored, shown) for competency in framework.competencies]
        result.append(Readiness(framework=framework, kind=kind, as_of=today, dimensions=dimensions,
                                **kind.summarise(framework, dimensions)))
    return result


def _dimension(framework, kind, competency, stored, shown):
    mine = {level: stored.get((competency.id, level.id)) for level in framework.levels}
    reached = {level.position: cell.reached_on for level, cell in mine.items()
               if cell is not None and cell.reached_on is not None}
    level = framework.levels[max(reached)] if reached else None
    cells = {lvl.id: Cell(verified=cell.verified, pending=cell.pending,
                          newest=shown.get((competency.id, lvl.id), []))
             for lvl, cell in mine.items() if cell is not None and (cell.verified or cell.pending)}
    target = next_target(framework, level)
    target_cell = mine.get(target) if target is not None else None
    step = None
    if target is not None:
        step = next_step(framework, level, target_cell.at_or_above if target_cell else 0,
                         _months(target_cell.months) if target_cell else [])
    latest = max((cell.newest[0].occurred_on for cell in cells.values() if cell.newest), default=None)
    return Dimension(competency=competency, level=level, score=kind.score(level), cells=cells, reached=reached,
                     latest=latest, next_step=step)
