"""What candidates say of themselves: dated self-assessments, kept as history."""
from sqlalchemy import JSON, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow


class SelfAssessment(db.Model):
    """One sitting of the self-assessment: the questions answered 1-5 with a note, and a
    level per competency of each target framework (tracker/reviews/self_assessment.py)."""

    __tablename__ = "self_assessments"
    __table_args__ = (Index("ix_self_assessments_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # [{"question": slug, "rating": 1-5, "note": text}]
    answers: Mapped[list] = mapped_column(JSON, default=list)
    # {framework slug: {competency slug: level slug}}
    ratings: Mapped[dict] = mapped_column(JSON, default=dict)

    user = relationship("User")
