"""People administration use cases: creating, editing, deactivating and reactivating people.
Services take the acting user, flush and never commit.

Edits are conditional on what the editor saw. A person row has no version column, so the
form (or the API's `version`) carries a fingerprint of the editable fields; the edit takes
the row's write lock first and then compares the fingerprint with the row as it is now, so
of two edits based on the same view exactly one lands and the other gets StalePerson (409).

Reporting lines never form a cycle: see `_place_under`.
"""
import hashlib
import json

from sqlalchemy import delete, select, text, update

from tracker import access
from tracker.accounts import links
from tracker.audit.service import AuditAction, record
from tracker.auth.service import create_user, end_sessions, find_user
from tracker.errors import Conflict, Forbidden, ValidationError
from tracker.extensions import db
from tracker.frameworks.targets import set_targets, targets_of
from tracker.models import ApiToken, LinkPurpose, User
from tracker.people import invitations
from tracker.people.validation import clean_person

REPORTING_LINES_LOCK = 0x7065_6f70  # the advisory lock key for reporting-line changes (PostgreSQL)


class StalePerson(Conflict):
    code = "version_conflict"

    def __init__(self, person):
        super().__init__(f"{person.name} was changed by someone else after you opened the form. Nothing was "
                         "saved. Look at the current details, then save again.",
                         {"version": f"Now {fingerprint(person)}."})


def fingerprint(person):
    """A short digest of the editable fields: the version an edit is based on."""
    seen = [person.email, person.name, person.manager_id, person.framework_id,
            sorted(f.id for f in person.other_targets), person.is_admin, person.active]
    return hashlib.sha256(json.dumps(seen).encode()).hexdigest()[:16]


def _lock(person):
    """Take the person's row for the rest of the transaction (a write that changes nothing:
    a row lock on PostgreSQL, the database's write lock on SQLite) and reload it, so what
    is checked next is what is current and nobody changes it before the commit."""
    db.session.execute(update(User).where(User.id == person.id)
                       .values(session_generation=User.session_generation)
                       .execution_options(synchronize_session=False))
    db.session.refresh(person)
    return person


