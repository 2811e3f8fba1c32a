"""Page latency benchmark against a generated organisation, served by gunicorn.

    .venv/bin/python -m bench.run                      # ~1,000 users, 200,000 artifacts
    .venv/bin/python -m bench.run --users 200 --artifacts 2000 --rounds 9

The app runs under gunicorn (one worker, one thread) on loopback and is asked over HTTP,
as in production. Every page is measured against a bare endpoint that runs `SELECT 1`
through the same database session: the two are asked in alternation, round after round,
and each figure is the median over rounds of bare time / page time. Load on the machine
then slows both alike and cancels out, so figures compare across machines. 1/5 means the
page takes five times as long as the bare endpoint. At the end, `bench.exports` times the
PDF documents (a promotion packet, a five-year brag document) the same way.
"""
import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date, datetime, timedelta, timezone

os.environ.setdefault("TRACKER_ENV", "testing")

import sqlalchemy as sa  # noqa: E402
from tracker.database_cli import upgrade_database  # noqa: E402

from bench.app import build_app  # noqa: E402
from bench.data import RARE_SUMMARY, SUMMARY, claim_rows, evidence_row, insert_all  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.frameworks.service import get_framework  # noqa: E402
from tracker.models import Artifact, Claim, Metric, User  # noqa: E402
from tracker.readiness.status import rebuild_all  # noqa: E402
from tracker import search  # noqa: E402
from tracker.search.rebuild import index_all  # noqa: E402

PASSWORD = "bench-password-1"
STATES = ["verified"] * 6 + ["submitted", "draft"]
BIG_TEAM = 100  # the reports of the manager whose heatmap is measured
RARE = 997  # one artifact in RARE mentions "Kestrel": the rare word searched for


