"""The team view: everyone a person leads (their whole subtree; everyone for admins),
against one framework, a page at a time, with totals per competency. It reads the stored
status (`tracker.readiness.status`), so a page costs the same whatever the history."""
from dataclasses import dataclass

from sqlalchemy import case, func, select

from tracker import access
from tracker.extensions import db
from tracker.models import Level, ReadinessStanding, ReadinessStatus, User
from tracker.readiness.status import stored_readiness

PER_PAGE = 50


@dataclass
class TeamPage:
    framework: object
    people: list  # (User, Readiness), in the chosen order (it holds across pages)
    totals: list  # per competency: (people with a level, people at the middle level or higher)
    page: int
    pages: int
    count: int


def _members(viewer):
    query = select(User).where(User.active.is_(True), User.id != viewer.id)
    if not viewer.is_admin:
        query = query.where(User.id.in_(access.managed_ids(viewer)))
    return query


def _ordering(framework, sort):
    """ORDER BY terms for the members query, from the stored status, so the order holds
    across pages: by name, by one competency's level, or by standing (stage, then points,
    for ladders; points for scorecards)."""
    competencies = {c.slug: c.id for c in framework.competencies}
    if sort == "name":
        return [User.name, User.id]
    if sort in competencies:
        position = (select(Level.position)
                    .join(ReadinessStatus, ReadinessStatus.level_id == Level.id)
                    .where(ReadinessStatus.user_id == User.id,
                           ReadinessStatus.competency_id == competencies[sort])
                    .scalar_subquery())
        return [func.coalesce(position, -1).desc(), User.name, User.id]
    standing = (select(ReadinessStanding.user_id, ReadinessStanding.points, ReadinessStanding.tops,
                       ReadinessStanding.mids)
                .where(ReadinessStanding.framework_id == framework.id).subquery())
    points = func.coalesce(standing.c.points, 0)
    terms = [points.desc(), User.name, User.id]
    if framework.kind == "ladder":
        stage = case((func.coalesce(standing.c.tops, 0) >= framework.ready_rows, 2),
                     (func.coalesce(standing.c.mids, 0) >= framework.transition_rows, 1), else_=0)
        terms.insert(0, stage.desc())
    return standing, terms


def team_page(viewer, framework, page=1, sort=None):
    """One page of the viewer's people in the chosen order, with their stored readiness."""
    count = db.session.scalar(select(func.count()).select_from(_members(viewer).subquery()))
    pages = max(1, -(-count // PER_PAGE))
    page = min(max(1, page), pages)
    query = _members(viewer)
    ordering = _ordering(framework, sort)
    if isinstance(ordering, tuple):  # standing: joined to the per-person totals
        standing, ordering = ordering
        query = query.outerjoin(standing, standing.c.user_id == User.id)
    people = db.session.scalars(query.order_by(*ordering).limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    results = stored_readiness(people, framework)
    rows = [(person, results[person.id]) for person in people]
    middle = framework.levels[(len(framework.levels) - 1) // 2].position
    totals = []
    for index, _ in enumerate(framework.competencies):
        levels = [row[1].dimensions[index].level for row in rows]
        totals.append((sum(1 for level in levels if level is not None),
                       sum(1 for level in levels if level is not None and level.position >= middle)))
    return TeamPage(framework=framework, people=rows, totals=totals, page=page, pages=pages, count=count)
