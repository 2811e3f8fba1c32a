import sqlalchemy as sa
from sqlalchemy import JSON, Date, Float, ForeignKey, Index, SmallInteger, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow

ARTIFACT_TYPES = {
    "impact_note": "Impact note",
    "strategy_memo": "Strategy memo",
    "kpi_tree": "KPI tree",
    "risk_register": "Risk register",
    "postmortem": "Postmortem",
    "investment_case": "Investment case",
    "exec_update": "Executive update",
    "decision_log": "Decision log",
    "roadmap": "Roadmap",
    "budget_narrative": "Budget narrative",
    "service_catalog": "Service catalog",
    "stakeholder_map": "Stakeholder map",
    "plan_30_60_90": "30-60-90 plan",
    "other": "Other",
}
METRIC_CATEGORIES = ("revenue", "cost", "risk", "speed")
VISIBILITIES = {"manager": "Me and my management chain", "private": "Only me"}
STATES = {
    "draft": "Draft",
    "submitted": "Awaiting verification",
    "verified": "Verified",
    "changes_requested": "Changes requested",
}


AWAITING = "state = 'submitted' AND visibility = 'manager' AND deleted_at IS NULL"


class Artifact(db.Model):
    """One piece of evidence, owned by a candidate, possibly written by their manager."""

    __tablename__ = "artifacts"
    __table_args__ = (
        Index("ix_artifacts_owner_occurred", "owner_id", "occurred_on"),
        Index("ix_artifacts_occurred", "occurred_on", "id"),  # everything one may see, newest first
        # The verification queue: what awaits a decision, by person and oldest first. Partial,
        # so a queue reads only waiting evidence (tracker/artifacts/queue.py writes the
        # condition as constants so the database can use them).
        Index("ix_artifacts_awaiting_owner", "owner_id", "occurred_on", "id",
              sqlite_where=text(AWAITING), postgresql_where=text(AWAITING)),
        Index("ix_artifacts_awaiting_date", "occurred_on", "id", "owner_id",
              sqlite_where=text(AWAITING), postgresql_where=text(AWAITING)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    type: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    occurred_on = mapped_column(Date, nullable=False)
    summary: Mapped[str] = mapped_column(Text, default="")
    # The summary's first paragraphs as cleaned HTML (tracker.markdown.markdown_preview), made
    # when the summary is saved, so lists of many items render none of it per request.
    summary_preview: Mapped[str] = mapped_column(Text, default="", server_default="")
    situation: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    stakeholders: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list] = mapped_column(JSON, default=list)
    # The type's own sections (tracker/artifacts/kinds), e.g. {"risks": [...]} for a risk register.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # The evidence coach's score out of 5 (tracker/artifacts/coach.py), kept on every save.
    coach_score: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    visibility: Mapped[str] = mapped_column(String(16), default="manager")
    # Marked by the candidate: a redacted export shows a neutral placeholder instead.
    confidential: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    state: Mapped[str] = mapped_column(String(24), default="draft")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at = mapped_column(UTCDateTime)
    decision_comment: Mapped[str] = mapped_column(Text, default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    deleted_at = mapped_column(UTCDateTime)
    # Bumped by every change and decision; see tracker/artifacts/versions.py.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    owner = relationship("User", foreign_keys=[owner_id])
    author = relationship("User", foreign_keys=[author_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    claims: Mapped[list["Claim"]] = relationship(
        back_populates="artifact", cascade="all, delete-orphan", order_by="Claim.id"
    )
    metrics: Mapped[list["Metric"]] = relationship(
        back_populates="artifact", cascade="all, delete-orphan", order_by="Metric.position"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="artifact", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    events: Mapped[list["ArtifactEvent"]] = relationship(
        back_populates="artifact", cascade="all, delete-orphan", order_by="ArtifactEvent.id"
    )

    @property
    def type_label(self):
        return ARTIFACT_TYPES.get(self.type, self.type)

    @property
    def state_label(self):
        return STATES.get(self.state, self.state)


class Claim(db.Model):
    """The artifact's claim that it shows `competency` at `level`."""

    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("artifact_id", "competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    artifact_id: Mapped[int] = mapped_column(ForeignKey("artifacts.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id"), index=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("levels.id"))

    artifact: Mapped[Artifact] = relationship(back_populates="claims")
    competency = relationship("Competency")
    level = relationship("Level")


class Metric(db.Model):
    """An outcome metric: where it started, where it ended, and what kind of value it is."""

    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    artifact_id: Mapped[int] = mapped_column(ForeignKey("artifacts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    baseline: Mapped[float | None] = mapped_column(Float)
    result: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32), default="")
    category: Mapped[str] = mapped_column(String(16))

    artifact: Mapped[Artifact] = relationship(back_populates="metrics")


class ArtifactEvent(db.Model):
    """The artifact's history: every change and decision, with who, when and a snapshot."""

    __tablename__ = "artifact_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    artifact_id: Mapped[int] = mapped_column(ForeignKey("artifacts.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(24))  # None when the evidence was created
    to_state: Mapped[str | None] = mapped_column(String(24))
    comment: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    artifact: Mapped[Artifact] = relationship(back_populates="events")
    actor = relationship("User")


class Attachment(db.Model):
    """A file attached to evidence. The bytes live in the upload folder under `stored_name`."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    artifact_id: Mapped[int] = mapped_column(ForeignKey("artifacts.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    artifact: Mapped[Artifact] = relationship(back_populates="attachments")
    uploaded_by = relationship("User")
