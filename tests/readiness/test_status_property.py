"""Stored readiness status always equals a full recomputation, whatever sequence of changes
led to it: evidence logged, decided, edited, made private, deleted and restored, and
framework thresholds changed. Hypothesis draws the sequences."""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from tracker.artifacts import service
from tracker.errors import ServiceError, ValidationError
from tracker.extensions import db
from tracker.frameworks.service import get_framework
from tracker.models import Artifact, ArtifactEvent, Claim, Metric, ReadinessStatus, User
from tracker.readiness.status import computed_rows
from tracker.transaction import unit_of_work

TODAY = date(2026, 11, 20)
COMPETENCIES = ("planning", "hiring", "metrics")
LEVELS = ("em", "emerging_vp", "proven_vp")
OWNERS = ("candidate", "other", "manager")

claims = st.lists(st.tuples(st.sampled_from(COMPETENCIES), st.sampled_from(LEVELS)), max_size=3,
                  unique_by=lambda claim: claim[0])
pick = st.integers(min_value=0, max_value=20)
log = st.tuples(st.just("log"), st.sampled_from(OWNERS), claims, st.integers(0, 150),
                st.sampled_from(["draft", "submitted", "verified", "verified"]))
operations = st.lists(st.one_of(
    log,
    st.tuples(st.just("decide"), pick, st.sampled_from(["verified", "changes_requested"])),
    st.tuples(st.just("claims"), pick, claims),
    st.tuples(st.just("date"), pick, st.integers(0, 150)),
    st.tuples(st.just("private"), pick),
    st.tuples(st.just("submit"), pick),
    st.tuples(st.just("delete"), pick),
    st.tuples(st.just("restore"), pick),
    st.tuples(st.just("thresholds"), st.integers(1, 3), st.integers(1, 2)),
), min_size=1, max_size=12)
# Every sequence starts with some evidence, so the later steps have something to change.
sequences = st.tuples(st.lists(log, min_size=2, max_size=6), operations).map(lambda parts: parts[0] + parts[1])


def as_claims(pairs):
    return [{"competency": c, "level": level} for c, level in pairs]


def apply(org, operation, logged):
    kind, *args = operation
    people = {"candidate": org.candidate, "other": org.other, "manager": org.manager}
    target = logged[args[0] % len(logged)] if logged and kind not in ("log", "thresholds") else None
    if kind not in ("log", "thresholds") and target is None:
        return
    if kind == "log":
        owner, pairs, days, state = args
        data = {"type": "impact_note", "title": "Step", "occurred_on": TODAY - timedelta(days=days),
                "claims": as_claims(pairs)}
        artifact = service.create_artifact(people[owner], people[owner], data, submit=state != "draft",
                                           today=TODAY)
        if state == "verified":  # logged and verified in one use case
            service.decide(artifact.owner.manager or org.admin, artifact, "verified")
        logged.append(artifact)
    elif kind == "decide":
        decider = target.owner.manager or org.admin
        comment = "" if args[1] == "verified" else "More, please."
        service.decide(decider, target, args[1], comment)
    elif kind == "claims":
        service.update_artifact(target.owner, target, {"claims": as_claims(args[1])}, today=TODAY)
    elif kind == "date":
        service.update_artifact(target.owner, target, {"occurred_on": TODAY - timedelta(days=args[1])},
                                today=TODAY)
    elif kind == "private":
        service.update_artifact(target.owner, target, {"visibility": "private"}, today=TODAY)
    elif kind == "submit":
        service.submit_artifact(target.owner, target)
    elif kind == "delete":
        service.delete_artifact(target.owner, target)
    elif kind == "restore":
        service.restore_artifact(target.owner, target)
    else:
        framework = get_framework("vp_engineering")
        framework.min_evidence, framework.min_distinct_months = args[0], min(args)


def reset():
    for model in (ReadinessStatus, ArtifactEvent, Claim, Metric, Artifact):
        db.session.execute(delete(model))
    framework = get_framework("vp_engineering")
    framework.min_evidence, framework.min_distinct_months = 2, 2
    db.session.commit()


def stored():
    return {tuple(row) for row in db.session.execute(select(
        ReadinessStatus.user_id, ReadinessStatus.competency_id, ReadinessStatus.framework_id,
        ReadinessStatus.level_id, ReadinessStatus.counting, ReadinessStatus.pending, ReadinessStatus.latest))}


def recomputed():
    owners = db.session.scalars(select(User.id)).all()
    return {(r["user_id"], r["competency_id"], r["framework_id"], r["level_id"], r["counting"], r["pending"],
             r["latest"]) for r in computed_rows(db.session, owners)}


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=sequences)
def test_stored_status_equals_a_full_recomputation(org, steps):
    reset()
    logged = []
    for operation in steps:
        try:
            with unit_of_work():
                apply(org, operation, logged)
        except (ServiceError, ValidationError):
            pass  # refused changes roll back; the status must not move either
        logged = [db.session.get(Artifact, artifact.id) for artifact in logged if artifact.id is not None]
        logged = [artifact for artifact in logged if artifact is not None]
        assert stored() == recomputed(), operation
    reset()


def test_the_status_follows_a_verification(org):
    first = org.log(org.candidate, [("planning", "em")], date(2026, 1, 5))
    assert stored() == recomputed() and len(stored()) == 1
    org.log(org.candidate, [("planning", "em")], date(2026, 2, 5))
    (row,) = [r for r in stored() if r[0] == org.candidate.id]
    assert row[3] == get_framework("vp_engineering").levels[0].id and row[4] == 2
    with unit_of_work():
        service.delete_artifact(org.candidate, first)
    (row,) = [r for r in stored() if r[0] == org.candidate.id]
    assert row[3] is None and row[4] == 1


def test_a_threshold_change_rewrites_the_status_of_everyone_it_affects(org):
    for day in (date(2026, 1, 5), date(2026, 2, 5)):
        org.log(org.candidate, [("hiring", "emerging_vp")], day)
    org.log(org.other, [("hiring", "em")], date(2026, 3, 5))
    framework = get_framework("vp_engineering")
    with unit_of_work():
        framework.min_evidence, framework.min_distinct_months = 1, 1
    assert stored() == recomputed()
    levels = {row[0]: row[3] for row in stored()}
    assert levels[org.other.id] == framework.levels[0].id  # one piece is now enough

