"""Which kinds of mail a person gets: every kind, unless they turned it off (on the
settings page, or with the unsubscribe link of a mail of that kind). The caller commits."""
from sqlalchemy import delete, select

from tracker.errors import Forbidden, ValidationError
from tracker.extensions import db
from tracker.models import MailOptOut
from tracker.reminders.kinds import KINDS


def kinds_off(user):
    return set(db.session.scalars(select(MailOptOut.kind).where(MailOptOut.user_id == user.id)))


def turn_off(user_id, kind):
    """Idempotent: a second click on the same link changes nothing."""
    if db.session.get(MailOptOut, (user_id, kind)) is None:
        db.session.add(MailOptOut(user_id=user_id, kind=kind))
        db.session.flush()


def set_kinds_on(actor, user, kinds_on):
    """Turn on exactly `kinds_on` (slugs) and turn off the other kinds. People choose for
    themselves only."""
    if actor.id != user.id:
        raise Forbidden("People choose their own mail.")
    unknown = [kind for kind in kinds_on if kind not in KINDS]
    if unknown:
        raise ValidationError({"kinds": f"No such kind of mail: {', '.join(unknown)}."})
    db.session.execute(delete(MailOptOut).where(MailOptOut.user_id == user.id))
    db.session.add_all(MailOptOut(user_id=user.id, kind=kind) for kind in KINDS if kind not in kinds_on)
    db.session.flush()
