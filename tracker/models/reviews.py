"""Review work: what candidates say of themselves (dated self-assessments, kept as
history) and review sessions with their topics, notes, agreed levels and action items."""
import enum
from datetime import date, timedelta

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
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


class ReviewState(str, enum.Enum):
    """scheduled -> closed | cancelled; the moves are `tracker.reviews.sessions.TRANSITIONS`.
    Only a scheduled session takes notes, topics, agreed levels and decisions."""
    SCHEDULED = "scheduled"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ReviewSession(db.Model):
    """A review between a candidate and the manager who scheduled it. `sequence` counts the
    changes sent out as calendar updates; `version` is bumped by every move (reschedule,
    cancel, agreed levels, close; tracker/reviews/sessions.py claims it), so a move based on
    what a person saw fails when another came first."""

    __tablename__ = "review_sessions"
    __table_args__ = (Index("ix_review_sessions_candidate_starts", "candidate_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_at = mapped_column(UTCDateTime, nullable=False)
    duration_minutes: Mapped[int] = mapped_column()
    location: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[str] = mapped_column(String(16), default=ReviewState.SCHEDULED.value)
    sequence: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    closed_at = mapped_column(UTCDateTime)
    # The agenda as it stood when the session closed or was cancelled (agenda.py to_dict).
    frozen_agenda: Mapped[dict | None] = mapped_column(JSON)

    candidate = relationship("User", foreign_keys=[candidate_id])
    manager = relationship("User", foreign_keys=[manager_id])

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self):
        return self.state == ReviewState.SCHEDULED.value


class ReviewTopic(db.Model):
    """Something either side wants to talk about, added before or during the session."""

    __tablename__ = "review_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("review_sessions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    author = relationship("User")


class ReviewNote(db.Model):
    """A note in a session: shared (both sides and whoever may read the session) or private
    (its author's alone, always). Read them only through `tracker.reviews.notes`."""

    __tablename__ = "review_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("review_sessions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(default=False)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    author = relationship("User")


class AgreedLevel(db.Model):
    """The level the manager and candidate agreed for one competency in one session, with
    why. Shown beside the evidence level; it never replaces it. Named by slugs, like
    self-ratings, so it outlives a new version of the framework."""

    __tablename__ = "agreed_levels"
    __table_args__ = (
        UniqueConstraint("session_id", "framework", "competency", name="uq_agreed_levels_session_competency"),
        Index("ix_agreed_levels_candidate", "candidate_id", "framework"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("review_sessions.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    framework: Mapped[str] = mapped_column(String(64))
    competency: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(64))
    rationale: Mapped[str] = mapped_column(String(1000), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recorded_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    session = relationship("ReviewSession")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])


class ActionItem(db.Model):
    """Something someone will do after a session. Open items carry over to the candidate's
    next session until they are done."""

    __tablename__ = "review_action_items"
    __table_args__ = (Index("ix_review_action_items_candidate_done", "candidate_id", "done_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("review_sessions.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    due: Mapped[date | None] = mapped_column(Date)
    done_at = mapped_column(UTCDateTime)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    session = relationship("ReviewSession")
    owner = relationship("User", foreign_keys=[owner_id])


class ReviewDecision(db.Model):
    """Evidence verified or sent back from a session's page, for the session's summary."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("review_sessions.id", ondelete="CASCADE"), index=True)
    artifact_id: Mapped[int] = mapped_column(ForeignKey("artifacts.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    decided_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    artifact = relationship("Artifact")