def generate(users, artifacts, seed=7):
    """Insert an org: an admin, a manager with up to BIG_TEAM reports, other managers with
    about eight reports each, and artifacts spread over two years."""
    rng = random.Random(seed)
    framework = get_framework("vp_engineering")
    admin = User(email="admin@bench.example", name="Admin", is_admin=True)
    admin.set_password(PASSWORD)
    password_hash = admin.password_hash
    db.session.add(admin)
    big = User(email="big.manager@bench.example", name="Big Manager", password_hash=password_hash)
    db.session.add(big)
    db.session.flush()
    managers, people = [big], []
    for index in range(users - 2):
        is_manager = index >= BIG_TEAM and index % 9 == 0
        manager = big if index < BIG_TEAM else (None if is_manager else managers[-1])
        user = User(email=f"user{index}@bench.example", name=f"User {index:04d}", password_hash=password_hash,
                    manager=manager)
        db.session.add(user)
        (managers if is_manager else people).append(user)
    db.session.flush()
    owners = [user.id for user in people + managers]
    today, now = date.today(), datetime.now(timezone.utc)
    rows, claims, metrics = [], [], []
    for artifact_id in range(1, artifacts + 1):
        owner = rng.choice(owners)
        rows.append(evidence_row(artifact_id, owner, today - timedelta(days=rng.randrange(730)),
                                 rng.choice(STATES), now, RARE_SUMMARY if artifact_id % RARE == 0 else SUMMARY))
        claims.extend(claim_rows(rng, framework, artifact_id))
        metrics.append({"artifact_id": artifact_id, "position": 0, "name": "Spend", "baseline": 100.0,
                        "result": 80.0, "unit": "k", "category": "cost"})
    for table, batch in ((Artifact.__table__, rows), (Claim.__table__, claims), (Metric.__table__, metrics)):
        insert_all(table, batch)
    rebuild_all(db.session)  # bulk inserts bypass the hooks that keep the stored status current
    index_all(db.session, search.backend())  # and the artifact service that keeps the search index
    db.session.commit()
    candidate = db.session.scalar(
        sa.select(User).join(Artifact, Artifact.owner_id == User.id).where(User.manager_id == big.id)
        .group_by(User.id).order_by(sa.func.count(Artifact.id).desc()).limit(1))
    return {"admin": admin.email, "manager": big.email, "candidate": candidate.email,
            "candidate_id": candidate.id, "rare": "kestrel"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Session:
    """A signed-in person over one keep-alive HTTP connection: with the sign-in cookie, or
    with an API token (`bearer`)."""

    def __init__(self, port, email, bearer=False):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie, self.headers = "", {}
        if bearer:
            body = json.dumps({"email": email, "password": PASSWORD})
            status, text = self.request("POST", "/api/v1/tokens", body, {"Content-Type": "application/json"})
            assert status == 201, f"token for {email} answered {status}"
            self.headers = {"Authorization": f"Bearer {json.loads(text)['token']}"}
        else:
            body = urllib.parse.urlencode({"email": email, "password": PASSWORD})
            status, _ = self.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
            assert status == 302, f"sign-in of {email} answered {status}"

    def request(self, method, path, body=None, headers=None):
        headers = {**self.headers, **(headers or {})}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text

    def timed(self, path):
        started = time.perf_counter()
        status, _ = self.request("GET", path)
        elapsed = time.perf_counter() - started
        assert status == 200, (path, status)
        return elapsed


def pages(who):
    return [("candidate dashboard", "candidate", "/"),
            ("candidate evidence list", "candidate", "/artifacts/"),
            ("candidate readiness matrix", "candidate", "/readiness"),
            ("candidate readiness API", "candidate API", f"/api/v1/users/{who['candidate']}/readiness"),
            ("manager verification queue", "manager", "/artifacts/queue"),
            (f"manager heatmap ({BIG_TEAM} reports)", "manager", "/team"),
            ("manager views a report's matrix", "manager", f"/readiness/{who['candidate_id']}"),
            ("admin heatmap, first page of the org", "admin", "/team"),
            ("candidate search, common word", "candidate", "/artifacts/?q=latency"),
            ("candidate search, rare word", "candidate", f"/artifacts/?q={who['rare']}"),
            ("candidate search, word found nowhere", "candidate", "/artifacts/?q=zyzzyva"),
            (f"manager list, all {BIG_TEAM} reports", "manager", "/artifacts/?person=all"),
            ("manager search, common word", "manager", "/artifacts/?q=latency&person=all"),
            ("manager search, rare word", "manager", f"/artifacts/?q={who['rare']}&person=all"),
            ("manager search, word found nowhere", "manager", "/artifacts/?q=zyzzyva&person=all"),
            ("admin list, everything", "admin", "/artifacts/?person=all"),
            ("admin search, common word", "admin", "/artifacts/?q=latency&person=all"),
            ("admin search, rare word", "admin", f"/artifacts/?q={who['rare']}&person=all"),
            ("admin search, word found nowhere", "admin", "/artifacts/?q=zyzzyva&person=all"),
            ("admin evidence API, first page", "admin API", "/api/v1/artifacts?per_page=50")]


def measure(port, who, rounds):
    """{label: (median page seconds, median bare seconds, median bare/page ratio, p95 page seconds)}."""
    sessions = {role: Session(port, who[role]) for role in ("candidate", "manager", "admin")}
    sessions["candidate API"] = Session(port, who["candidate"], bearer=True)
    sessions["admin API"] = Session(port, who["admin"], bearer=True)
    results = {}
    for label, role, path in pages(who):
        session, bare = sessions[role], sessions["candidate"]
        for _ in range(2):  # warm up
            session.timed(path)
            bare.timed("/_bench/bare")
        page_times, bare_times = [], []
        for _ in range(rounds):
            bare_times.append(bare.timed("/_bench/bare"))
            page_times.append(session.timed(path))
        ratios = [b / p for b, p in zip(bare_times, page_times)]
        results[label] = (statistics.median(page_times), statistics.median(bare_times), statistics.median(ratios),
                          p95(page_times))
    return results


def p95(times):
    """The 95th percentile (the slowest for fewer than 20 rounds)."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def report(results):
    lines = [f"{'page':<40} {'median ms':>10} {'p95 ms':>8} {'bare ms':>8} {'bare/page':>10}"]
    for label, (page, bare, ratio, slow) in results.items():
        lines.append(f"{label:<40} {page * 1000:>10.2f} {slow * 1000:>8.2f} {bare * 1000:>8.2f} "
                     f"{'1/' + format(1 / ratio, '.1f'):>10}")
    return "\n".join(lines)


def serve(url, port):
    env = {**os.environ, "TRACKER_ENV": "testing", "BENCH_DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "1", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "bench.app:application"],
        env=env, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 30 s")


def run(users, artifacts, rounds, database_url=None):
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or "sqlite:///" + os.path.join(folder, "bench.sqlite3")
        app = build_app(url)
        with app.app_context():
            upgrade_database()
            started = time.perf_counter()
            who = generate(users, artifacts)
            print(f"Generated {users} users and {artifacts} artifacts in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)
            db.session.remove()
            if db.engine.dialect.name == "postgresql":  # what autovacuum does after a bulk load
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.execute(sa.text("VACUUM ANALYZE"))
            db.engine.dispose()
        return served(url, measure, who, rounds)


def served(url, measure_with, *args):
    """`measure_with(port, *args)` against gunicorn serving the database at `url`."""
    port = free_port()
    server = serve(url, port)
    try:
        return measure_with(port, *args)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--artifacts", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--database-url", help="an empty database to use instead of a fresh SQLite file")
    args = parser.parse_args()
    print(report(run(args.users, args.artifacts, args.rounds, args.database_url)))
    from bench import exports  # the PDF documents, on an organisation of their own (a fresh SQLite file)

    print(exports.describe(*exports.run(rounds=3)))


if __name__ == "__main__":
    main()
