from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow


class Framework(db.Model):
    """A career framework: ordered levels x competencies, with readiness thresholds."""

    __tablename__ = "frameworks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    min_evidence: Mapped[int] = mapped_column(default=2)
    min_distinct_months: Mapped[int] = mapped_column(default=2)
    ready_rows: Mapped[int] = mapped_column(default=6)
    transition_rows: Mapped[int] = mapped_column(default=3)
    kind: Mapped[str] = mapped_column(String(16), default="ladder", server_default="ladder")
    # The bundled YAML's `version` this copy was installed from; `frameworks sync` upgrades older ones.
    content_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # "bundled" (installed and kept current by `frameworks sync`) or "imported" (an admin's, never touched).
    origin: Mapped[str] = mapped_column(String(16), default="imported", server_default="imported")
    bands: Mapped[list | None] = mapped_column(JSON)  # scorecards: [{min, max, label, advice}]
    proof_pack: Mapped[list | None] = mapped_column(JSON)  # [{label, types, signals}]
    stage_names: Mapped[dict | None] = mapped_column(JSON)  # ladders: {manager, transition, ready}
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    levels: Mapped[list["Level"]] = relationship(
        back_populates="framework", order_by="Level.position", cascade="all, delete-orphan"
    )
    competencies: Mapped[list["Competency"]] = relationship(
        back_populates="framework", order_by="Competency.position", cascade="all, delete-orphan"
    )


class Level(db.Model):
    __tablename__ = "levels"
    __table_args__ = (UniqueConstraint("framework_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int]
    points: Mapped[int] = mapped_column(default=0, server_default="0")  # what the level scores

    framework: Mapped[Framework] = relationship(back_populates="levels")


class Competency(db.Model):
    __tablename__ = "competencies"
    __table_args__ = (UniqueConstraint("framework_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int]
    evidence_hints: Mapped[list] = mapped_column(JSON, default=list)
    weak_signals: Mapped[list] = mapped_column(JSON, default=list)
    # look_for, proof_points, traps, fast_move {type, contains}, self_check: all optional
    guidance: Mapped[dict | None] = mapped_column(JSON)

    framework: Mapped[Framework] = relationship(back_populates="competencies")
    descriptors: Mapped[list["Descriptor"]] = relationship(
        back_populates="competency", cascade="all, delete-orphan"
    )

    def descriptor_for(self, level):
        for descriptor in self.descriptors:
            if descriptor.level_id == level.id:
                return descriptor.text
        return ""


class Descriptor(db.Model):
    """What one level looks like in one competency."""

    __tablename__ = "descriptors"
    __table_args__ = (UniqueConstraint("competency_id", "level_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id", ondelete="CASCADE"))
    level_id: Mapped[int] = mapped_column(ForeignKey("levels.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)

    competency: Mapped[Competency] = relationship(back_populates="descriptors")
    level: Mapped[Level] = relationship()
