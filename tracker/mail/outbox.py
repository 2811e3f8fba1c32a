"""Mail about one event (a review invitation, a summary), sent once the event has landed.

`enqueue` writes the whole message into `mail_outbox` in the caller's transaction, so it
exists only if that transaction commits. After the commit, the request that caused it
hands it to the mail server (`send_after_request`); if the server is away it stays
pending, and the scheduler's outbox job tries again with a growing wait. Each attempt
first claims the row with a conditional UPDATE, so two processes never send one mail.
"""
import logging
from datetime import timedelta
from email.utils import parseaddr

from flask import current_app, g, has_request_context
from sqlalchemy import and_, or_, select, update

from tracker.extensions import db
from tracker.mail.message import OutgoingMail, build_message
from tracker.mail.smtp import MailServerUnavailable, MailSession
from tracker.models import OutboxMail, OutboxState
from tracker.models.base import utcnow
from tracker.transaction import on_commit

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_BACKOFF = timedelta(minutes=5)  # then 20 min, 80 min, ...
STALE_CLAIM = timedelta(hours=1)
BATCH = 200


def enqueue(user, kind, subject, template, context, attachments=()):
    """Write a mail to `user` into the outbox; it is sent after the caller commits."""
    mail = build_message(user.name, user.email, subject, template, context, attachments=attachments)
    row = OutboxMail(user=user, kind=kind, subject=subject[:300], message_id=mail.message_id[:255],
                     data=mail.data, next_attempt_at=utcnow())
    db.session.add(row)
    db.session.flush()
    if has_request_context():  # jobs and commands leave it to the scheduler's outbox job
        on_commit(lambda: g.setdefault("outbox_ids", []).append(row.id))
    return row


def _claim(mail_id, now):
    due = or_(and_(OutboxMail.state == OutboxState.PENDING.value, OutboxMail.next_attempt_at <= now),
              and_(OutboxMail.state == OutboxState.SENDING.value, OutboxMail.claimed_at <= now - STALE_CLAIM))
    result = db.session.execute(update(OutboxMail).where(OutboxMail.id == mail_id, due)
                                .values(state=OutboxState.SENDING.value, claimed_at=now)
                                .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _outcome(mail, error, now):
    if error is None:
        mail.state, mail.sent_at, mail.last_error = OutboxState.SENT.value, now, ""
    else:
        mail.last_error = str(error)[:2000]
        mail.state = OutboxState.FAILED.value if mail.attempts >= MAX_ATTEMPTS else OutboxState.PENDING.value
        mail.next_attempt_at = now + FIRST_BACKOFF * 4 ** (mail.attempts - 1)
    db.session.commit()


def deliver(mail_ids, now=None):
    """Send these outbox mails, each if still due and not taken by someone else; one
    connection for all. Returns how many were sent."""
    sent, sender = 0, parseaddr(current_app.config["MAIL_FROM"])[1]
    with MailSession(current_app.config, timeout=15) as session:
        for mail_id in mail_ids:
            stamp = now or utcnow()
            if not _claim(mail_id, stamp):
                continue
            mail = db.session.get(OutboxMail, mail_id)
            mail.attempts += 1
            if not mail.user.active:  # deactivated people get no mail
                mail.state = OutboxState.DROPPED.value
                db.session.commit()
                continue
            try:
                session.send(OutgoingMail(sender, mail.user.email, mail.message_id, mail.data))
            except MailServerUnavailable as error:  # the rest would fail alike: they wait
                _outcome(mail, error, stamp)
                break
            except Exception as error:  # this mail's failure, recorded on its row
                _outcome(mail, error, stamp)
                continue
            _outcome(mail, None, stamp)
            sent += 1
    return sent


def due_ids(now):
    return db.session.scalars(
        select(OutboxMail.id).where(or_(
            and_(OutboxMail.state == OutboxState.PENDING.value, OutboxMail.next_attempt_at <= now),
            and_(OutboxMail.state == OutboxState.SENDING.value, OutboxMail.claimed_at <= now - STALE_CLAIM)))
        .order_by(OutboxMail.id).limit(BATCH)).all()


def deliver_due(now=None):
    """The scheduler's job: everything due, a batch at a time."""
    return deliver(due_ids(now or utcnow()), now)


def send_after_request(response):
    """After the request's transaction committed: send what it wrote. A failure is logged
    and left to the scheduler; the person's request has succeeded either way."""
    ids = g.pop("outbox_ids", None)
    if ids:
        try:
            deliver(ids)
        except Exception:
            db.session.rollback()
            log.exception("Sending outbox mail %s failed; the scheduler tries again.", ids)
    return response
