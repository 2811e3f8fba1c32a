"""Recording account events: sign-ins (and failed ones), role and reporting-line changes,
deactivations, invitations and password changes. `record` writes into the caller's
transaction, so an event is kept exactly when what it describes lands. A failed sign-in
changes nothing else, so its caller commits just the record."""
import enum

from flask import has_request_context, request

from tracker.extensions import db
from tracker.models import AuditEvent


class AuditAction(str, enum.Enum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_SSO = "sign_in_sso"
    SIGN_IN_SSO_REFUSED = "sign_in_sso_refused"
    USER_CREATED = "user_created"
    USER_EDITED = "user_edited"
    ROLE_CHANGED = "role_changed"
    MANAGER_CHANGED = "manager_changed"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    INVITATION_SENT = "invitation_sent"
    INVITATION_REVOKED = "invitation_revoked"
    INVITATION_ACCEPTED = "invitation_accepted"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET = "password_reset"
    TOKEN_REVOKED = "token_revoked"

    @property
    def label(self):
        return self.value.replace("_", " ").replace("sso", "single sign-on").capitalize()


def _label(user):
    return user.email if user is not None else ""


def record(action, actor=None, target=None, detail=None, target_label=None):
    """Add one event. `actor` is who acted (None: nobody signed in, e.g. a failed sign-in),
    `target` whom it was about; `target_label` names a target without an account (the
    email someone tried to sign in as). `detail` is a small JSON-able dict (before/after)."""
    event = AuditEvent(action=AuditAction(action).value, actor_id=actor.id if actor else None,
                       actor_label=_label(actor), target_id=target.id if target else None,
                       target_label=(target_label if target_label is not None else _label(target))[:254],
                       detail=detail or {},
                       address=(request.remote_addr or "")[:64] if has_request_context() else "")
    db.session.add(event)
    return event
