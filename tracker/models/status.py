from sqlalchemy import Date, ForeignKey
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
