"""Who may see and do what. Every route, web or API, asks these questions.

Candidates see their own evidence; managers see the `manager`-visible evidence of everyone
below them in the reporting chain; admins see all `manager`-visible evidence. `private`
evidence and the trash are the owner's alone. Verification belongs to the owner's direct
manager or an admin, never to the owner.
"""
from flask import has_request_context, request
from sqlalchemy import exists, or_, select

from tracker.auth.service import find_user
from tracker.extensions import db
from tracker.models import Artifact, User

MAX_CHAIN = 50  # bounds the walk up the reporting chain, even on corrupted data


def is_above(manager, user):
    """True when `manager` is somewhere above `user` in the reporting chain (never above
    themselves). Loads one manager per step, none for a direct report."""
    current, steps = user, 0
    while manager.id != user.id and current.manager_id is not None and steps < MAX_CHAIN:
        if current.manager_id == manager.id:
            return True
        current, steps = current.manager, steps + 1
    return False


def can_view_person(viewer, person):
    return viewer.id == person.id or viewer.is_admin or is_above(viewer, person)


def visible_person_by_email(viewer, email):
    """The user with this email if the viewer may see them, else None (unknown and hidden alike)."""
    person = find_user(email.strip()[:254]) if isinstance(email, str) and email.strip() else None
    return person if person is not None and can_view_person(viewer, person) else None


def can_view_artifact(viewer, artifact):
    if artifact.owner_id == viewer.id:
        return True
    if artifact.visibility == "private" or artifact.deleted_at is not None:
        return False
    return viewer.is_admin or is_above(viewer, artifact.owner)


def can_edit_artifact(viewer, artifact):
    if not can_view_artifact(viewer, artifact) or artifact.deleted_at is not None:
        return False
    return viewer.id in (artifact.owner_id, artifact.author_id) or viewer.is_admin


def can_delete_artifact(viewer, artifact):
    return artifact.owner_id == viewer.id or (
        can_edit_artifact(viewer, artifact) and artifact.author_id == viewer.id)


def can_restore_artifact(viewer, artifact):
    return artifact.owner_id == viewer.id


def can_manage_corroboration(viewer, artifact):
    """Asking stakeholders for statements, withdrawing requests and seeing them (with the
    addresses they went to) belong to the evidence's owner alone. Statements that were
    given are seen by whoever may see the evidence."""
    return artifact.owner_id == viewer.id


def can_verify_artifact(viewer, artifact):
    if artifact.owner_id == viewer.id or not can_view_artifact(viewer, artifact):
        return False
    return viewer.is_admin or artifact.owner.manager_id == viewer.id


def can_log_for(viewer, owner):
    """Evidence is logged for active people only: a deactivated person's log is closed."""
    if not owner.active:
        return False
    return viewer.id == owner.id or viewer.is_admin or owner.manager_id == viewer.id


def can_set_targets(viewer, person):
    """Targets are set by the person's management chain or an admin, not by the person."""
    return viewer.is_admin or is_above(viewer, person)


def can_schedule_review(viewer, candidate):
    """A review is scheduled by the candidate's manager or an admin, never by the candidate,
    and only with someone whose account is active."""
    return candidate.active and viewer.id != candidate.id and (viewer.is_admin or candidate.manager_id == viewer.id)


def can_view_review(viewer, review):
    """The candidate, their management chain and admins see a session (never the private
    notes in it: those are their author's alone, see tracker.reviews.notes). A manager who
    no longer leads the candidate no longer sees the sessions they ran."""
    return can_view_person(viewer, review.candidate)


def is_manager_side(viewer, review):
    """The manager's side of a session: the candidate's direct manager (who takes over a
    session when the reporting line changes), or the admin who scheduled it."""
    return viewer.id != review.candidate_id and (
        review.candidate.manager_id == viewer.id or (viewer.id == review.manager_id and viewer.is_admin))


