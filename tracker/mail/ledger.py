"""Exactly once per (person, kind, period).

A run claims deliveries before it sends: new ones a batch at a time, with one INSERT that
does nothing where a row exists (the unique constraint decides between racing runs and
processes) and returns the people it claimed; a due retry with a conditional UPDATE from
`retry` to `sending`. The claims are committed before any message goes to the server, and
each outcome is committed as soon as the server has answered. The one window left: a crash
after the server accepted a message and before its `sent` was committed leaves the row
`sending`; after STALE_CLAIM a later run takes it up again, which repeats that mail. As a
run sends one message while it prepares the next, that is at most the last two messages
of a run that died. (Rows a crashed run claimed but never sent are taken up the same way,
and go out once.)
"""
from datetime import timedelta

from sqlalchemy import and_, bindparam, delete, literal, or_, select, update

from tracker.extensions import db
from tracker.models import Delivery, DeliveryState, User
from tracker.models.base import UTCDateTime, utcnow
from tracker.sql import insert_ignoring_duplicates

MAX_ATTEMPTS = 5
FIRST_BACKOFF = timedelta(minutes=15)  # then 1 h, 4 h, 16 h
STALE_CLAIM = timedelta(hours=1)


DELIVERIES = Delivery.__table__


def claim_new(user_ids, kind, period, stamp):
    """Claim a delivery of this kind and period for each of these people who has none yet:
    one statement. Returns the {user id: delivery id} this caller claimed; the others are
    someone else's. `stamp` (the claim's moment) is what later statements of this claim
    name, so that they never touch a claim another run has since taken over."""
    if not user_ids:
        return {}
    people = select(User.id, literal(kind), literal(period), literal(DeliveryState.SENDING.value),
                    literal(0), literal(""), literal(stamp, UTCDateTime()), literal("")).where(User.id.in_(user_ids))
    columns = ["user_id", "kind", "period", "state", "attempts", "last_error", "claimed_at", "message_id"]
    statement = (insert_ignoring_duplicates(DELIVERIES).from_select(columns, people)
                 .on_conflict_do_nothing(index_elements=["user_id", "kind", "period"])
                 .returning(DELIVERIES.c.user_id, DELIVERIES.c.id))
    return dict(db.session.execute(statement).all())


def _mine(delivery_id, stamp):
    return and_(DELIVERIES.c.id == delivery_id, DELIVERIES.c.state == DeliveryState.SENDING.value,
                DELIVERIES.c.claimed_at == stamp)


def release(delivery_ids, stamp):
    """Give back claims that were never tried (a run that stops early), so the next run
    claims them as new."""
    if delivery_ids:
        db.session.execute(delete(DELIVERIES).where(
            DELIVERIES.c.id.in_(delivery_ids), DELIVERIES.c.state == DeliveryState.SENDING.value,
            DELIVERIES.c.claimed_at == stamp, DELIVERIES.c.attempts == 0))


def withdraw(delivery_id, stamp):
    """Drop a claimed retry that is no longer due (the person left, turned the mail off, or
    no longer qualifies): whether they get it is decided afresh if they qualify again."""
    db.session.execute(delete(DELIVERIES).where(_mine(delivery_id, stamp)))


def _due(now):
    return or_(and_(Delivery.state == DeliveryState.RETRY.value, Delivery.next_attempt_at <= now),
               and_(Delivery.state == DeliveryState.SENDING.value, Delivery.claimed_at <= now - STALE_CLAIM))


def due_retries(kind, now):
    """(id, user id, period) of this kind's deliveries, of any month, that a run should try
    again: due retries, and claims left `sending` by a run that died more than STALE_CLAIM
    ago."""
    return db.session.execute(
        select(Delivery.id, Delivery.user_id, Delivery.period).where(Delivery.kind == kind, _due(now))
        .order_by(Delivery.id)).all()


def claim_retry(delivery_id, stamp, now):
    """True if this caller took the retry (or the stale claim) for itself."""
    result = db.session.execute(
        update(Delivery).where(Delivery.id == delivery_id, _due(now))
        .values(state=DeliveryState.SENDING.value, claimed_at=stamp)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


# One message's outcome, the statement a run repeats most: built once.
RECORD_SENT = (update(DELIVERIES)
               .where(_mine(bindparam("delivery_id"), bindparam("stamp")))
               .values(state=DeliveryState.SENT.value, sent_at=bindparam("sent_at"),
                       message_id=bindparam("message_id"), attempts=DELIVERIES.c.attempts + 1,
                       next_attempt_at=None))


def record_sent(delivery_id, stamp, message_id, now):
    db.session.execute(RECORD_SENT, {"delivery_id": delivery_id, "stamp": stamp, "sent_at": now,
                                     "message_id": message_id[:255]})


def record_failure(delivery_id, stamp, error, now):
    """Count the attempt; retry later with a growing wait, or give up after MAX_ATTEMPTS."""
    attempts = db.session.scalar(select(Delivery.attempts).where(Delivery.id == delivery_id)) + 1
    values = {"attempts": attempts, "last_error": error[:2000]}
    if attempts >= MAX_ATTEMPTS:
        values.update(state=DeliveryState.FAILED.value, next_attempt_at=None)
    else:
        values.update(state=DeliveryState.RETRY.value, next_attempt_at=now + FIRST_BACKOFF * 4 ** (attempts - 1))
    db.session.execute(update(DELIVERIES).where(_mine(delivery_id, stamp)).values(**values))


def retry_failed(kind=None, period=None, now=None):
    """An admin's "retry failed": failed deliveries become due again; returns how many."""
    conditions = [Delivery.state == DeliveryState.FAILED.value]
    if kind:
        conditions.append(Delivery.kind == kind)
    if period:
        conditions.append(Delivery.period == period)
    result = db.session.execute(
        update(Delivery).where(*conditions)
        .values(state=DeliveryState.RETRY.value, next_attempt_at=now or utcnow())
        .execution_options(synchronize_session=False))
    return result.rowcount
