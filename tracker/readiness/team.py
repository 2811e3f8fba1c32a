"""The team view: everyone a person leads (their whole subtree; everyone for admins),
against one framework, a page at a time, with totals per competency. It reads the stored
status (`tracker.readiness.status`), so a page costs the same whatever the history."""
from dataclasses import dataclass

from sqlalchemy import func, select

from tracker import access
from tracker.extensions import db
from tracker.models import User
from tracker.readiness.status import stored_readiness

PER_PAGE = 50


@dataclass
class TeamPage:
    framework: object
    people: list  # (User, Readiness), in the chosen order
    totals: list  # per competency: (people with a level, people at the middle level or higher)
    page: int
    pages: int
    count: int


def _members(viewer):
    query = select(User).where(User.active.is_(True), User.id != viewer.id)
    if not viewer.is_admin:
        query = query.where(User.id.in_(access.managed_ids(viewer)))
    return query


def sort_key(sort, framework):
    """How rows are ordered: by standing (default), by name, or by one competency's level."""
    positions = {c.slug: i for i, c in enumerate(framework.competencies)}
    if sort == "name":
        return lambda row: row[0].name.lower()
    if sort in positions:
        index = positions[sort]
        return lambda row: (-(row[1].dimensions[index].score), row[0].name.lower())

    def standing(row):
        readiness = row[1]
        rank = {"ready": 2, "transition": 1, "manager": 0}.get(readiness.stage, 0)
        return (-(readiness.total if readiness.total is not None else rank),
                -sum(d.score for d in readiness.dimensions), row[0].name.lower())
    return standing


def team_page(viewer, framework, page=1, sort=None):
    """One page of the viewer's people, sorted within the page's slice of names."""
    count = db.session.scalar(select(func.count()).select_from(_members(viewer).subquery()))
    pages = max(1, -(-count // PER_PAGE))
    page = min(max(1, page), pages)
    people = db.session.scalars(
        _members(viewer).order_by(User.name, User.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    results = stored_readiness(people, framework)
    rows = sorted(((person, results[person.id]) for person in people), key=sort_key(sort, framework))
    middle = framework.levels[(len(framework.levels) - 1) // 2].position
    totals = []
    for index, _ in enumerate(framework.competencies):
        levels = [row[1].dimensions[index].level for row in rows]
        totals.append((sum(1 for level in levels if level is not None),
                       sum(1 for level in levels if level is not None and level.position >= middle)))
    return TeamPage(framework=framework, people=rows, totals=totals, page=page, pages=pages, count=count)
