from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class ReadinessStatus(db.Model):
    """A person's evidence level in one competency, as the rules compute it from the claims
    that count today. Derived data: `tracker.readiness.status` rewrites it in the same
    transaction as every change that can alter it, and it always equals a recomputation."""

    __tablename__ = "readiness_status"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"), index=True)
    level_id: Mapped[int | None] = mapped_column(ForeignKey("levels.id", ondelete="CASCADE"))
    counting: Mapped[int]
    pending: Mapped[int]
    latest = mapped_column(Date)


class ReadinessCell(db.Model):
    """A person's claims in one competency at one level, as the matrix shows them today:
    counts, when the level was first reached, and the months of the claims at this level
    or higher (the first few, which is all the "next step" sentence names). Written with
    `ReadinessStatus`, for every level of every competency the person has claims in, so
    that the matrix reads a fixed number of rows however long the history is."""

    __tablename__ = "readiness_cells"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("levels.id", ondelete="CASCADE"), primary_key=True)
    # Read by person (the primary key's first column); no index of its own, which would
    # tempt SQLite to read every person's cells of the framework.
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    verified: Mapped[int]
    pending: Mapped[int]
    at_or_above: Mapped[int]  # counting claims at this level or higher
    months: Mapped[str] = mapped_column(Text)  # "2026-03,2026-09": their first distinct months
    reached_on = mapped_column(Date)
    newest: Mapped[str] = mapped_column(Text)  # "41,17,9": the newest counting artifacts' ids
    last_on = mapped_column(Date)  # the newest date of any claim here, counting or pending


class ReadinessStanding(db.Model):
    """A person's totals in one framework, from their level in each competency: the points
    of those levels, and how many competencies reach the top and the middle level. The team
    view orders a whole organisation by these without adding anything up per page."""

    __tablename__ = "readiness_standing"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"), primary_key=True)
    points: Mapped[int]
    tops: Mapped[int]  # competencies at the top level
    mids: Mapped[int]  # competencies at the middle level or higher
