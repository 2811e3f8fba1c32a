"""Which kinds of mail a person gets: every kind, unless they turned it off (on the
settings page, or with the unsubscribe link of a mail of that kind). The caller commits."""
from sqlalchemy import delete, select

from tracker.errors import Forbidden, ValidationError
from tracker.extensions import db
from tracker.models import MailOptOut
from tracker.models.base import utcnow
from tracker.reminders.kinds import KINDS
from tracker.sql import insert_ignoring_duplicates


def kinds_off(user):
    return set(db.session.scalars(select(MailOptOut.kind).where(MailOptOut.user_id == user.id)))


def turn_off(user_id, kind):
    """Idempotent, also when two clicks on the same link race (a mail client's one-click
    request and the person's own)."""
    db.session.execute(insert_ignoring_duplicates(MailOptOut.__table__)
                       .values(user_id=user_id, kind=kind, created_at=utcnow())
                       .on_conflict_do_nothing(index_elements=["user_id", "kind"]))


def set_kinds_on(actor, user, kinds_on):
    """Turn on exactly `kinds_on` (slugs) and turn off the other kinds. People choose for
    themselves only."""
    if actor.id != user.id:
        raise Forbidden("People choose their own mail.")
    unknown = [kind for kind in kinds_on if kind not in KINDS]
    if unknown:
        raise ValidationError({"kinds": f"No such kind of mail: {', '.join(unknown)}."})
    db.session.execute(delete(MailOptOut).where(MailOptOut.user_id == user.id))
    for kind in KINDS:
        if kind not in kinds_on:
            turn_off(user.id, kind)
