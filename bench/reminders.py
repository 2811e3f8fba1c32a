"""Throughput of the monthly reminder run against a generated organisation and a real SMTP
server on loopback.

    .venv/bin/python -m bench.reminders                      # 10,000 candidates, fresh SQLite file
    .venv/bin/python -m bench.reminders --candidates 2000 --profile
    .venv/bin/python -m bench.reminders --database-url postgresql://postgres@127.0.0.1:5432/test

The organisation: candidates in teams of eight under a manager (managers keep a log too, so
they are candidates), an operator admin who gets nothing, and 0-3 pieces of evidence dated in
the month just ended for most people, with claims on the default framework. An aiosmtpd
server on 127.0.0.1 answers 250 to every message and counts messages, bytes and the client
connections they came over. The benchmark runs `send_kind("monthly_reminder", ...)` for the
month just ended, as `reminders send` does (the mail server runs in a process of its own, as
it would in production, so that it does not share the run's interpreter), checks that every
eligible person got exactly one mail, then runs it again, which must send nothing (the ledger), and reports both timings and
the peak resident memory of the process. `--profile` prints where the first run spent its time.
"""
import argparse
import cProfile
import multiprocessing
import os
import pstats
import random
import resource
import socket
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

os.environ.setdefault("TRACKER_ENV", "testing")

import sqlalchemy as sa  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402

from bench.app import build_app  # noqa: E402
from bench.data import claim_rows, evidence_row, insert_all  # noqa: E402
from tracker.database_cli import upgrade_database  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.frameworks.service import get_framework  # noqa: E402
from tracker.models import Artifact, Claim, User  # noqa: E402
from tracker.readiness.status import rebuild_all  # noqa: E402
from tracker.reminders.kinds import KINDS  # noqa: E402
from tracker.reminders.periods import Period  # noqa: E402
from tracker.reminders.runs import count_due, send_kind  # noqa: E402

TEAM = 8  # reports per manager
LOGGING_SHARE = 0.7  # of people with evidence dated in the month
STATES = ["verified"] * 3 + ["submitted", "draft"]


class CountingInbox:
    """The SMTP handler: accepts every message and keeps only counts."""

    def __init__(self):
        self.messages, self.bytes, self.peers = 0, 0, set()

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.bytes += len(envelope.content)
        self.peers.add(session.peer)  # (address, port) of the client: one per connection
        return "250 OK"


def serve_counting(port, pipe):
    """The mail server's process: serve until told to stop, answering each request on the
    pipe with (messages, bytes, connections)."""
    inbox = CountingInbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    pipe.send("ready")
    while pipe.recv() != "stop":
        pipe.send((inbox.messages, inbox.bytes, len(inbox.peers)))
    server.stop()


