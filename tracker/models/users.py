from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.extensions import db
from tracker.models.base import UTCDateTime, utcnow


# A person's targets besides the primary one (users.framework_id), which is kept apart so
# that there is always exactly one primary.
user_targets = Table(
    "user_targets", db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("framework_id", ForeignKey("frameworks.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # None until an invited person sets a password (and for single-sign-on-only accounts).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("frameworks.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # Part of every session's identity: bumping it ends all of the user's sessions at once.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # The OpenID Connect subject ("issuer sub") this account signs in as, once linked.
    sso_subject: Mapped[str | None] = mapped_column(String(255), unique=True)

    manager: Mapped["User | None"] = relationship(remote_side=[id], back_populates="reports")
    reports: Mapped[list["User"]] = relationship(back_populates="manager", order_by="User.name")
    framework = relationship("Framework")  # the primary target; None means the default framework
    other_targets = relationship("Framework", secondary=user_targets, order_by="Framework.name")

    def set_password(self, password):
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password):
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    @property
    def has_password(self):
        return self.password_hash is not None

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """The session's identity: the user *and* their session generation, so bumping the
        generation (sign-out, later password change or deactivation) ends every session."""
        return f"{self.id}:{self.session_generation}"

    def __repr__(self):
        return f"<User {self.email}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    expires_at = mapped_column(UTCDateTime, nullable=False, index=True)

    user: Mapped[User] = relationship()
