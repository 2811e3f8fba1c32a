"""The scheduler process, `flask --app tracker scheduler run`: sends the reminders on time.

Only that command starts it; the application factory and the web workers never do. It runs
`send_due` on the monthly trigger (TRACKER_REMINDER_CRON in TRACKER_TIMEZONE), once at start
and every hour after: the hourly runs send the nudge a week after the reminder and catch up
whatever a stopped process missed. Any run may repeat an earlier one: the delivery ledger
sends each mail once. Every five minutes it also sends the outbox mail (review invitations
and summaries) that a request could not hand to the mail server.

On PostgreSQL one process schedules at a time. It holds a session-level advisory lock on a
connection kept open for its whole life; other processes wait and try again. When the holder
dies its connection closes, the server releases the lock and a waiting process takes over.
SQLite has no such lock, so there every process schedules, and the ledger alone keeps mail
exactly-once.
"""
import logging
import signal
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import text

from tracker.extensions import db
from tracker.mail.outbox import deliver_due
from tracker.reminders.kinds import KINDS
from tracker.reminders.runs import send_due

log = logging.getLogger(__name__)

# Any fixed bigint will do, as long as every scheduler of one database uses the same one.
LOCK_KEY = 0x7472_6163_6B65_7231  # "tracker1" in ASCII
# A run held up (a busy worker, a suspended host) still goes within six hours; runs that
# piled up meanwhile go once (coalesce), and a job never overlaps itself.
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 60 * 60}
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}
OUTBOX_MINUTES = 5  # how soon mail a request could not hand over (server away) is tried again


def monthly_trigger(config):
    return CronTrigger.from_crontab(config["REMINDER_CRON"], timezone=ZoneInfo(config["TIMEZONE"]))


def run_due(app, echo, now=None, stop=None):
    """One run of everything due, in an application context of its own (a job's thread has
    none), with the session removed afterwards. Errors are logged and swallowed: the process
    keeps going and the next run tries again."""
    with app.app_context():
        try:
            reports = send_due(now, stop=stop)
        except Exception:
            log.exception("Reminder run failed; the next run tries again.")
            return []
        finally:
            db.session.remove()
    for report in reports:
        if report.sent or report.failed:
            echo(f"{KINDS[report.kind].label}, {report.period}: {report.sent} sent, {report.failed} failed.")
        if report.stopped:
            echo(f"{KINDS[report.kind].label}, {report.period}: {report.stopped}")
    return reports


def deliver_outbox(app, echo, now=None):
    """Send the outbox mail that is due (what a request could not hand over at once), in an
    application context of its own; errors are logged and the next run tries again."""
    with app.app_context():
        try:
            sent = deliver_due(now)
        except Exception:
            log.exception("Outbox run failed; the next run tries again.")
            return 0
        finally:
            db.session.remove()
    if sent:
        echo(f"Outbox: {sent} sent.")
    return sent


def acquire_lock(engine, poll_seconds, echo, stopping):
    """Wait for the scheduler lock and return the connection holding it, or None if
    `stopping` was set meanwhile. The lock lasts as long as that connection, which is taken
    out of the pool so that closing it really closes it (and releases the lock) instead of
    handing it, still locked, to someone else."""
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    connection.detach()
    try:
        waiting = False
        while not connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}):
            if not waiting:
                echo("Another scheduler holds the lock; waiting.")
                waiting = True
            if stopping.wait(poll_seconds):
                connection.close()
                return None
    except BaseException:
        connection.close()
        raise
    return connection


def build_scheduler(app, echo, stopping):
    """The monthly job, the hourly one and the outbox job; the last two run at once on start
    (the catch-up). One worker thread, so runs never overlap within a process."""
    tz = ZoneInfo(app.config["TIMEZONE"])
    scheduler = BlockingScheduler(timezone=tz, job_defaults=JOB_DEFAULTS,
                                  executors={"default": ThreadPoolExecutor(1)})
    scheduler.add_job(run_due, monthly_trigger(app.config), args=(app, echo, None, stopping), id="monthly")
    scheduler.add_job(run_due, IntervalTrigger(hours=1, timezone=tz), args=(app, echo, None, stopping), id="hourly",
                      next_run_time=datetime.now(tz))
    scheduler.add_job(deliver_outbox, IntervalTrigger(minutes=OUTBOX_MINUTES, timezone=tz), args=(app, echo),
                      id="outbox", next_run_time=datetime.now(tz))
    return scheduler


def run(app, poll_seconds, echo):
    """The process: on PostgreSQL wait for the lock, then schedule until SIGTERM or SIGINT;
    then stop the run in progress after the mail in flight, and close the lock's connection.

    The two signals are blocked in every thread (those started later inherit the mask) and
    taken by one thread that waits for them. A signal handler would run in the main thread,
    inside whatever it interrupts: an exception raised there can land in APScheduler's loop,
    which logs and ignores it, and waking the loop from there can deadlock on a lock the
    interrupted code holds."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    stopping, started = threading.Event(), threading.Event()
    scheduler = lock = None

    def stop_on_signal():
        echo(f"{signal.Signals(signal.sigwait(STOP_SIGNALS)).name}: stopping after the mail in flight.")
        stopping.set()  # ends a wait for the lock, and a run after the mail in flight
        started.wait()  # never set if the process stops before it schedules
        scheduler.shutdown()

    threading.Thread(target=stop_on_signal, name="scheduler-signals", daemon=True).start()
    with app.app_context():
        engine = db.engine
    try:
        if engine.dialect.name == "postgresql":
            lock = acquire_lock(engine, poll_seconds, echo, stopping)
        else:
            echo("SQLite has no scheduler lock: every scheduler process started on it runs the jobs; "
                 "the delivery ledger still sends each mail once.")
        if stopping.is_set():
            return
        scheduler = build_scheduler(app, echo, stopping)  # after the wait: the catch-up runs on taking over
        scheduler.add_listener(lambda _event: started.set(), EVENT_SCHEDULER_STARTED)
        echo(f"Scheduler running: {app.config['REMINDER_CRON']} ({app.config['TIMEZONE']})")
        scheduler.start()
    finally:
        if lock is not None:
            lock.close()
        echo("Scheduler stopped.")
