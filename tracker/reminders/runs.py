"""One run: every mail of one kind for one period that is due, through one SMTP
connection. Retries that are due go first, then everyone eligible who has no delivery yet,
in batches of BATCH people (each batch's contents cost a fixed number of queries).

Unlike web requests, a run commits as it goes: a batch's claims before any of its messages
goes to the server, and each outcome as soon as it is known (see `tracker.mail.ledger`).
The courier sends one message while the next is prepared, so a run that dies can leave the
last one or two messages sent but not marked; a run that finds the server away stops and
gives its untried claims back.
"""
import time
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from flask import current_app
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.mail import ledger
from tracker.mail.courier import Courier
from tracker.mail.message import build_message
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


def _wanting(kind, period, now):
    """People who should get this kind for this period: active, able to sign in (not an
    invitation still unanswered), qualifying, and with the kind turned on."""
    opted_out = select(MailOptOut.user_id).where(MailOptOut.kind == kind.slug)
    can_sign_in = User.password_hash.is_not(None) | User.sso_subject.is_not(None)
    return select(User).where(User.active.is_(True), can_sign_in, User.id.in_(kind.eligible(period, now)),
                              User.id.not_in(opted_out))


def _eligible(kind, period, now):
    """Those of them who have no delivery of it yet."""
    already = select(Delivery.user_id).where(Delivery.kind == kind.slug, Delivery.period == str(period))
    return _wanting(kind, period, now).where(User.id.not_in(already))


def count_due(kind, period, now=None):
    due_now = _eligible(kind, period, now or utcnow())
    return db.session.scalar(select(func.count()).select_from(due_now.subquery()))


def _still_wanted(kind, user, period, now):
    """Whether a retry should still go (a nudge is not retried to someone who has logged
    since)."""
    return db.session.scalar(_wanting(kind, period, now).where(User.id == user.id)) is not None


class Run:
    """One run's state: its report, its courier, the clock its claims are stamped by, and
    the event that asks it to stop (the scheduler shutting down)."""

    def __init__(self, kind, now, courier, report, stop=None):
        self.kind, self.now, self.courier, self.report = kind, now, courier, report
        self.stop = stop
        self.today = now.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()
        self.started = time.monotonic()

    def moment(self):
        """`now` moved on by the time the run has taken: claims are stamped when they are made,
        so a long run's later claims do not look stale to others."""
        return self.now + timedelta(seconds=time.monotonic() - self.started)

    def post(self, user, period, context, delivery_id, stamp):
        """Hand one mail to the courier; its outcome is recorded and committed once known.
        A mail that cannot even be written (e.g. an address outside ASCII) fails alone."""
        kind = self.kind
        try:
            message = build_message(user.name, user.email, kind.subject(user, context), kind.slug, context,
                                    unsubscribe_url(user.id, kind.slug))
        except (ValueError, UnicodeError) as error:
            self.record(delivery_id, stamp, None, error)
            return

        def outcome(error):
            self.record(delivery_id, stamp, message.message_id, error)

        self.courier.post(message, outcome)

    def record(self, delivery_id, stamp, message_id, error):
        report = self.report
        try:
            if error is None:
                ledger.record_sent(delivery_id, stamp, message_id, self.moment())
                report.sent += 1
            else:
                ledger.record_failure(delivery_id, stamp, f"{type(error).__name__}: {error}", self.moment())
                report.failed += 1
                if isinstance(error, MailServerUnavailable) and not report.stopped:
                    report.stopped = (f"stopped: the mail server is unavailable ({error}); "
                                      "the rest goes on a later run")
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise


def _retries(run, dry_run):
    kind, report = run.kind, run.report
    for delivery_id, user_id, month in ledger.due_retries(kind.slug, run.now):
        user, period = db.session.get(User, user_id), Period.parse(month)
        if dry_run:
            report.planned.append((user.email, f"(retry) {kind.label}, {month}"))
            continue
        if report.stopped:
            break
        stamp = run.moment()
        claimed = ledger.claim_retry(delivery_id, stamp, run.now)
        db.session.commit()
        if not claimed:
            report.skipped += 1
        elif not _still_wanted(kind, user, period, run.now):
            ledger.withdraw(delivery_id, stamp)
            db.session.commit()
        else:
            run.post(user, period, kind.contexts([user], period, run.today)[user.id], delivery_id, stamp)
    run.courier.drain()


def _new(run, period, dry_run, progress):
    kind, report, after = run.kind, run.report, 0
    while not report.stopped:
        users = db.session.scalars(_eligible(kind, period, run.now).where(User.id > after)
                                   .order_by(User.id).limit(BATCH)).all()
        if not users:
            return
        after = users[-1].id
        contexts = kind.contexts(users, period, run.today)
        if dry_run:
            report.planned.extend((user.email, kind.subject(user, contexts[user.id])) for user in users)
            continue
        stamp = run.moment()
        claimed = ledger.claim_new([user.id for user in users], kind.slug, str(period), stamp)
        db.session.commit()
        report.skipped += len(users) - len(claimed)
        untried = [user for user in users if user.id in claimed]
        try:
            while untried and not report.stopped:
                if run.stop is not None and run.stop.is_set():
                    report.stopped = "stopped: asked to stop; the rest goes on a later run"
                    break
                user = untried.pop(0)
                run.post(user, period, contexts[user.id], claimed[user.id], stamp)
            run.courier.drain()
        finally:  # the server went away, or something failed: give the untried claims back
            if untried:
                db.session.rollback()
                ledger.release([claimed[user.id] for user in untried], stamp)
                db.session.commit()
        if progress:
            progress(len(users))


def send_kind(slug, period, trigger="command", now=None, dry_run=False, progress=None, stop=None):
    """Send (or, with `dry_run`, list) every due mail of one kind for one period. Returns a
    RunReport; records the run unless it was a dry run or a scheduler run that found
    nothing to do. Setting the `stop` event ends the run after the mail in flight, giving
    the untried claims back."""
    now = now or utcnow()
    report, started = RunReport(kind=slug, period=period), now
    session = db.session()
    # A run commits after every message; what it read for a batch stays valid meanwhile
    # (the ledger writes are plain statements), so commits need not expire it.
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        with Courier(current_app.config) as courier:
            run = Run(KINDS[slug], now, courier, report, stop)
            _retries(run, dry_run)
            _new(run, period, dry_run, progress)
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


def send_due(now=None, trigger="scheduler", stop=None):
    """Everything due now; what the scheduler runs on its trigger, every hour, and when it
    starts (so a period missed while it was down is caught up, once: the ledger)."""
    now = now or utcnow()
    return [send_kind(slug, period, trigger=trigger, now=now, stop=stop)
            for slug, period in due(now, current_app.config) if stop is None or not stop.is_set()]