def can_take_part(viewer, review):
    """Topics, notes and action items come from the two sides."""
    return viewer.id == review.candidate_id or is_manager_side(viewer, review)


def can_run_review(viewer, review):
    """Rescheduling, cancelling, agreed levels, decisions and closing: the manager's side,
    or any admin."""
    return viewer.id != review.candidate_id and (viewer.is_admin or is_manager_side(viewer, review))


def can_admin_settings(viewer):
    """The deployment's settings (the company name redacted documents leave out): admins only."""
    return viewer.is_admin


def can_admin_mail(viewer):
    """The mail runs, deliveries and failures of everyone: admins only."""
    return viewer.is_admin


def can_read_audit(viewer):
    """The audit trail of everyone's account events: admins only."""
    return viewer.is_admin


def can_admin_people(viewer):
    """The people list, adding people and the CSV import: admins, and managers for their
    own subtree (tracker.people.service keeps them to it)."""
    return viewer.is_admin or leads_others(viewer)


def can_manage_person(viewer, person):
    """Editing, deactivating and inviting someone: an admin, or anyone above them in the
    reporting chain. Seeing them is `can_view_person` (404 without it, 403 without this)."""
    return viewer.is_admin or is_above(viewer, person)


def can_change_admin_flag(viewer, person):
    """Admins, for anyone but themselves (so the last admin cannot lock everyone out)."""
    return viewer.is_admin and viewer.id != person.id


def can_deactivate(viewer, person):
    """Those above the person, or admins, but never oneself; an admin only by an admin (a
    manager above the last admin would otherwise lock everyone out of administration)."""
    return (viewer.id != person.id and can_manage_person(viewer, person)
            and (viewer.is_admin or not person.is_admin))


def visible_people(viewer):
    """A WHERE clause on users for the people list: everyone for an admin, else the viewer
    and everyone below them."""
    if viewer.is_admin:
        return User.id.is_not(None)
    return or_(User.id == viewer.id, User.id.in_(managed_ids(viewer)))


def leads_others(viewer):
    """Whether the viewer has a verification queue and a team view. Every page's navigation
    asks, and so do the lists: answered once per request."""
    if viewer.is_admin:
        return True
    answers = request.environ.setdefault("tracker.leads_others", {}) if has_request_context() else {}
    if viewer.id not in answers:
        answers[viewer.id] = bool(db.session.scalar(select(exists().where(User.manager_id == viewer.id))))
    return answers[viewer.id]


def managed_ids(viewer):
    """A subquery of the ids of everyone below `viewer` in the reporting chain."""
    chain = select(User.id).where(User.manager_id == viewer.id).cte("chain", recursive=True)
    chain = chain.union(select(User.id).where(User.manager_id == chain.c.id))
    return select(chain.c.id)


def visible_artifacts(viewer):
    """A WHERE clause for artifacts the viewer may list (deleted ones excluded). For someone
    who leads nobody that is their own evidence, with no walk down a reporting chain."""
    mine = Artifact.owner_id == viewer.id
    if not leads_others(viewer):
        return Artifact.deleted_at.is_(None) & mine
    shared_or_mine = or_(Artifact.visibility == "manager", mine)
    if viewer.is_admin:
        return Artifact.deleted_at.is_(None) & shared_or_mine
    # One IN over the viewer and everyone below them, as values, not an OR of two sets nor a
    # recursive subquery: the database then knows how many owners there are and picks the
    # owners' (owner, date) index, the date index or the search index accordingly.
    owners = [viewer.id, *chain_ids(viewer)]
    return Artifact.deleted_at.is_(None) & Artifact.owner_id.in_(owners) & shared_or_mine


def chain_ids(viewer):
    """The ids of everyone below `viewer` in the reporting chain, read once per request."""
    answers = request.environ.setdefault("tracker.chain_ids", {}) if has_request_context() else {}
    if viewer.id not in answers:
        answers[viewer.id] = db.session.scalars(managed_ids(viewer)).all()
    return answers[viewer.id]
