"""What people administration, sign-in and corroboration keep: the single-use links mailed
to people (invitations, password resets, stakeholder requests), stakeholder statements on
evidence, and the audit trail of account events."""
import enum

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow


class LinkPurpose(str, enum.Enum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"
    CORROBORATION = "corroboration"


class AccountLink(db.Model):
    """One mailed link. The link carries a signed, timestamped token naming this row and a
    secret whose SHA-256 is `digest`; the row makes it single-use (`used_at`) and revocable
    (`revoked_at`). See tracker.accounts.links."""

    __tablename__ = "account_links"
    __table_args__ = (Index("ix_account_links_user_purpose", "user_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    used_at = mapped_column(UTCDateTime)
    revoked_at = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])
    created_by = relationship("User", foreign_keys=[created_by_id])


class CorroborationState(str, enum.Enum):
    """requested -> given | withdrawn (see tracker.corroboration)."""
    REQUESTED = "requested"
    GIVEN = "given"
    WITHDRAWN = "withdrawn"


class Corroboration(db.Model):
    """A stakeholder's statement on one piece of evidence, asked for by the candidate."""

    __tablename__ = "corroborations"

    id: Mapped[int] = mapped_column(primary_key=True)
    artifact_id: Mapped[int] = mapped_column(ForeignKey("artifacts.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(16), default=CorroborationState.REQUESTED.value)
    statement: Mapped[str] = mapped_column(Text, default="")
    link_id: Mapped[int | None] = mapped_column(ForeignKey("account_links.id", ondelete="SET NULL"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    answered_at = mapped_column(UTCDateTime)
    withdrawn_at = mapped_column(UTCDateTime)

    artifact = relationship("Artifact")
    requested_by = relationship("User")
    link = relationship("AccountLink")


class AuditEvent(db.Model):
    """One account event: who (the actor, and the email they had then), to whom, what, when
    (UTC) and from where. Rows outlive the people they name: the labels keep the emails."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    target_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    target_label: Mapped[str] = mapped_column(String(254), default="")
    detail = mapped_column(JSON, nullable=False, default=dict)
    address: Mapped[str] = mapped_column(String(64), default="")
