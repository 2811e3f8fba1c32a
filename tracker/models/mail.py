"""The mail ledger: one row per (person, kind of mail, period), claimed before anything is
sent, so that each mail goes out once however many runs or processes try; the kinds of
mail a person turned off; and a record of each run."""
import enum

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow


class DeliveryState(str, enum.Enum):
    """sending -> sent | retry | failed; retry -> sending (a later run claims it); failed ->
    retry (an admin's "retry failed"); a `sending` claim older than the ledger's STALE_CLAIM
    is claimed again. The statements in `tracker.mail.ledger` make exactly these moves."""
    SENDING = "sending"  # claimed by a run that is handing it to the mail server
    SENT = "sent"
    RETRY = "retry"  # the server refused or was away; a later run tries again
    FAILED = "failed"  # refused too often; an admin may retry it


class Delivery(db.Model):
    __tablename__ = "mail_deliveries"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "period", name="uq_mail_deliveries_user_kind_period"),
        Index("ix_mail_deliveries_due", "state", "next_attempt_at"),
        Index("ix_mail_deliveries_kind_period", "kind", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))  # "2026-10": the month the mail is about
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    claimed_at = mapped_column(UTCDateTime, nullable=False)
    next_attempt_at = mapped_column(UTCDateTime)
    sent_at = mapped_column(UTCDateTime)
    message_id: Mapped[str] = mapped_column(String(255), default="")

    user = relationship("User")


class MailOptOut(db.Model):
    """A kind of mail a person turned off (by the settings page or an unsubscribe link)."""

    __tablename__ = "mail_opt_outs"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class MailRun(db.Model):
    """One run of one kind for one period: by the scheduler, the command line or an admin."""

    __tablename__ = "mail_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    trigger: Mapped[str] = mapped_column(String(16))  # scheduler, command, admin
    started_at = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    finished_at = mapped_column(UTCDateTime)
    sent: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)  # already claimed by another run or earlier


class OutboxState(str, enum.Enum):
    """pending -> sending -> sent | pending (a later attempt) | failed; pending -> dropped
    (the person was deactivated). The statements in `tracker.mail.outbox` make these moves."""
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    DROPPED = "dropped"


class OutboxMail(db.Model):
    """A mail about one event (a review invitation, a summary), written in the transaction
    of the event itself: it goes out only if that transaction lands, and a mail server that
    is away delays it instead of losing it or the event."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A person with an account, or (user_id NULL) someone without one at `recipient`,
    # such as a stakeholder asked to corroborate evidence.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str | None] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(300))
    message_id: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    next_attempt_at = mapped_column(UTCDateTime)
    claimed_at = mapped_column(UTCDateTime)
    sent_at = mapped_column(UTCDateTime)

    user = relationship("User")
