"""Review sessions from scheduling to closing. Services flush; the caller commits.

Every change to a session is conditional: moves (reschedule, cancel, agreed levels, close)
on the session version the person saw; additions (topics, notes, action items) and
decisions on evidence (which are conditional on the evidence's own version) on the session
still being open. Both take the session row's write lock with one conditional UPDATE, so
nothing lands in a session after it was closed.
"""
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from tracker import access
from tracker.errors import Conflict, Forbidden, NotFound, ValidationError
from tracker.extensions import db
from tracker.ids import is_row_id
from tracker.models import ReviewSession, ReviewState
from tracker.models.base import utcnow
from tracker.reviews import mails
from tracker.reviews.agenda import build_agenda
from tracker.reviews.validation import clean_schedule

# (state, action) -> the state it leads to. Rescheduling keeps a session scheduled.
TRANSITIONS = {
    (ReviewState.SCHEDULED, "reschedule"): ReviewState.SCHEDULED,
    (ReviewState.SCHEDULED, "cancel"): ReviewState.CANCELLED,
    (ReviewState.SCHEDULED, "close"): ReviewState.CLOSED,
}
HISTORY = 50


class StaleSession(Conflict):
    code = "version_conflict"

    def __init__(self, based_on, current):
        super().__init__(f"This session changed after you opened it (you had version {based_on}, it is now "
                         f"version {current}). Nothing was saved. Look at it again, then try again.",
                         {"version": f"Now {current}; the change was based on {based_on}."})


def _not_open(review):
    return Conflict(f"This session is {review.state}: it takes no more changes.")


def claim(review, based_on=None):
    """Take the session for a move or decision based on version `based_on` (default: the
    one loaded): bumps the version, or raises if it moved on or is no longer open."""
    based_on = review.version if based_on is None else based_on
    claimed = db.session.execute(
        update(ReviewSession).where(ReviewSession.id == review.id, ReviewSession.version == based_on,
                                    ReviewSession.state == ReviewState.SCHEDULED.value)
        .values(version=based_on + 1).execution_options(synchronize_session=False)).rowcount == 1
    db.session.refresh(review)
    if not claimed:
        if not review.is_open:
            raise _not_open(review)
        raise StaleSession(based_on, review.version)
    return review


def lock_open(review):
    """Take the session's row lock for an addition, whatever its version; raises if it is
    no longer open."""
    locked = db.session.execute(
        update(ReviewSession).where(ReviewSession.id == review.id, ReviewSession.state == ReviewState.SCHEDULED.value)
        .values(state=ReviewSession.state).execution_options(synchronize_session=False)).rowcount == 1
    if not locked:
        db.session.refresh(review)
        raise _not_open(review)
    return review


def _move(review, action):
    review.state = TRANSITIONS[(ReviewState(review.state), action)].value


def load_review(viewer, review_id):
    """The session if the viewer may see it; NotFound otherwise (existence is not leaked)."""
    review = db.session.get(ReviewSession, int(review_id), options=[
        joinedload(ReviewSession.candidate), joinedload(ReviewSession.manager)]) if is_row_id(review_id) else None
    if review is None or not access.can_view_review(viewer, review):
        raise NotFound("No such review session.")
    return review


def schedule_review(actor, candidate, data, zone=None, now=None):
    """A new session run by `actor` with `candidate`; both are sent an invitation."""
    if candidate is None or not access.can_schedule_review(actor, candidate):
        raise ValidationError({"candidate": "Must be one of your reports (an admin may choose anyone active)."})
    clean = clean_schedule(data, zone, now)
    review = ReviewSession(candidate=candidate, manager=actor, **clean)
    db.session.add(review)
    db.session.flush()
    mails.send(review, "review_invitation")
    return review


def reschedule_review(actor, review, data, based_on=None, zone=None, now=None):
    if not access.can_run_review(actor, review):
        raise Forbidden("Only the manager running this session or an admin can move it.")
    clean = clean_schedule(data, zone, now)
    claim(review, based_on)
    if (clean["starts_at"], clean["duration_minutes"], clean["location"]) == (
            review.starts_at, review.duration_minutes, review.location):
        return review
    _move(review, "reschedule")
    for key, value in clean.items():
        setattr(review, key, value)
    review.sequence += 1
    db.session.flush()
    mails.send(review, "review_update")
    return review


def _end(actor, review, based_on, action, mail):
    """Close or cancel: the session keeps its agenda as it stands now, and both sides get
    `mail`."""
    if not access.can_run_review(actor, review):
        raise Forbidden(f"Only the manager running this session or an admin can {action} it.")
    claim(review, based_on)
    review.frozen_agenda = build_agenda(review).to_dict()
    _move(review, action)
    if action == "close":
        review.closed_at = utcnow()
    else:
        review.sequence += 1  # the calendar's cancellation is a change to the same event
    db.session.flush()
    mails.send(review, mail)
    return review


def cancel_review(actor, review, based_on=None):
    """End the session unheld."""
    return _end(actor, review, based_on, "cancel", "review_cancellation")


def close_review(actor, review, based_on=None):
    """Freeze the session and send both sides the summary."""
    return _end(actor, review, based_on, "close", "review_summary")

