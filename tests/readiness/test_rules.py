"""SPEC section 3, rule by rule, against real rows in the database."""
from datetime import date

import pytest

from tracker.artifacts import service as artifacts
from tracker.extensions import db
from tracker.frameworks.service import get_framework
from tracker.readiness.kinds.ladder import stage_for
from tracker.readiness.rules import demonstrated_position
from tracker.readiness.service import readiness_for

MARCH, APRIL, MAY = date(2026, 3, 10), date(2026, 4, 2), date(2026, 5, 20)


def level_of(user, competency):
    level = readiness_for(user).level_of(competency)
    return level.slug if level else None


def test_two_verified_claims_in_two_months_demonstrate_the_level(org):
    org.log(org.candidate, [("planning", "emerging_vp")], MARCH)
    assert level_of(org.candidate, "planning") is None
    org.log(org.candidate, [("planning", "emerging_vp")], APRIL)
    assert level_of(org.candidate, "planning") == "emerging_vp"


def test_two_claims_in_the_same_month_are_not_enough(org):
    org.log(org.candidate, [("planning", "emerging_vp")], date(2026, 3, 1))
    org.log(org.candidate, [("planning", "emerging_vp")], date(2026, 3, 31))
    assert level_of(org.candidate, "planning") is None
    org.log(org.candidate, [("planning", "emerging_vp")], date(2025, 3, 15))  # same month, other year
    assert level_of(org.candidate, "planning") == "emerging_vp"


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested"])
def test_unverified_evidence_does_not_count(org, state):
    org.log(org.candidate, [("metrics", "em")], MARCH)
    org.log(org.candidate, [("metrics", "em")], APRIL, state=state)
    assert level_of(org.candidate, "metrics") is None


def test_deleted_evidence_stops_counting_and_counts_again_when_restored(org):
    org.log(org.candidate, [("hiring", "em")], MARCH)
    second = org.log(org.candidate, [("hiring", "em")], APRIL)
    assert level_of(org.candidate, "hiring") == "em"
    artifacts.delete_artifact(org.candidate, second)
    assert level_of(org.candidate, "hiring") is None
    artifacts.restore_artifact(org.candidate, second)
    assert level_of(org.candidate, "hiring") == "em"


def test_sent_back_after_verification_stops_counting(org):
    org.log(org.candidate, [("hiring", "em")], MARCH)
    second = org.log(org.candidate, [("hiring", "em")], APRIL)
    artifacts.decide(org.manager, second, "changes_requested", "The numbers do not add up.")
    assert level_of(org.candidate, "hiring") is None


def test_higher_claims_count_for_lower_levels(org):
    org.log(org.candidate, [("org_design", "em")], MARCH)
    org.log(org.candidate, [("org_design", "proven_vp")], APRIL)
    # one at em and one at proven_vp: em is demonstrated, nothing above it is
    assert level_of(org.candidate, "org_design") == "em"
    org.log(org.candidate, [("org_design", "emerging_vp")], MAY)
    assert level_of(org.candidate, "org_design") == "emerging_vp"


def test_highest_demonstrated_level_wins(org):
    for day in (MARCH, APRIL):
        org.log(org.candidate, [("hiring", "proven_vp")], day)
    org.log(org.candidate, [("hiring", "em")], MAY)
    assert level_of(org.candidate, "hiring") == "proven_vp"


def test_one_artifact_counts_for_each_competency_it_claims(org):
    claims = [("planning", "em"), ("metrics", "em")]
    org.log(org.candidate, claims, MARCH)
    org.log(org.candidate, claims, APRIL)
    assert level_of(org.candidate, "planning") == "em"
    assert level_of(org.candidate, "metrics") == "em"


def test_other_peoples_evidence_does_not_count(org):
    org.log(org.other, [("planning", "em")], MARCH)
    org.log(org.candidate, [("planning", "em")], APRIL)
    assert level_of(org.candidate, "planning") is None


def test_counts_are_of_counting_claims_at_exactly_each_level(org):
    org.log(org.candidate, [("planning", "em")], MARCH)
    org.log(org.candidate, [("planning", "proven_vp")], APRIL)
    org.log(org.candidate, [("planning", "proven_vp")], MAY, state="submitted")
    readiness = readiness_for(org.candidate)
    planning = readiness.dimensions[0]
    assert planning.competency.slug == "planning"
    assert planning.counts(readiness.framework.levels) == {"em": 1, "emerging_vp": 0, "proven_vp": 1}


def test_thresholds_come_from_the_framework(org):
    framework = get_framework("vp_engineering")
    framework.min_evidence, framework.min_distinct_months = 3, 3
    db.session.commit()
    for day in (MARCH, APRIL):
        org.log(org.candidate, [("planning", "em")], day)
    assert level_of(org.candidate, "planning") is None
    org.log(org.candidate, [("planning", "em")], MAY)
    assert level_of(org.candidate, "planning") == "em"

    framework.min_evidence, framework.min_distinct_months = 1, 1
    db.session.commit()
    org.log(org.candidate, [("hiring", "proven_vp")], MAY)
    assert level_of(org.candidate, "hiring") == "proven_vp"


def _give_levels(org, level, competencies):
    for competency in competencies:
        for day in (MARCH, APRIL):
            org.log(org.candidate, [(competency, level)], day)


COMPETENCIES = ["planning", "org_design", "stakeholder_leadership", "manager_development",
                "metrics", "hiring", "decision_making", "cross_functional_influence"]


def test_stage_is_manager_with_nothing_or_little(app):
    levels = get_framework("vp_engineering").levels
    assert stage_for([None] * 8, levels, 6, 3) == "manager"
    assert stage_for([1, 1, None, 0, 0, 0, 0, 0], levels, 6, 3) == "manager"


def test_stage_transition_at_three_middle_or_higher(org):
    _give_levels(org, "emerging_vp", COMPETENCIES[:2])
    assert readiness_for(org.candidate).stage == "manager"
    _give_levels(org, "proven_vp", COMPETENCIES[2:3])  # top counts as middle-or-higher
    assert readiness_for(org.candidate).stage == "transition"


def test_stage_ready_at_six_top_levels(org):
    _give_levels(org, "proven_vp", COMPETENCIES[:5])
    assert readiness_for(org.candidate).stage == "transition"
    _give_levels(org, "proven_vp", COMPETENCIES[5:6])
    result = readiness_for(org.candidate)
    assert result.stage == "ready"
    assert result.stage_level.slug == "proven_vp"


def test_stage_thresholds_come_from_the_framework(org):
    framework = get_framework("vp_engineering")
    framework.ready_rows, framework.transition_rows = 1, 1
    db.session.commit()
    _give_levels(org, "emerging_vp", COMPETENCIES[:1])
    assert readiness_for(org.candidate).stage == "transition"
    _give_levels(org, "proven_vp", COMPETENCIES[1:2])
    assert readiness_for(org.candidate).stage == "ready"


def test_demonstrated_position_pools_downwards_only():
    may, june = date(2026, 5, 1), date(2026, 6, 1)
    assert demonstrated_position({2: [may], 0: [june]}, 2, 2, 2) == 0
    assert demonstrated_position({0: [may, june]}, 2, 2, 2) == 0
    assert demonstrated_position({1: [may], 2: [june]}, 2, 2, 2) == 1
    assert demonstrated_position({}, 2, 2, 2) is None
    assert demonstrated_position({2: [may, may]}, 2, 2, 2) is None