class MailServer:
    """The counting server in a child process."""

    def __init__(self):
        self.port = free_port()
        self.pipe, child_end = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("spawn").Process(target=serve_counting,
                                                                     args=(self.port, child_end))
        self.process.start()
        assert self.pipe.recv() == "ready"

    def counts(self):
        self.pipe.send("count")
        return self.pipe.recv()

    def stop(self):
        self.pipe.send("stop")
        self.process.join(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def generate(candidates, period, seed=7):
    """Insert the organisation with bulk inserts; every ninth candidate manages the next eight."""
    rng = random.Random(seed)
    framework = get_framework("vp_engineering")
    operator = User(email="admin@bench.example", name="Admin", is_admin=True)
    operator.set_password("bench-password-1")
    db.session.add(operator)
    db.session.flush()
    now = datetime.now(timezone.utc)
    people, manager_id = [], None
    for index in range(candidates):
        user_id = operator.id + 1 + index
        is_manager = index % (TEAM + 1) == 0
        people.append({"id": user_id, "email": f"user{index}@bench.example", "name": f"User {index:05d}",
                       "password_hash": operator.password_hash, "is_admin": False, "active": True,
                       "timezone": "UTC", "manager_id": None if is_manager else manager_id,
                       "created_at": now - timedelta(days=365), "session_generation": 0})
        if is_manager:
            manager_id = user_id
    artifacts, claims = [], []
    for person in people:
        if rng.random() >= LOGGING_SHARE:
            continue
        for _ in range(rng.randint(0, 3)):
            artifact_id = len(artifacts) + 1
            artifacts.append(evidence_row(artifact_id, person["id"],
                                          period.start + timedelta(days=rng.randrange(period.end.day)),
                                          rng.choice(STATES), now))
            claims.extend(claim_rows(rng, framework, artifact_id))
    for table, rows in ((User.__table__, people), (Artifact.__table__, artifacts), (Claim.__table__, claims)):
        insert_all(table, rows)
    rebuild_all(db.session)  # bulk inserts bypass the hooks that keep the stored status current
    db.session.commit()
    return len(artifacts)


def ensure_empty(reset):
    """Refuse a database that has tables, unless `reset` asks to drop them all first."""
    existing = sa.MetaData()
    existing.reflect(bind=db.engine)
    if existing.tables and not reset:
        sys.exit(f"The database has tables ({', '.join(sorted(existing.tables)[:5])}, ...); "
                 "give an empty one, or --reset to drop them.")
    existing.drop_all(bind=db.engine)


def peak_memory_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def timed_run(period, profiler=None):
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    report = send_kind("monthly_reminder", period, trigger="command")
    if profiler:
        profiler.disable()
    return report, time.perf_counter() - started


def run(candidates, database_url=None, reset=False, profile=False):
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(database_url or "sqlite:///" + os.path.join(folder, "bench.sqlite3"))
        server = MailServer()
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_USER="", SMTP_TLS=False,
                          BASE_URL="https://tracker.example")
        try:
            with app.app_context():
                ensure_empty(reset)
                upgrade_database()
                period = Period.before(date.today())
                started = time.perf_counter()
                artifacts = generate(candidates, period)
                print(f"Generated {candidates} candidates and {artifacts} pieces of evidence dated in {period} "
                      f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
                db.session.remove()
                memory_before = peak_memory_mib()
                due = count_due(KINDS["monthly_reminder"], period)
                profiler = cProfile.Profile() if profile else None
                first, first_seconds = timed_run(period, profiler)
                received, received_bytes, connections = server.counts()
                second, second_seconds = timed_run(period)
                received_after_second = server.counts()[0]
                db.session.remove()
                db.engine.dispose()
        finally:
            server.stop()
    assert due == candidates, f"{due} eligible, expected every one of the {candidates} candidates"
    assert first.sent == received == due and not first.failed, (first, received, due)
    assert second.sent == 0 and received_after_second == received, (second, received_after_second)
    return {"candidates": candidates, "eligible": due, "sent": first.sent, "received": received,
            "bytes": received_bytes, "connections": connections, "seconds": first_seconds,
            "second_sent": second.sent, "second_seconds": second_seconds,
            "memory_before": memory_before, "memory_after": peak_memory_mib(), "profiler": profiler}


def report(figures):
    rows = [("candidates", f"{figures['candidates']:,}"),
            ("eligible for the reminder", f"{figures['eligible']:,}"),
            ("messages sent / received by the server", f"{figures['sent']:,} / {figures['received']:,}"),
            ("average message size", f"{figures['bytes'] / max(figures['received'], 1) / 1024:.1f} KiB"),
            ("SMTP connections used", f"{figures['connections']}"),
            ("first run", f"{figures['seconds']:.1f} s"),
            ("messages per second (aim: 300)", f"{figures['sent'] / figures['seconds']:.0f}"),
            ("second run: sent", f"{figures['second_sent']}"),
            ("second run (ledger check)", f"{figures['second_seconds'] * 1000:.0f} ms"),
            ("peak memory after generating / after runs",
             f"{figures['memory_before']:.0f} / {figures['memory_after']:.0f} MiB")]
    return "\n".join(f"{label:<44} {value:>16}" for label, value in rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--database-url", help="an empty database to use instead of a fresh SQLite file")
    parser.add_argument("--reset", action="store_true", help="drop every table of --database-url first")
    parser.add_argument("--profile", action="store_true",
                        help="print where the first run spent its time (cProfile; slows the run)")
    args = parser.parse_args()
    figures = run(args.candidates, args.database_url, args.reset, args.profile)
    print(report(figures))
    if figures["profiler"]:
        stats = pstats.Stats(figures["profiler"], stream=sys.stdout).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
