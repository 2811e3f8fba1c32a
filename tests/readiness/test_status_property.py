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
from tracker.frameworks.service import BUNDLED_DIR, get_framework, import_framework, parse_yaml
from tracker.models import (
    Artifact, ArtifactEvent, Claim, Metric, ReadinessCell, ReadinessStanding, ReadinessStatus, User)
from tracker.readiness.claims import claim_rows
from tracker.readiness.service import evaluate, readiness_for
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
    st.tuples(st.just("insert_level"), st.just(None)),
    st.tuples(st.just("log_tomorrow"), st.sampled_from(OWNERS), claims),
), min_size=1, max_size=12)
# Every sequence starts with some evidence, so the later steps have something to change.
sequences = st.tuples(st.lists(log, min_size=2, max_size=6), operations).map(lambda parts: parts[0] + parts[1])


def as_claims(pairs):
    return [{"competency": c, "level": level} for c, level in pairs]


def apply(org, operation, logged):
    kind, *args = operation
    people = {"candidate": org.candidate, "other": org.other, "manager": org.manager}
    free = ("log", "thresholds", "insert_level", "log_tomorrow")
    target = logged[args[0] % len(logged)] if logged and kind not in free else None
    if kind not in free and target is None:
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
    elif kind == "log_tomorrow":  # allowed for time zones east of UTC
        owner, pairs = args
        tomorrow = date.today() + timedelta(days=1)
        artifact = service.create_artifact(people[owner], people[owner], {
            "type": "impact_note", "title": "Tomorrow", "occurred_on": tomorrow, "claims": as_claims(pairs)})
        service.decide(artifact.owner.manager or org.admin, artifact, "verified")
        logged.append(artifact)
    elif kind == "insert_level":  # an admin's import puts a new level below the top
        document = bundled_vp()
        document["levels"].insert(2, {"slug": "senior_vp", "name": "Senior VP", "description": "", "points": 3})
        for position, level in enumerate(document["levels"]):
            level["points"] = position + 1
        for competency in document["competencies"]:
            competency["descriptors"]["senior_vp"] = "Between the two."
        import_framework(document)
    else:
        framework = get_framework("vp_engineering")
        framework.min_evidence, framework.min_distinct_months = args[0], min(args)


def bundled_vp():
    return parse_yaml((BUNDLED_DIR / "vp_engineering.yaml").read_text())


def reset():
    for model in (ReadinessStatus, ReadinessCell, ReadinessStanding, ArtifactEvent, Claim, Metric, Artifact):
        db.session.execute(delete(model))
    import_framework(bundled_vp(), origin="bundled")  # drops an inserted level, resets thresholds
    db.session.commit()


def stored():
    return {tuple(row) for row in db.session.execute(select(
        ReadinessStatus.user_id, ReadinessStatus.competency_id, ReadinessStatus.framework_id,
        ReadinessStatus.level_id, ReadinessStatus.counting, ReadinessStatus.pending, ReadinessStatus.latest))}


def recomputed():
    owners = db.session.scalars(select(User.id)).all()
    return {(r["user_id"], r["competency_id"], r["framework_id"], r["level_id"], r["counting"], r["pending"],
             r["latest"]) for r in computed_rows(db.session, owners)[0]}


CELL_COLUMNS = ("user_id", "competency_id", "level_id", "framework_id", "verified", "pending", "at_or_above",
                "months", "reached_on", "newest", "last_on")


def stored_cells():
    columns = [getattr(ReadinessCell, name) for name in CELL_COLUMNS]
    return {tuple(row) for row in db.session.execute(select(*columns))}


def recomputed_cells():
    owners = db.session.scalars(select(User.id)).all()
    return {tuple(row[name] for name in CELL_COLUMNS) for row in computed_rows(db.session, owners)[1]}


STANDING_COLUMNS = ("user_id", "framework_id", "points", "tops", "mids")


def stored_standing():
    return {tuple(row) for row in db.session.execute(
        select(*(getattr(ReadinessStanding, name) for name in STANDING_COLUMNS)))}


def recomputed_standing():
    owners = db.session.scalars(select(User.id)).all()
    return {tuple(row[name] for name in STANDING_COLUMNS) for row in computed_rows(db.session, owners)[2]}


def matrix_view(readiness):
    """Everything the matrix shows of a readiness, comparable across the two ways to get it."""
    return (readiness.headline, [
        (d.competency.slug, d.level.slug if d.level else None, d.score, d.counts(readiness.framework.levels),
         d.pending, d.reached, d.latest, d.next_step,
         {level_id: [c.artifact_id for c in cell.newest] for level_id, cell in d.cells.items()})
        for d in readiness.dimensions])


def matrix_from_cells_equals_matrix_from_claims():
    framework, today = get_framework("vp_engineering"), date.today()
    for person in db.session.scalars(select(User)):
        from_claims = evaluate(framework, claim_rows([person.id], today)[person.id], today)
        assert matrix_view(readiness_for(person, framework)) == matrix_view(from_claims), person.email


def pages_say():
    """What the readiness pages compute, person by person, from scratch (all dates)."""
    framework = get_framework("vp_engineering")
    answers = set()
    for person in db.session.scalars(select(User)):
        for d in readiness_for(person, framework, date.max).dimensions:
            if d.cells:
                answers.add((person.id, d.competency.id, d.level.id if d.level else None,
                             sum(cell.verified for cell in d.cells.values()), d.pending))
    return answers


def stored_levels():
    return {(row[0], row[1], row[3], row[4], row[5]) for row in stored()}


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
        assert stored_cells() == recomputed_cells(), operation
        assert stored_standing() == recomputed_standing(), operation
        assert stored_levels() == pages_say(), operation
        matrix_from_cells_equals_matrix_from_claims()
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



def test_an_import_that_inserts_a_level_keeps_the_status_right(org):
    for day in (date(2026, 1, 5), date(2026, 2, 5)):
        org.log(org.candidate, [("planning", "proven_vp")], day)
    with unit_of_work():
        apply(org, ("insert_level", None), [])
    assert stored_levels() == pages_say()
    (row,) = [row for row in stored_levels() if row[0] == org.candidate.id]
    assert row[2] == next(level.id for level in get_framework("vp_engineering").levels if level.slug == "proven_vp")
    reset()


def test_a_change_after_another_transactions_import_is_judged_by_the_new_rules(app, org):
    from datetime import datetime, timezone

    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from tracker.models import Framework
    for day in (date(2026, 1, 5), date(2026, 2, 5)):
        org.log(org.candidate, [("planning", "em")], day)
    assert get_framework("vp_engineering").min_evidence == 2  # this session holds the rules as they were
    with Session(db.engine) as other:  # another transaction raises the bar and commits
        other.execute(update(Framework).where(Framework.slug == "vp_engineering")
                      .values(min_evidence=3, min_distinct_months=3, updated_at=datetime.now(timezone.utc)))
        other.commit()
    org.log(org.candidate, [("hiring", "em")], date(2026, 3, 5))  # any change rewrites the person's rows
    planning = next(c.id for c in get_framework("vp_engineering").competencies if c.slug == "planning")
    (row,) = [row for row in stored() if row[0] == org.candidate.id and row[1] == planning]
    assert row[3] is None  # two pieces no longer reach a level under the new rules
    assert stored() == recomputed()
    reset()