def _lock_reporting_lines():
    """Serialise reporting-line changes. On PostgreSQL a transaction-scoped advisory lock,
    held until the commit; SQLite has one writer at a time, and `_lock` has written before
    the walk, so the walk reads under that lock."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REPORTING_LINES_LOCK})


def _place_under(person, manager):
    """Set the person's manager, refusing a cycle. Called with the reporting-line lock held
    (`_lock_reporting_lines` before `_lock`): the change is flushed, then the chain above
    the new manager is walked in the database (a bounded walk) looking for the person. Two
    concurrent edits that would close a loop together cannot both pass: the second waits
    for the lock and then walks the chain the first one committed."""
    if manager is not None and manager.id == person.id:
        raise ValidationError({"manager": f"{person.name} cannot report to themselves."})
    person.manager = manager
    db.session.flush()
    current, steps = _id(manager), 0
    while current is not None:
        if current == person.id:
            raise ValidationError({"manager": f"{person.name} cannot report to {manager.name}: "
                                              f"{manager.name} is below {person.name}."})
        steps += 1
        if steps > access.MAX_CHAIN:
            raise ValidationError({"manager": f"The reporting chain above {manager.name} is longer than "
                                              f"{access.MAX_CHAIN} levels."})
        current = db.session.scalar(select(User.manager_id).where(User.id == current))


def _id(user):
    return user.id if user is not None else None


def create_person(actor, data):
    """A new person without a password, and their invitation. A manager adds people to
    their own subtree only (below themselves when no manager is given)."""
    if not access.can_admin_people(actor):
        raise Forbidden("Only admins and managers add people.")
    cleaned = clean_person(actor, data, creating=True)
    if cleaned.get("admin") and not actor.is_admin:
        raise Forbidden("Only an admin can make someone an admin.")
    manager = cleaned.get("manager") or (None if actor.is_admin else actor)
    framework = cleaned.get("framework")
    person = create_user(cleaned["email"], cleaned["name"], None, admin=cleaned.get("admin", False),
                         manager_email=manager.email if manager else None,
                         framework_slug=framework.slug if framework else None)
    record(AuditAction.USER_CREATED, actor=actor, target=person,
           detail={"manager": manager.email if manager else None, "admin": person.is_admin,
                   "framework": framework.slug if framework else None})
    invitations.invite(actor, person)
    return person


def update_person(actor, person, data, seen=None):
    """Change what `data` gives (see clean_person), based on the fingerprint `seen` (None:
    whatever is current). Only admins change email addresses and the admin flag."""
    if not access.can_manage_person(actor, person):
        raise Forbidden(f"Only admins and people above {person.name} can change their details.")
    cleaned = clean_person(actor, data, creating=False)
    if "manager" in cleaned and _id(cleaned["manager"]) != person.manager_id:
        _lock_reporting_lines()
    _lock(person)
    if seen is not None and seen != fingerprint(person):
        raise StalePerson(person)
    changes = {}
    for field in ("name", "email"):
        if field in cleaned and cleaned[field] != getattr(person, field):
            if field == "email":
                if not actor.is_admin:
                    raise Forbidden("Only an admin can change someone's email address.")
                if find_user(cleaned["email"]) is not None:
                    raise ValidationError({"email": f"Someone already has the email {cleaned['email']}."})
            changes[field] = [getattr(person, field), cleaned[field]]
            setattr(person, field, cleaned[field])
    if "admin" in cleaned and cleaned["admin"] != person.is_admin:
        if not access.can_change_admin_flag(actor, person):
            raise Forbidden("Only another admin can change this admin flag.")
        record(AuditAction.ROLE_CHANGED, actor=actor, target=person,
               detail={"admin": [person.is_admin, cleaned["admin"]]})
        person.is_admin = cleaned["admin"]
    if "manager" in cleaned and _id(cleaned["manager"]) != person.manager_id:
        if cleaned["manager"] is None and not actor.is_admin:
            raise Forbidden("Only an admin can take someone out of every team.")
        before = person.manager.email if person.manager else None
        _place_under(person, cleaned["manager"])
        record(AuditAction.MANAGER_CHANGED, actor=actor, target=person,
               detail={"manager": [before, person.manager.email if person.manager else None]})
    if cleaned.get("targets") is not None:
        before = [f.slug for f in targets_of(person)]
        try:
            after = [f.slug for f in set_targets(actor, person, cleaned["targets"]["frameworks"],
                                                 cleaned["targets"]["primary"])]
        except ValidationError as error:
            raise ValidationError({f"targets.{key}": message for key, message in error.fields.items()}) from None
        if after != before:
            changes["targets"] = [before, after]
    if changes:
        record(AuditAction.USER_EDITED, actor=actor, target=person, detail=changes)
    if "email" in changes:
        _readdress(actor, person)
    if "active" in cleaned and cleaned["active"] != person.active:
        (reactivate if cleaned["active"] else deactivate)(actor, person)
    db.session.flush()
    return person


def _readdress(actor, person):
    """After an email change, no link mailed to the old address works any more (it may have
    been a typo, read by someone else); someone still invited is invited afresh at the new one."""
    for purpose in (LinkPurpose.INVITATION, LinkPurpose.PASSWORD_RESET):
        links.revoke_open(purpose, person)
    if person.active and not person.has_password and not person.sso_subject:
        invitations.invite(actor, person)


def deactivate(actor, person):
    """They can no longer sign in: their sessions end and their API tokens and open links
    go, at once. Their evidence stays; the outbox drops mail to them."""
    if not access.can_deactivate(actor, person):
        raise Forbidden("Only an admin can deactivate an admin." if person.is_admin and not actor.is_admin
                        else "You cannot deactivate yourself, nor anyone outside your team.")
    _lock(person)
    if not person.active:
        raise Conflict(f"{person.name} is already deactivated.")
    person.active = False
    end_sessions(person)
    tokens = db.session.execute(delete(ApiToken).where(ApiToken.user_id == person.id)).rowcount
    for purpose in (LinkPurpose.INVITATION, LinkPurpose.PASSWORD_RESET):
        links.revoke_open(purpose, person)
    record(AuditAction.DEACTIVATED, actor=actor, target=person, detail={"tokens_revoked": tokens})
    db.session.flush()
    return person


def reactivate(actor, person):
    if not access.can_deactivate(actor, person):
        raise Forbidden("Only an admin can reactivate an admin." if person.is_admin and not actor.is_admin
                        else "You cannot reactivate anyone outside your team.")
    _lock(person)
    if person.active:
        raise Conflict(f"{person.name} is already active.")
    person.active = True
    record(AuditAction.REACTIVATED, actor=actor, target=person)
    db.session.flush()
    return person
