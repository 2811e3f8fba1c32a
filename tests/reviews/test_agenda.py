"""The agenda of a session, built from a candidate's known history: exactly these items."""
from datetime import date, datetime, timezone

from tests.reviews.helpers import act, close, schedule
from tracker.artifacts import service as evidence
from tracker.extensions import db
from tracker.reviews import contributions
from tracker.reviews.agenda import build_agenda
from tracker.reviews.questions import QUESTIONS
from tracker.reviews.self_assessment import record_self_assessment


def logged(org, title, claims, occurred_on, created, state="verified", **fields):
    artifact = org.log(org.candidate, claims, occurred_on=occurred_on, state=state, title=title, **fields)
    artifact.created_at = created
    if artifact.decided_at is not None:
        artifact.decided_at = created
    db.session.commit()
    return artifact


def at(month, day=1):
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


def test_the_agenda_holds_exactly_what_changed_since_the_last_session(org):
    logged(org, "Quarterly plan", [("planning", "em")], date(2026, 3, 1), at(3))
    logged(org, "Roadmap review", [("planning", "em")], date(2026, 4, 1), at(4))
    first = schedule(org, when="2026-04-20T09:00:00+00:00")
    act(first, "candidate@example.com", "Write the hiring plan", due=date(2026, 12, 15))
    act(first, "manager@example.com", "Introduce Cara to finance", done=True)
    close(first, at=at(5))

    logged(org, "Error budget dashboard", [("metrics", "em")], date(2026, 6, 1), at(6))
    logged(org, "Delivery metrics review", [("metrics", "em")], date(2026, 7, 1), at(7))
    logged(org, "Hiring loop redesign", [("hiring", "em")], date(2026, 8, 1), at(8), state="submitted")
    logged(org, "Private musing", [("hiring", "em")], date(2026, 8, 2), at(8), state="draft", visibility="private")
    gone = logged(org, "Deleted win", [("metrics", "em")], date(2026, 8, 3), at(8))
    evidence.delete_artifact(org.candidate, gone)
    record_self_assessment(org.candidate, org.candidate, {
        "answers": [{"question": q.slug, "rating": 3} for q in QUESTIONS],
        "ratings": {"vp_engineering": {"planning": "proven_vp", "metrics": "em", "hiring": "em"}}})
    db.session.commit()

    second = schedule(org)
    contributions.add_topic(org.candidate, second, {"text": "Scope of the platform team"})
    act(second, "candidate@example.com", "Only in this session")
    agenda = build_agenda(second).to_dict()

    assert agenda["since"] == at(5).isoformat() and agenda["previous_session"] == first.id
    assert [a["title"] for a in agenda["new_evidence"]] == ["Delivery metrics review", "Error budget dashboard"]
    assert agenda["new_evidence_count"] == 2
    assert [a["title"] for a in agenda["awaiting_verification"]] == ["Hiring loop redesign"]
    assert [(c["competency"], c["before"], c["after"]) for c in agenda["level_changes"]] == [("metrics", None, "em")]
    assert [(d["competency"], d["level"]) for d in agenda["lowest"]] == [("org_design", None),
                                                                         ("stakeholder_leadership", None)]
    assert all(d["next_step"] for d in agenda["lowest"])
    assert sorted((g["competency"], g["self_rating"], g["level"]) for g in agenda["self_rating_gaps"]) == [
        ("hiring", "em", None), ("planning", "proven_vp", "em")]
    assert [(i["title"], i["owner"], i["due"]) for i in agenda["open_action_items"]] == [
        ("Write the hiring plan", "candidate@example.com", "2026-12-15")]
    assert [(t["text"], t["author"]) for t in agenda["topics"]] == [("Scope of the platform team",
                                                                      "candidate@example.com")]


def test_evidence_verified_after_a_session_is_new_and_moves_a_level(org):
    march = logged(org, "Quarterly plan", [("planning", "em")], date(2026, 3, 1), at(3), state="submitted")
    april = logged(org, "Roadmap review", [("planning", "em")], date(2026, 4, 1), at(4), state="submitted")
    first = schedule(org, when="2026-04-20T09:00:00+00:00")
    assert [a["title"] for a in build_agenda(first).to_dict()["awaiting_verification"]] == [
        "Roadmap review", "Quarterly plan"]
    close(first, at=at(5))
    assert first.frozen_agenda["levels"]["vp_engineering"]["planning"] is None
    for artifact in (march, april):  # verified in June, after the session
        evidence.decide(org.manager, artifact, "verified", based_on=artifact.version)
    db.session.commit()
    agenda = build_agenda(schedule(org)).to_dict()
    assert [a["title"] for a in agenda["new_evidence"]] == ["Roadmap review", "Quarterly plan"]
    assert [(c["competency"], c["before"], c["after"]) for c in agenda["level_changes"]] == [("planning", None, "em")]
    assert agenda["awaiting_verification"] == []


def test_action_items_of_a_cancelled_session_carry_over_too(org):
    from tracker.reviews.sessions import cancel_review

    first = schedule(org)
    act(first, "candidate@example.com", "Still to do")
    cancel_review(org.manager, first)
    db.session.commit()
    assert [i["title"] for i in build_agenda(schedule(org)).to_dict()["open_action_items"]] == ["Still to do"]


def test_the_first_session_looks_back_ninety_days_and_compares_nothing(org):
    logged(org, "Old news", [("planning", "em")], date(2026, 1, 5), datetime(2026, 1, 5, tzinfo=timezone.utc))
    recent = org.log(org.candidate, [("planning", "em")], occurred_on=date(2026, 11, 1), title="Fresh win")
    agenda = build_agenda(schedule(org)).to_dict()
    assert agenda["since"] is None and agenda["level_changes"] == []
    assert [a["id"] for a in agenda["new_evidence"]] == [recent.id]


def test_a_closed_session_keeps_the_agenda_it_closed_with(org):
    review = schedule(org)
    org.log(org.candidate, [("planning", "em")], title="Before the close", state="submitted")
    close(review)
    org.log(org.candidate, [("planning", "em")], title="After the close", state="submitted")
    assert [a["title"] for a in review.frozen_agenda["awaiting_verification"]] == ["Before the close"]


def test_open_action_items_carry_over_until_done(org):
    first = schedule(org)
    item = act(first, "candidate@example.com", "Draft the org design memo")
    close(first)
    second = schedule(org)
    assert [i["id"] for i in build_agenda(second).to_dict()["open_action_items"]] == [item.id]
    contributions.set_action_done(org.candidate, item, True)
    db.session.commit()
    assert build_agenda(second).to_dict()["open_action_items"] == []
