"""Exactly once per (person, kind, period).

A run claims a delivery before it sends: a new one with an INSERT that does nothing when the
row exists (the unique constraint decides between racing runs and processes), a due retry
with a conditional UPDATE from `retry` to `sending`. Each claim is committed before the
message goes to the server, and the outcome is committed right after. The one window left:
a crash after the server accepted a message and before its `sent` was committed leaves the
row `sending`; after STALE_CLAIM a later run takes it up again, which can repeat that one
mail. Nothing else can.
"""
from datetime import timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tracker.extensions import db
from tracker.models import TRANSITIONS, Delivery, DeliveryState
from tracker.models.base import utcnow

MAX_ATTEMPTS = 5
FIRST_BACKOFF = timedelta(minutes=15)  # then 1 h, 4 h, 16 h
STALE_CLAIM = timedelta(hours=1)


def _insert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Delivery.__table__)


def claim_new(user_id, kind, period, now=None):
    """The new delivery's id if this caller claimed it, else None (someone else has it)."""
    now = now or utcnow()
    statement = (_insert().values(user_id=user_id, kind=kind, period=period, state=DeliveryState.SENDING.value,
                                  attempts=0, last_error="", claimed_at=now, message_id="")
                 .on_conflict_do_nothing(index_elements=["user_id", "kind", "period"])
                 .returning(Delivery.__table__.c.id))
    return db.session.execute(statement).scalar()


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
        update(Delivery).where(Delivery.id == delivery_id, Delivery.state.in_(allowed_from))
        .values(state=to_state.value, **values).execution_options(synchronize_session=False))


def record_sent(delivery_id, message_id, now=None):
    now = now or utcnow()
    _move(delivery_id, DeliveryState.SENT, sent_at=now, message_id=message_id[:255],
          attempts=Delivery.attempts + 1, next_attempt_at=None)


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
