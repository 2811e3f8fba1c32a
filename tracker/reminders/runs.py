"""One run: every mail of one kind for one period that is due, through one SMTP
connection. Retries that are due go first, then everyone eligible who has no delivery yet,
in batches of BATCH people (each batch's contents cost a fixed number of queries).

Unlike web requests, a run commits as it goes: a batch's claims before any of its messages
goes to the server, and each outcome as soon as it is known (see `tracker.mail.ledger`).
The courier sends one message while the next is prepared, so a run that dies can leave the
last one or two messages sent but not marked; a run that finds the server away stops and
gives its untried claims back.
"""
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from flask import current_app
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.mail import ledger
from tracker.mail.message import build_message
from tracker.mail.courier import Courier
from tracker.mail.smtp import MailServerUnavailable
from tracker.mail.unsubscribe import unsubscribe_url
from tracker.models import Delivery, MailOptOut, MailRun, User
from tracker.models.base import utcnow
from tracker.reminders.kinds import KINDS
from tracker.reminders.kinds.nudge import DAYS_AFTER_REMINDER
from tracker.reminders.periods import Period, first_fire_after_period

BATCH = 500


@dataclass
class RunReport:
    kind: str
    period: Period
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # claimed by another run meanwhile
    stopped: str = ""  # why the run stopped early (the mail server was away)
    planned: list = field(default_factory=list)  # dry run: (email, subject)


def _eligible(kind, period, today):
    opted_out = select(MailOptOut.user_id).where(MailOptOut.kind == kind.slug)
    already = select(Delivery.user_id).where(Delivery.kind == kind.slug, Delivery.period == str(period))
    return select(User).where(User.active.is_(True), User.id.in_(kind.eligible(period, today)),
                              User.id.not_in(opted_out), User.id.not_in(already))


def count_due(kind, period, today):
    return db.session.scalar(select(func.count()).select_from(_eligible(kind, period, today).subquery()))


def _still_wanted(kind, user):
    opted_out = db.session.get(MailOptOut, (user.id, kind.slug)) is not None
    return user.active and not opted_out


def _post(courier, kind, user, context, delivery_id, report, now):
    """Hand one mail to the courier; its outcome is recorded and committed once known."""
    message = build_message(user.name, user.email, kind.subject(user, context), kind.slug, context,
                            unsubscribe_url(user.id, kind.slug))

    def record(error):
        if error is None:
            ledger.record_sent(delivery_id, message.message_id, now)
            report.sent += 1
        else:
            ledger.record_failure(delivery_id, f"{type(error).__name__}: {error}", now)
            report.failed += 1
            if isinstance(error, MailServerUnavailable) and not report.stopped:
                report.stopped = (f"stopped: the mail server is unavailable ({error}); "
                                  "the rest goes on a later run")
        db.session.commit()

    courier.post(message, record)


def _retries(courier, kind, period, now, today, report, dry_run):
    for delivery_id, user_id in ledger.due_retries(kind.slug, str(period), now):
        user = db.session.get(User, user_id)
        if dry_run:
            report.planned.append((user.email, f"(retry) {kind.label}"))
            continue
        if report.stopped:
            return
        claimed = ledger.claim_retry(delivery_id, now)
        db.session.commit()
        if not claimed:
            report.skipped += 1
        elif not _still_wanted(kind, user):
            ledger.record_failure(delivery_id, "no longer wanted: the person is inactive or turned this mail off", now)
            db.session.commit()
            report.failed += 1
        else:
            _post(courier, kind, user, kind.contexts([user], period, today)[user.id], delivery_id, report, now)
    courier.drain()


def _new(courier, kind, period, now, today, report, dry_run, progress):
    after = 0
    while not report.stopped:
        users = db.session.scalars(_eligible(kind, period, today).where(User.id > after)
                                   .order_by(User.id).limit(BATCH)).all()
        if not users:
            return
        after = users[-1].id
        contexts = kind.contexts(users, period, today)
        if dry_run:
            report.planned.extend((user.email, kind.subject(user, contexts[user.id])) for user in users)
            continue
        claimed = ledger.claim_new([user.id for user in users], kind.slug, str(period), now)
        db.session.commit()
        report.skipped += len(users) - len(claimed)
        mine = [user for user in users if user.id in claimed]
        for index, user in enumerate(mine):
            if report.stopped:  # the server went away: give the untried claims back
                ledger.release([claimed[other.id] for other in mine[index:]])
                db.session.commit()
                break
            _post(courier, kind, user, contexts[user.id], claimed[user.id], report, now)
        courier.drain()
        if progress:
            progress(len(users))


def send_kind(slug, period, trigger="command", now=None, dry_run=False, progress=None):
    """Send (or, with `dry_run`, list) every due mail of one kind for one period. Returns a
    RunReport; records the run unless it was a dry run or a scheduler run that found
    nothing to do."""
    kind, now = KINDS[slug], now or utcnow()
    today = now.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()
    report, started = RunReport(kind=slug, period=period), now
    session = db.session()
    # A run commits after every message; what it read for a batch stays valid meanwhile
    # (the ledger writes are plain statements), so commits need not expire it.
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        with Courier(current_app.config) as courier:
            _retries(courier, kind, period, now, today, report, dry_run)
            _new(courier, kind, period, now, today, report, dry_run, progress)
    finally:
        session.expire_on_commit = expire_on_commit
    if not dry_run and (trigger != "scheduler" or report.sent or report.failed):
        db.session.add(MailRun(kind=slug, period=str(period), trigger=trigger, started_at=started,
                               finished_at=utcnow(), sent=report.sent, failed=report.failed,
                               skipped=report.skipped))
        db.session.commit()
    return report


def due(now, config):
    """[(kind slug, period)] due at `now`: the month just ended's reminder and digest once
    the monthly trigger has fired for it, and its nudge DAYS_AFTER_REMINDER days later."""
    tz = ZoneInfo(config["TIMEZONE"])
    trigger = CronTrigger.from_crontab(config["REMINDER_CRON"], timezone=tz)
    period = Period.before(now.astimezone(tz).date())
    due_at = first_fire_after_period(trigger, period, tz)
    if due_at is None or now < due_at:
        return []
    kinds = [("monthly_reminder", period), ("digest", period)]
    if now >= due_at + timedelta(days=DAYS_AFTER_REMINDER):
        kinds.append(("nudge", period))
    return kinds


def send_due(now=None, trigger="scheduler"):
    """Everything due now; what the scheduler runs on its trigger, every hour, and when it
    starts (so a period missed while it was down is caught up, once: the ledger)."""
    now = now or utcnow()
    return [send_kind(slug, period, trigger=trigger, now=now) for slug, period in due(now, current_app.config)]
