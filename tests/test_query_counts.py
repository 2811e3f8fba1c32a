"""Pages that list or aggregate run the same number of SQL queries for 10 or 500 artifacts."""
from datetime import date

from sqlalchemy import event, select

from tests.conftest import login
from tests.reviews.helpers import act, close, schedule
from tracker.auth.service import issue_token
from tracker.extensions import db
from tracker.frameworks.service import get_framework
from tracker.models import Artifact, Claim, Metric, User
from tracker.search import index_artifact

PAGES = [("candidate", "/"), ("candidate", "/artifacts/"), ("candidate", "/readiness"),
         ("manager", "/"), ("manager", "/artifacts/queue"), ("manager", "/team"),
         ("manager", "/readiness/{candidate}"), ("admin", "/artifacts/queue"), ("admin", "/team"),
         ("manager", "/api/v1/artifacts?per_page=200"), ("admin", "/api/v1/artifacts?per_page=200"),
         ("candidate", "/readiness?framework=it_director&as_of=2025-12-31"),
         ("manager", "/readiness/{candidate}/chart.svg"), ("manager", "/team.svg"),
         ("admin", "/team?framework=em_scorecard&sort=hiring"),
         ("manager", "/api/v1/users/candidate@example.com/readiness"),
         ("manager", "/api/v1/users/candidate@example.com/readiness?framework=em_scorecard&as_of=2025-06-30"),
         ("candidate", "/api/v1/users/candidate@example.com/targets"),
         ("candidate", "/artifacts/?q=result+spend"), ("manager", "/artifacts/?q=result&person=all"),
         ("admin", "/artifacts/?q=spend&person=all"), ("admin", "/artifacts/?person=all"),
         ("manager", "/artifacts/?person=candidate@example.com&needs_work=1&from=2024-01-01"),
         ("manager", "/api/v1/artifacts?q=result&per_page=200"),
         ("manager", "/people/{candidate}/self-assessments"), ("candidate", "/self-assessment"),
         ("manager", "/reviews"), ("candidate", "/people/{candidate}/reviews"), ("manager", "/reviews/{review}"),
         ("candidate", "/reviews/{review}"), ("manager", "/reviews/{closed_review}"),
         ("admin", "/people"), ("manager", "/people?q=a"), ("manager", "/api/v1/users"),
         ("admin", "/admin/audit"), ("admin", "/admin/audit?action=sign_in&person=candidate@example.com")]


def bulk_evidence(owner_email, verifier_email, count):
    """Insert `count` artifacts with claims and metrics directly (fast set-up)."""
    owner = db.session.query(User).filter_by(email=owner_email).one()
    verifier = db.session.query(User).filter_by(email=verifier_email).one()
    framework = get_framework("vp_engineering")
    for index in range(count):
        artifact = Artifact(owner=owner, author=owner, type="impact_note", title=f"Result {index}",
                            occurred_on=date(2024 + index % 2, index % 12 + 1, 5),
                            state="verified" if index % 3 else "submitted", decided_by=verifier,
                            visibility="manager", links=[])
        artifact.claims.append(Claim(competency=framework.competencies[index % 8],
                                     level=framework.levels[index % 3]))
        artifact.metrics.append(Metric(name="Spend", result=index, unit="k", category="cost"))
        db.session.add(artifact)
        db.session.flush()
        index_artifact(artifact)
    db.session.commit()


def add_evidence(count):
    bulk_evidence("candidate@example.com", "manager@example.com", count)
    bulk_evidence("other@example.com", "other.manager@example.com", count)


def count_queries(app, ids):
    counts = {}
    for role, template in PAGES:
        client = app.test_client()
        if template.startswith("/api/"):
            token = issue_token(db.session.scalar(select(User).filter_by(email=f"{role}@example.com")))
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        else:
            login(client, f"{role}@example.com")
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = client.get(template.format(**ids))
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        assert response.status_code == 200, template
        counts[(role, template)] = len(statements)
    return counts


def test_query_counts_do_not_grow_with_data(app, org):
    add_evidence(10)
    closed = schedule(org)
    act(closed, "candidate@example.com", "Draft the plan")
    close(closed)
    review = schedule(org)
    ids = {"candidate": org.candidate.id, "review": review.id, "closed_review": closed.id}
    count_queries(app, ids)  # warm the per-process framework copies
    small = count_queries(app, ids)
    add_evidence(490)
    large = count_queries(app, ids)
    assert large == small
    # The session page gathers a whole review (agenda of seven parts, agreed levels, action
    # items, decisions, notes) on one page: its own, fixed, budget.
    sessions = {key: count for key, count in small.items() if key[1].startswith("/reviews/{")}
    assert max(count for key, count in small.items() if key not in sessions) <= 25, small
    assert max(sessions.values()) <= 28, sessions
