"""`flask --app tracker reminders send`: by hand, as a dry run, and four processes at once."""
import os
import subprocess
import sys
from datetime import datetime, timezone

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Delivery, User
from tracker.reminders.runs import due

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_send_by_hand_then_again(org, smtp, runner):
    first = runner.invoke(args=["reminders", "send", "--period", "2026-10"])
    assert first.exit_code == 0, first.output
    assert "Monthly impact-log reminder, 2026-10: 5 sent, 0 failed" in first.output
    assert "Monthly manager digest, 2026-10: 3 sent, 0 failed" in first.output
    assert "5 of 5 looked at" in first.output  # plain progress lines when not on a terminal
    again = runner.invoke(args=["reminders", "send", "--period", "2026-10"])
    assert "Monthly impact-log reminder, 2026-10: nothing to send; everyone it is for has had it." in again.output
    assert len(smtp.messages) == 8


def test_a_dry_run_prints_who_would_get_what(org, smtp, runner):
    result = runner.invoke(args=["reminders", "send", "--period", "2026-10", "--kind", "monthly_reminder",
                                 "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "monthly_reminder\tcandidate@example.com\tNothing logged for October 2026 yet" in result.output
    assert "5 would be sent (dry run)" in result.output
    assert smtp.messages == [] and db.session.scalar(select(Delivery)) is None


def test_a_bad_period_or_kind_is_explained(org, runner):
    bad = runner.invoke(args=["reminders", "send", "--period", "October"])
    assert bad.exit_code == 2 and "give the month as YYYY-MM" in bad.output
    assert runner.invoke(args=["reminders", "send", "--period", "2026-13"]).exit_code == 2
    wrong = runner.invoke(args=["reminders", "send", "--period", "2026-10", "--kind", "spam"])
    assert wrong.exit_code == 2 and "monthly_reminder" in wrong.output


def test_four_processes_at_once_send_each_mail_exactly_once(org, smtp, app):
    password_hash = org.candidate.password_hash
    db.session.add_all(User(email=f"team{n:02d}@example.com", name=f"Team {n:02d}", password_hash=password_hash,
                            manager_id=org.manager.id, created_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
                       for n in range(40))
    db.session.commit()
    env = {**os.environ, "TRACKER_ENV": "testing", "TRACKER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "TRACKER_SMTP_HOST": "127.0.0.1", "TRACKER_SMTP_PORT": str(smtp.port),
           "TRACKER_BASE_URL": "https://tracker.example"}
    command = [sys.executable, "-m", "flask", "--app", "tracker", "reminders", "send", "--period", "2026-10",
               "--kind", "monthly_reminder"]
    processes = [subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True) for _ in range(4)]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert all(process.returncode == 0 for process in processes), outputs
    addresses = [m["To"].addresses[0].addr_spec for m in smtp.messages]
    assert len(addresses) == 45 and len(set(addresses)) == 45, sorted(addresses)
    sent = sum(int(line.split(": ")[1].split(" sent")[0]) for out in outputs for line in out.splitlines()
               if line.startswith("Monthly impact-log reminder, 2026-10:") and " sent, " in line)
    assert sent == 45
    assert db.session.scalar(select(func.count()).select_from(Delivery).where(Delivery.state == "sent")) == 45


def test_what_is_due_follows_the_trigger_in_its_time_zone():
    config = {"REMINDER_CRON": "0 9 1 * *", "TIMEZONE": "Europe/Berlin"}

    def at(*parts):
        return [(slug, str(period)) for slug, period in due(datetime(*parts, tzinfo=timezone.utc), config)]

    assert at(2026, 11, 1, 7, 59) == []  # 08:59 in Berlin: not yet
    assert at(2026, 11, 1, 8, 0) == [("monthly_reminder", "2026-10"), ("digest", "2026-10")]
    assert at(2026, 11, 8, 7, 59) == [("monthly_reminder", "2026-10"), ("digest", "2026-10")]
    assert at(2026, 11, 8, 8, 0)[-1] == ("nudge", "2026-10")
    assert at(2026, 4, 1, 7, 0) == [("monthly_reminder", "2026-03"), ("digest", "2026-03")]  # summer time
    assert at(2027, 1, 1, 8, 0) == [("monthly_reminder", "2026-12"), ("digest", "2026-12")]
