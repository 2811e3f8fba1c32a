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
from sqlalchemy.dialects import postgresql, sqlite

from tracker.extensions import db
from tracker.models import TRANSITIONS, Delivery, DeliveryState, User
from tracker.models.base import UTCDateTime, utcnow

MAX_ATTEMPTS = 5
FIRST_BACKOFF = timedelta(minutes=15)  # then 1 h, 4 h, 16 h
STALE_CLAIM = timedelta(hours=1)


DELIVERIES = Delivery.__table__


def _insert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(DELIVERIES)


def claim_new(user_ids, kind, period, now=None):
    """Claim a delivery of this kind and period for each of these people who has none yet:
    one statement. Returns the {user id: delivery id} this caller claimed; the others are
    someone else's."""
    if not user_ids:
        return {}
    now = now or utcnow()
    people = select(User.id, literal(kind), literal(period), literal(DeliveryState.SENDING.value), literal(0),
                    literal(""), literal(now, UTCDateTime()), literal("")).where(User.id.in_(user_ids))
    statement = (_insert().from_select(["user_id", "kind", "period", "state", "attempts", "last_error",
                                        "claimed_at", "message_id"], people)
                 .on_conflict_do_nothing(index_elements=["user_id", "kind", "period"])
                 .returning(DELIVERIES.c.user_id, DELIVERIES.c.id))
    return dict(db.session.execute(statement).all())


def release(delivery_ids):
    """Give back claims that were never tried (a run that stops early), so the next run
    claims them as new."""
    if delivery_ids:
        db.session.execute(delete(DELIVERIES).where(
            DELIVERIES.c.id.in_(delivery_ids), DELIVERIES.c.state == DeliveryState.SENDING.value,
            DELIVERIES.c.attempts == 0))


def due_retries(kind, period, now):
    """Deliveries of this kind and period a run should try again: due retries, and claims
    left `sending` by a run that died more than STALE_CLAIM ago."""
    return db.session.execute(
        select(Delivery.id, Delivery.user_id).where(
            Delivery.kind == kind, Delivery.period == period,
            or_(and_(Delivery.state == DeliveryState.RETRY.value, Delivery.next_attempt_at <= now),
                and_(Delivery.state == DeliveryState.SENDING.value, Delivery.claimed_at <= now - STALE_CLAIM)))
        .order_by(Delivery.id)).all()


def claim_retry(delivery_id, now):
    """True if this caller took the retry (or the stale claim) for itself."""
    result = db.session.execute(
        update(Delivery).where(
            Delivery.id == delivery_id,
            or_(and_(Delivery.state == DeliveryState.RETRY.value, Delivery.next_attempt_at <= now),
                and_(Delivery.state == DeliveryState.SENDING.value, Delivery.claimed_at <= now - STALE_CLAIM)))
        .values(state=DeliveryState.SENDING.value, claimed_at=now)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _move(delivery_id, to_state, **values):
    allowed_from = [state.value for state, targets in TRANSITIONS.items() if to_state in targets]
    db.session.execute(
        update(DELIVERIES).where(DELIVERIES.c.id == delivery_id, DELIVERIES.c.state.in_(allowed_from))
        .values(state=to_state.value, **values))


# One message's outcome, the statement a run repeats most: built once.
RECORD_SENT = (update(DELIVERIES)
               .where(DELIVERIES.c.id == bindparam("delivery_id"),
                      DELIVERIES.c.state == DeliveryState.SENDING.value)
               .values(state=DeliveryState.SENT.value, sent_at=bindparam("sent_at"),
                       message_id=bindparam("message_id"), attempts=DELIVERIES.c.attempts + 1,
                       next_attempt_at=None))


def record_sent(delivery_id, message_id, now=None):
    db.session.execute(RECORD_SENT, {"delivery_id": delivery_id, "sent_at": now or utcnow(),
                                     "message_id": message_id[:255]})


def record_failure(delivery_id, error, now=None):
    """Count the attempt; retry later with a growing wait, or give up after MAX_ATTEMPTS."""
    now = now or utcnow()
    attempts = db.session.scalar(select(Delivery.attempts).where(Delivery.id == delivery_id)) + 1
    if attempts >= MAX_ATTEMPTS:
        _move(delivery_id, DeliveryState.FAILED, attempts=attempts, last_error=error[:2000], next_attempt_at=None)
    else:
        _move(delivery_id, DeliveryState.RETRY, attempts=attempts, last_error=error[:2000],
              next_attempt_at=now + FIRST_BACKOFF * 4 ** (attempts - 1))


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
