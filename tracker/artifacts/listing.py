"""Lists of evidence: filtered, a page at a time, newest first or (with search words) best
match first. Reads only; nothing here changes evidence."""
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from tracker import access, search
from tracker.artifacts.coach import BAR as COACH_BAR
from tracker.dates import parse_iso_date
from tracker.extensions import db
from tracker.ids import parse_whole
from tracker.models import Artifact, Claim, Competency

LIST_OPTIONS = (
    selectinload(Artifact.claims).selectinload(Claim.competency).selectinload(Competency.framework),
    selectinload(Artifact.claims).selectinload(Claim.level),
    selectinload(Artifact.metrics),
    selectinload(Artifact.attachments),
    selectinload(Artifact.owner),
    selectinload(Artifact.author),
    selectinload(Artifact.decided_by),
)


def parse_cursor(text):
    """`2026-03-10.412` (the last date and id seen) -> (date, id), or None."""
    day, _, row = (text or "").partition(".")
    parsed, row_id = parse_iso_date(day), parse_whole(row)
    return (parsed, row_id) if parsed is not None and row_id is not None else None


def cursor_of(artifact):
    return f"{artifact.occurred_on.isoformat()}.{artifact.id}"


COUNT_CAP = 10_000


@dataclass
class Results:
    items: list
    total: int | None  # None where counting would cost more than the page (everything an admin sees)
    capped: bool = False  # more than counted: a search ranked the newest search.CAP, a list counted COUNT_CAP
    next_cursor: str | None = None  # a list's next page starts after this (date.id)


def filtered(viewer, owner=None, competency=None, type_=None, state=None, needs_work=False, since=None,
             until=None):
    """A select of the artifacts the viewer may see, with the filters given."""
    query = select(Artifact).where(access.visible_artifacts(viewer))
    if owner is not None:
        query = query.where(Artifact.owner_id == owner.id)
    if type_:
        query = query.where(Artifact.type == type_)
    if state:
        query = query.where(Artifact.state == state)
    if needs_work:
        query = query.where(Artifact.coach_score < COACH_BAR)
    if since is not None:
        query = query.where(Artifact.occurred_on >= since)
    if until is not None:
        query = query.where(Artifact.occurred_on <= until)
    if competency:
        query = query.where(Artifact.claims.any(Claim.competency.has(Competency.slug == competency)))
    return query


def search_artifacts(viewer, q=None, page=1, per_page=50, **filters):
    """Artifacts the viewer may see, filtered (see `filtered`): newest first, or with `q`,
    the best matches first."""
    query = filtered(viewer, **filters)
    if q:
        owner = filters.get("owner") or (None if access.leads_others(viewer) else viewer)
        found = search.find(query, q, owner.id if owner is not None else None)
        ids = found.ids[(page - 1) * per_page:page * per_page]
        loaded = {a.id: a for a in db.session.scalars(select(Artifact).where(Artifact.id.in_(ids))
                                                       .options(*LIST_OPTIONS))} if ids else {}
        return Results([loaded[i] for i in ids if i in loaded], len(found.ids), found.capped)
    total = bounded_count(query)
    items = db.session.scalars(
        query.options(*LIST_OPTIONS)
        .order_by(Artifact.occurred_on.desc(), Artifact.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Results(items, min(total, COUNT_CAP), total > COUNT_CAP)


def bounded_count(query):
    """How many rows `query` has, counting no further than COUNT_CAP + 1: what an admin may see
    can be millions, and a count of them would cost more than the page."""
    return db.session.scalar(select(func.count()).select_from(
        query.with_only_columns(Artifact.id).limit(COUNT_CAP + 1).subquery()))


def list_artifacts(viewer, after=None, per_page=25, count=True, **filters):
    """A page of the artifacts the viewer may see, newest first, after `after` ((date, id)
    of the last one seen): the (owner, date) index serves one person's list, and no page
    costs more than the first. `count`: also count them all."""
    query = filtered(viewer, **filters)
    if after is not None:
        day, row_id = after
        query = query.where(or_(Artifact.occurred_on < day, and_(Artifact.occurred_on == day, Artifact.id < row_id)))
    items = db.session.scalars(query.options(*LIST_OPTIONS).order_by(Artifact.occurred_on.desc(), Artifact.id.desc())
                               .limit(per_page + 1)).all()
    more = len(items) > per_page
    items = items[:per_page]
    total = db.session.scalar(select(func.count()).select_from(filtered(viewer, **filters).subquery())) if count else None
    return Results(items, total, next_cursor=cursor_of(items[-1]) if more else None)


def trash(owner):
    return db.session.scalars(
        select(Artifact).where(Artifact.owner_id == owner.id, Artifact.deleted_at.is_not(None))
        .options(*LIST_OPTIONS).order_by(Artifact.deleted_at.desc())
    ).all()
