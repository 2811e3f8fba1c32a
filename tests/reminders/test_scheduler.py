"""The scheduler process: never started by the application factory, fires at 09:00 local
time on the 1st across daylight-saving changes, catches a missed month up once, stops
cleanly on SIGTERM, and on PostgreSQL lets only one of several processes schedule."""
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import server_url
from tracker.reminders.scheduler import monthly_trigger, run_due

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")
RUNNING = "Scheduler running: 0 9 1 * * (UTC)"
WAITING = "Another scheduler holds the lock; waiting."
# A process starts in a second or two; on a busy machine (CI runs two suites side by side)
# importing the app can take much longer. The waits end as soon as the line is seen.
STARTING = 60

# Run in a fresh interpreter: this test module itself imports the scheduler.
APP_ONLY = """
import gc, json, sys, threading
from tracker import create_app

app = create_app({"TESTING": True})
status = app.test_client().get("/login").status_code
modules = sorted(name for name in sys.modules
                 if name.startswith(("apscheduler.schedulers", "apscheduler.executors"))
                 or name == "tracker.reminders.scheduler")
from apscheduler.schedulers.base import BaseScheduler
schedulers = [type(o).__name__ for o in gc.get_objects() if isinstance(o, BaseScheduler)]
threads = [t.name for t in threading.enumerate()]
print(json.dumps({"status": status, "modules": modules, "schedulers": schedulers, "threads": threads}))
"""


def process_env(database_url, smtp):
    env = dict(os.environ, TRACKER_ENV="testing", TRACKER_DATABASE_URL=database_url, PYTHONUNBUFFERED="1",
               TRACKER_SMTP_HOST="127.0.0.1", TRACKER_SMTP_PORT=str(smtp.port))
    for name in ("TRACKER_REMINDER_CRON", "TRACKER_TIMEZONE"):
        env.pop(name, None)
    return env


