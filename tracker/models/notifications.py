"""In-app notifications: a person's evidence was verified or sent back, or evidence awaits
their verification. Unread until the person marks them read."""
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow

NOTIFICATION_KINDS = {
    "verified": "Your evidence was verified",
    "sent_back": "Your evidence was sent back",
    "awaits_verification": "Evidence awaits your verification",
    "corroborated": "A stakeholder gave a statement on your evidence",
}


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    artifact_id: Mapped[int] = mapped_column(ForeignKey("artifacts.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    read_at = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])
    artifact = relationship("Artifact")
    actor = relationship("User", foreign_keys=[actor_id])

    @property
    def kind_label(self):
        return NOTIFICATION_KINDS[self.kind]
