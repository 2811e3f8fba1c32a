"""The people list: the people someone may administer, searched by name or email, a page at
a time. A page costs the same few queries however many people there are."""
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from tracker import access
from tracker.extensions import db
from tracker.models import User

PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000
QUERY_LIMIT = 100


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


def _like(q):
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def search_people(viewer, q="", page=1, per_page=PER_PAGE):
    """People the viewer may see in the list (access.visible_people), by name, whose name
    or email contains `q` (first QUERY_LIMIT characters)."""
    where = [access.visible_people(viewer)]
    q = (q or "").strip()[:QUERY_LIMIT]
    if q:
        pattern = _like(q)
        where.append(or_(func.lower(User.name).like(pattern, escape="\\"), User.email.like(pattern, escape="\\")))
    total = db.session.scalar(select(func.count(User.id)).where(*where))
    items = db.session.scalars(
        select(User).where(*where).options(selectinload(User.manager), selectinload(User.other_targets))
        .order_by(User.name, User.id)
        .limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items, total, page, per_page)