class SchedulerProcess:
    """`flask --app tracker scheduler run` in a subprocess, its output (stdout and stderr)
    read line by line on a thread so that waiting for a line can time out."""

    def __init__(self, env):
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "tracker", "scheduler", "run", "--poll-seconds", "1"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines, self.seen = queue.Queue(), []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.popen.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text, timeout):
        """True once a line containing `text` was printed, False if none came in `timeout` s."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.seen):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                self.seen.append(self.lines.get(timeout=remaining))
            except queue.Empty:
                return False
        return True

    def output(self):
        return "\n".join(self.seen)

    def stop(self, signum=signal.SIGKILL, timeout=20):
        """Send `signum` unless it has exited; its exit code once it has (killed if it takes
        longer than `timeout` s), with all its output read."""
        if self.popen.poll() is None:
            self.popen.send_signal(signum)
        try:
            code = self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            code = self.popen.wait()
        self.reader.join(timeout=10)
        self.popen.stdout.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code


def test_building_the_app_and_serving_a_request_starts_no_scheduler(app, database_url):
    env = dict(os.environ, TRACKER_ENV="testing", TRACKER_DATABASE_URL=database_url)
    done = subprocess.run([sys.executable, "-c", APP_ONLY], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["status"] == 200
    assert seen["modules"] == []  # neither the scheduler module nor APScheduler's schedulers
    assert seen["schedulers"] == []
    assert not [name for name in seen["threads"] if "APScheduler" in name or "ThreadPoolExecutor" in name]


def test_the_monthly_trigger_fires_at_nine_local_time_on_the_first_across_daylight_saving():
    trigger = monthly_trigger({"REMINDER_CRON": "0 9 1 * *", "TIMEZONE": "Europe/Berlin"})
    fires, previous, now = [], None, datetime(2026, 1, 15, tzinfo=BERLIN)
    for _ in range(24):
        previous = trigger.get_next_fire_time(previous, now)
        fires.append(previous.astimezone(BERLIN))
        now = previous
    assert [(f.year, f.month) for f in fires] == [(2026 + (m - 1) // 12, (m - 1) % 12 + 1) for m in range(2, 26)]
    assert {(f.day, f.hour, f.minute) for f in fires} == {(1, 9, 0)}
    summer = [f for f in fires if 4 <= f.month <= 10]
    winter = [f for f in fires if not 4 <= f.month <= 10]
    assert {f.utcoffset() for f in summer} == {timedelta(hours=2)}
    assert {f.utcoffset() for f in winter} == {timedelta(hours=1)}
    assert {f.astimezone(timezone.utc).hour for f in summer} == {7}
    assert {f.astimezone(timezone.utc).hour for f in winter} == {8}


def test_a_missed_month_is_caught_up_once_by_the_run_at_start(app, org, smtp):
    printed = []
    after_the_trigger = datetime(2026, 11, 3, tzinfo=timezone.utc)  # fired 1 Nov 09:00, nudge not due
    first = run_due(app, printed.append, now=after_the_trigger)
    again = run_due(app, printed.append, now=after_the_trigger + timedelta(hours=1))
    assert [(r.kind, r.sent, r.failed) for r in first] == [("monthly_reminder", 5, 0), ("digest", 3, 0)]
    assert [(r.kind, r.sent, r.failed) for r in again] == [("monthly_reminder", 0, 0), ("digest", 0, 0)]
    assert len(smtp.messages) == 8
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == sorted(
        ["boss@example.com", "candidate@example.com", "manager@example.com", "other.manager@example.com",
         "other@example.com", "boss@example.com", "manager@example.com", "other.manager@example.com"])
    assert printed == ["Monthly impact-log reminder, 2026-10: 5 sent, 0 failed.",
                       "Monthly manager digest, 2026-10: 3 sent, 0 failed."]


def test_a_failing_run_is_logged_and_does_not_raise(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "TIMEZONE", "Nowhere/Atlantis")
    printed = []
    with caplog.at_level(logging.ERROR, logger="tracker.reminders.scheduler"):
        assert run_due(app, printed.append, now=datetime(2026, 11, 3, tzinfo=timezone.utc)) == []
    assert printed == []
    (record,) = caplog.records
    assert record.getMessage() == "Reminder run failed; the next run tries again." and record.exc_info


def test_the_process_runs_and_stops_cleanly_on_sigterm(app, database_url, smtp):
    process = SchedulerProcess(process_env(database_url, smtp))
    try:
        assert process.wait_for(RUNNING, timeout=STARTING), process.output()
    finally:
        code = process.stop(signal.SIGTERM)
    assert code == 0, process.output()
    assert process.seen[-2:] == ["SIGTERM: stopping after the mail in flight.", "Scheduler stopped."]
    if server_url() is None:
        assert process.seen[0].startswith("SQLite has no scheduler lock: every scheduler process")
    assert "Traceback" not in process.output()


@pytest.mark.skipif(server_url() is None, reason="the scheduler lock is a PostgreSQL advisory lock; "
                                                 "set TRACKER_TEST_DATABASE_URL to run this")
def test_on_postgresql_one_process_schedules_and_another_takes_over_when_it_dies(app, database_url, smtp):
    env = process_env(database_url, smtp)
    first = SchedulerProcess(env)
    second = None
    try:
        assert first.wait_for(RUNNING, timeout=STARTING), first.output()
        second = SchedulerProcess(env)
        assert second.wait_for(WAITING, timeout=STARTING), second.output()
        assert not second.wait_for(RUNNING, timeout=2.5), second.output()  # two polls, still waiting
        first.stop(signal.SIGKILL)  # no clean shutdown: the server notices the closed connection
        assert second.wait_for(RUNNING, timeout=STARTING), second.output()
        assert second.seen.count(WAITING) == 1
        assert second.stop(signal.SIGTERM) == 0, second.output()
        assert second.seen[-1] == "Scheduler stopped." and "Traceback" not in second.output()
    finally:
        first.stop(signal.SIGKILL)
        if second is not None:
            second.stop(signal.SIGKILL)
