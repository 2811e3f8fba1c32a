"""Page latency benchmark against a generated organisation.

    .venv/bin/python -m bench.run                      # ~1,000 users, 200,000 artifacts
    .venv/bin/python -m bench.run --users 100 --artifacts 5000 --repeats 5

Every figure is reported as a ratio to a bare Flask endpoint measured in the same run on the
same machine, so results compare across machines and loads. The database is a fresh SQLite
file unless --database-url names another (it must be empty; it is migrated here).
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

os.environ.setdefault("TRACKER_ENV", "testing")

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.frameworks.service import get_framework  # noqa: E402
from tracker.models import Artifact, Claim, Metric, User  # noqa: E402

PASSWORD = "bench-password-1"
STATES = ["verified"] * 6 + ["submitted", "draft"]


def build_app(url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})

    @app.get("/_bench/bare")
    def bare():
        return "ok"

    return app


def generate(users, artifacts, seed=7):
    """Insert an org: 1 admin, managers with ~8 reports each, artifacts spread over 2 years."""
    rng = random.Random(seed)
    framework = get_framework("vp_engineering")
    admin = User(email="admin@bench.example", name="Admin", is_admin=True)
    admin.set_password(PASSWORD)
    password_hash = admin.password_hash
    db.session.add(admin)
    db.session.flush()
    managers, people = [], []
    for index in range(users - 1):
        is_manager = index % 9 == 0
        manager = None if is_manager or not managers else managers[-1]
        user = User(email=f"user{index}@bench.example", name=f"User {index}", password_hash=password_hash,
                    manager=manager)
        db.session.add(user)
        (managers if is_manager else people).append(user)
    db.session.flush()
    owners = [user.id for user in people + managers]
    today, now = date.today(), datetime.now(timezone.utc)
    rows, claims, metrics = [], [], []
    for artifact_id in range(1, artifacts + 1):
        owner = rng.choice(owners)
        rows.append({"id": artifact_id, "owner_id": owner, "author_id": owner, "type": "impact_note",
                     "title": f"Outcome {artifact_id}", "occurred_on": today - timedelta(days=rng.randrange(730)),
                     "summary": "Cut p95 latency by **40%**.", "situation": "", "task": "", "action": "",
                     "result": "", "scope": "", "stakeholders": "", "links": [], "visibility": "manager",
                     "state": rng.choice(STATES), "decision_comment": "",
                     "created_at": now, "updated_at": now})
        for competency in rng.sample(framework.competencies, 2):
            claims.append({"artifact_id": artifact_id, "competency_id": competency.id,
                           "level_id": rng.choice(framework.levels).id})
        metrics.append({"artifact_id": artifact_id, "position": 0, "name": "Spend", "baseline": 100.0,
                        "result": 80.0, "unit": "k", "category": "cost"})
    for table, batch in ((Artifact.__table__, rows), (Claim.__table__, claims), (Metric.__table__, metrics)):
        for start in range(0, len(batch), 5000):
            db.session.execute(sa.insert(table), batch[start:start + 5000])
    db.session.commit()
    busiest_manager = max(managers, key=lambda m: len(m.reports))
    candidate = db.session.scalar(
        sa.select(User).join(Artifact, Artifact.owner_id == User.id)
        .where(User.manager_id == busiest_manager.id)
        .group_by(User.id).order_by(sa.func.count(Artifact.id).desc()).limit(1))
    return {"admin": admin.email, "manager": busiest_manager.email, "candidate": candidate.email,
            "candidate_id": candidate.id}


def timed(client, path, repeats):
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples)


def signed_in(app, email):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


def measure(app, who, repeats):
    """{label: median seconds} for the bare endpoint and the main pages."""
    pages = [("bare Flask endpoint", "admin", "/_bench/bare"),
             ("candidate dashboard", "candidate", "/"),
             ("candidate evidence list", "candidate", "/artifacts/"),
             ("candidate readiness matrix", "candidate", "/readiness"),
             ("manager verification queue", "manager", "/artifacts/queue"),
             ("manager team view", "manager", "/team"),
             ("manager views a report's matrix", "manager", f"/readiness/{who['candidate_id']}"),
             ("admin team view (whole org)", "admin", "/team")]
    clients = {role: signed_in(app, who[role]) for role in ("candidate", "manager", "admin")}
    # no app context held here: each request gets its own, as under a real server
    return {label: timed(clients[role], path, repeats) for label, role, path in pages}


def report(results):
    bare = results["bare Flask endpoint"]
    lines = [f"{'page':<34} {'median ms':>10} {'x bare':>9} {'req/s':>8}"]
    for label, seconds in results.items():
        lines.append(f"{label:<34} {seconds * 1000:>10.2f} {seconds / bare:>9.1f} {1 / seconds:>8.0f}")
    return "\n".join(lines)


def run(users, artifacts, repeats, database_url=None):
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or "sqlite:///" + os.path.join(folder, "bench.sqlite3")
        app = build_app(url)
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            who = generate(users, artifacts)
            print(f"Generated {users} users and {artifacts} artifacts in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)
        results = measure(app, who, repeats)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--artifacts", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--database-url", help="an empty database to use instead of a fresh SQLite file")
    args = parser.parse_args()
    print(report(run(args.users, args.artifacts, args.repeats, args.database_url)))


if __name__ == "__main__":
    main()
