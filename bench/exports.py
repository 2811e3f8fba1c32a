"""Time to build the PDF documents: a promotion packet of about twenty pages and a five-year
brag document, served by gunicorn and asked over the API.

    .venv/bin/python -m bench.exports              # also run at the end of `python -m bench.run`
    .venv/bin/python -m bench.exports --rounds 9

One candidate logs a piece of evidence a month for five years, each with a full STAR
narrative, a metric and claims on two competencies, mostly verified by their manager. Each
document is measured as the pages in `bench.run` are: in alternation with the bare
endpoint, figures the medians over rounds (bare/page is the ratio to that endpoint). Each
is measured laid out afresh (the PDF cache emptied before every round) and fetched again
unchanged (served from the cache).
"""
import argparse
import io
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

os.environ.setdefault("TRACKER_ENV", "testing")

import pypdf  # noqa: E402

from bench.app import build_app  # noqa: E402
from bench.data import claim_rows, evidence_row, insert_all  # noqa: E402
from bench.run import PASSWORD, Session, p95, report, served  # noqa: E402
from tracker.database_cli import upgrade_database  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.frameworks.service import get_framework  # noqa: E402
from tracker.models import Artifact, Claim, Metric, User  # noqa: E402
from tracker.readiness.status import rebuild_all  # noqa: E402

MONTHS = 60
BRAG_DAYS = 5 * 365
PARAGRAPH = ("The platform group carried three product lines on one release train, and every slip in one "
             "held the other two back. I split the train, agreed service levels with each product lead, and "
             "moved the weekly risk review to the leads themselves, so decisions no longer waited for me. ")
STAR = {"situation": PARAGRAPH, "task": PARAGRAPH, "action": PARAGRAPH * 2, "result": PARAGRAPH}


def generate(seed=11):
    """A manager and a candidate with a piece of evidence a month for five years."""
    rng = random.Random(seed)
    framework = get_framework("vp_engineering")
    manager = User(email="manager@bench.example", name="Bench Manager")
    manager.set_password(PASSWORD)
    candidate = User(email="candidate@bench.example", name="Bench Candidate", password_hash=manager.password_hash,
                     manager=manager)
    db.session.add_all([manager, candidate])
    db.session.flush()
    today, now = date.today(), datetime.now(timezone.utc)
    rows, claims, metrics = [], [], []
    for month in range(MONTHS):
        artifact_id = month + 1
        state = "submitted" if month % 7 == 0 else "verified"
        row = evidence_row(artifact_id, candidate.id, today - timedelta(days=30 * month + 3), state, now)
        verified = state == "verified"
        row.update(STAR, title=f"Release train split, part {artifact_id}", decided_at=now if verified else None,
                   decided_by_id=manager.id if verified else None)
        rows.append(row)
        claims.extend(claim_rows(rng, framework, artifact_id))
        metrics.append({"artifact_id": artifact_id, "position": 0, "name": "Lead time", "baseline": 30.0,
                        "result": 12.0, "unit": "days", "category": "speed"})
    for table, batch in ((Artifact.__table__, rows), (Claim.__table__, claims), (Metric.__table__, metrics)):
        insert_all(table, batch)
    rebuild_all(db.session)
    db.session.commit()
    return candidate.email


def documents(email):
    start = (date.today() - timedelta(days=BRAG_DAYS - 1)).isoformat()
    return [("promotion packet (PDF)", f"/api/v1/users/{email}/packet?framework=vp_engineering"),
            ("5-year brag document (PDF)", f"/api/v1/users/{email}/brag-document?format=pdf&from={start}")]


def fetch(session, path):
    """The document's bytes and the seconds it took (a PDF is not text, so not `Session.request`)."""
    started = time.perf_counter()
    session.connection.request("GET", path, headers=session.headers)
    response = session.connection.getresponse()
    body = response.read()
    assert response.status == 200, (path, response.status, body[:300])
    return body, time.perf_counter() - started


def measure(port, email, rounds, cache):
    """{label: (median seconds, median bare seconds, median bare/page, p95 seconds)} and the page counts."""
    session, bare = Session(port, email, bearer=True), Session(port, email)
    results, pages = {}, {}
    for label, path in documents(email):
        body, _ = fetch(session, path)  # warm up
        pages[label] = len(pypdf.PdfReader(io.BytesIO(body)).pages)
        for afresh in (True, False):
            times, bare_times = [], []
            for _ in range(rounds):
                if afresh:
                    shutil.rmtree(cache, ignore_errors=True)
                bare_times.append(bare.timed("/_bench/bare"))
                times.append(fetch(session, path)[1])
            results[f"{label}, {'laid out' if afresh else 'again'}"] = (
                statistics.median(times), statistics.median(bare_times),
                statistics.median(b / t for b, t in zip(bare_times, times)), p95(times))
    return results, pages


def run(rounds, database_url=None):
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or "sqlite:///" + os.path.join(folder, "exports.sqlite3")
        app = build_app(url)
        with app.app_context():
            upgrade_database()
            email = generate()
            db.session.remove()
            db.engine.dispose()
        cache = os.path.join(folder, "pdf-cache")
        os.environ["TRACKER_PDF_CACHE_DIR"] = cache  # the server's, which the rounds empty
        try:
            return served(url, measure, email, rounds, cache)
        finally:
            del os.environ["TRACKER_PDF_CACHE_DIR"]


def describe(results, pages):
    table = report(results)
    counts = ", ".join(f"{label}: {count} pages" for label, count in pages.items())
    return f"{table}\n{counts}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database to use instead of a fresh SQLite file")
    args = parser.parse_args()
    print(describe(*run(args.rounds, args.database_url)))


if __name__ == "__main__":
    main()
