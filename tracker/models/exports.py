"""What the exports need beyond the evidence: deployment settings an admin edits (the
company name that redacted documents leave out), the "not met, with explanation" texts and
the manager's endorsement that go into a promotion packet."""
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow


class SiteSetting(db.Model):
    """One setting of the deployment, by key (e.g. `company_name`)."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class PacketExplanation(db.Model):
    """Why a competency is below the target level, written by the candidate or their
    manager for the promotion packet ("not met, with explanation")."""

    __tablename__ = "packet_explanations"
    __table_args__ = (UniqueConstraint("user_id", "framework", "competency",
                                       name="uq_packet_explanations_user_competency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    framework: Mapped[str] = mapped_column(String(64))
    competency: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    author = relationship("User", foreign_keys=[author_id])


class Endorsement(db.Model):
    """A manager's statement for a candidate's promotion against one framework, dated and
    kept; the packet shows the newest, frozen as written."""

    __tablename__ = "endorsements"
    __table_args__ = (Index("ix_endorsements_user_framework", "user_id", "framework", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    framework: Mapped[str] = mapped_column(String(64))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    statement: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    author = relationship("User", foreign_keys=[author_id])
