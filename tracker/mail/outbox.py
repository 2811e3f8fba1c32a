"""Mail about one event (a review invitation, a summary), sent once the event has landed.

`enqueue` writes the whole message into `mail_outbox` in the caller's transaction, so it
exists only if that transaction commits. Once the response of the request that caused it
has gone out, the mail is handed to the server (`send_after_request`); if the server is
away it stays pending, and the scheduler's outbox job tries again with a growing wait.
Each attempt first claims the row with a conditional UPDATE, so two processes never send
it at once. One window is left, as for reminders: a process that dies after the server
accepted a mail and before `sent` was committed leaves the row claimed, and it goes again
after STALE_CLAIM (at least once, never lost).
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
    return _queue(OutboxMail(user=user, kind=kind), subject, mail)


def enqueue_to_address(name, email, kind, subject, template, context):
    """Write a mail to someone without an account (a stakeholder asked to corroborate
    evidence) into the outbox; it is sent after the caller commits."""
    mail = build_message(name, email, subject, template, context)
    return _queue(OutboxMail(recipient=email, kind=kind), subject, mail)


def _queue(row, subject, mail):
    row.subject, row.message_id, row.data = subject[:300], mail.message_id[:255], mail.data
    row.next_attempt_at = utcnow()
    db.session.add(row)
    db.session.flush()
    if has_request_context():  # jobs and commands leave it to the scheduler's outbox job
        on_commit(lambda: g.setdefault("outbox_ids", []).append(row.id))
    return row


def _due(now):
    """Pending and due, or claimed by a process that died (a claim older than STALE_CLAIM)
    with attempts left: each claim counts as an attempt, so a mail that takes its process
    down with it is not tried for ever."""
    return or_(and_(OutboxMail.state == OutboxState.PENDING.value, OutboxMail.next_attempt_at <= now),
               and_(OutboxMail.state == OutboxState.SENDING.value, OutboxMail.claimed_at <= now - STALE_CLAIM,
                    OutboxMail.attempts < MAX_ATTEMPTS))


def _claim(mail_id, now):
    result = db.session.execute(update(OutboxMail).where(OutboxMail.id == mail_id, _due(now))
                                .values(state=OutboxState.SENDING.value, claimed_at=now,
                                        attempts=OutboxMail.attempts + 1)
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
            if mail.user is not None and not mail.user.active:  # deactivated people get no mail
                mail.state = OutboxState.DROPPED.value
                db.session.commit()
                continue
            address = mail.user.email if mail.user is not None else mail.recipient
            try:
                session.send(OutgoingMail(sender, address, mail.message_id, mail.data))
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
        select(OutboxMail.id).where(_due(now)).order_by(OutboxMail.id).limit(BATCH)).all()


def deliver_due(now=None):
    """The scheduler's job: everything due, a batch at a time."""
    return deliver(due_ids(now or utcnow()), now)


def send_after_request(response):
    """Once the response has gone out (the server closes it), send the mail this request's
    committed transaction wrote, so the person never waits for the mail server. A failure
    is logged and left to the scheduler's outbox job."""
    ids = g.pop("outbox_ids", None)
    if ids:
        app = current_app._get_current_object()
        response.call_on_close(lambda: _deliver_apart(app, ids))
    return response


def _deliver_apart(app, ids):
    with app.app_context():
        try:
            deliver(ids)
        except Exception:
            log.exception("Sending outbox mail %s failed; the scheduler tries again.", ids)
        finally:
            db.session.remove()
