"""Scorecards and ladders, hand-computed: totals, bands, stages; readiness as of a date; and
the "next step" sentence for each case of the rules."""
from datetime import date

import pytest

from tests.conftest import PASSWORD
from tracker.artifacts import service as artifacts
from tracker.auth.service import create_user
from tracker.frameworks.service import get_framework
from tracker.readiness.kinds import kind_of
from tracker.readiness.rules import Dimension
from tracker.readiness.service import readiness_for

JAN, FEB, MAR, SEP = date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10), date(2026, 9, 15)


def candidate_on(org, slug):
    return create_user(f"{slug}@example.com", f"On {slug}", PASSWORD, manager_email="manager@example.com",
                       framework_slug=slug)


def log(org, owner, competency, level, day, state="verified"):
    return org.log(owner, [(competency, level)], day, state=state)


def dimension(readiness, slug):
    return next(d for d in readiness.dimensions if d.competency.slug == slug)


def test_em_scorecard_total_and_band_by_hand(org):
    person = candidate_on(org, "em_scorecard")
    log(org, person, "leadership_team_building", "demonstrated", JAN)
    log(org, person, "leadership_team_building", "demonstrated", FEB)  # 2 points
    log(org, person, "business_fundamentals", "emerging", JAN)
    log(org, person, "business_fundamentals", "emerging", MAR)  # 1 point
    log(org, person, "tech_strategy", "demonstrated", JAN)
    log(org, person, "tech_strategy", "emerging", FEB)  # pooled at emerging only: 1 point
    log(org, person, "finance_funding", "demonstrated", FEB)  # one piece: 0 points
    result = readiness_for(person)
    assert [d.score for d in result.dimensions] == [2, 1, 1, 0, 0, 0, 0, 0, 0]
    assert (result.total, result.max_total, result.stage) == (4, 18, None)
    assert result.band["label"] == "Foundation gaps"
    assert result.headline == "4 of 18, band Foundation gaps"
    log(org, person, "finance_funding", "demonstrated", MAR)  # now 2 points
    log(org, person, "data_analytics", "emerging", JAN)
    log(org, person, "data_analytics", "demonstrated", MAR)  # 1 point: only one piece at demonstrated
    result = readiness_for(person)
    assert result.total == 7 and result.band["label"] == "Promotable with targeted gap-closing"


@pytest.mark.parametrize("slug, total, label", [
    ("it_director", 0, "Not yet hire-ready"), ("it_director", 9, "Not yet hire-ready"),
    ("it_director", 10, "Hireable with support"), ("it_director", 17, "Hireable with support"),
    ("it_director", 18, "Director-ready"), ("it_director", 23, "Director-ready"),
    ("it_director", 24, "Ready for enterprise scope"), ("it_director", 27, "Ready for enterprise scope"),
    ("em_scorecard", 6, "Foundation gaps"), ("em_scorecard", 7, "Promotable with targeted gap-closing"),
    ("em_scorecard", 12, "Promotable with targeted gap-closing"), ("em_scorecard", 13, "Operating at senior level"),
    ("em_scorecard", 18, "Operating at senior level"),
    ("cto_readiness", 9, "Building the base"), ("cto_readiness", 27, "CTO-ready"),
])
def test_band_boundaries(app, slug, total, label):
    framework = get_framework(slug)
    top = framework.levels[-1].points
    scores = [top] * (total // top) + ([total % top] if total % top else [])
    scores += [0] * (len(framework.competencies) - len(scores))
    dimensions = [Dimension(competency=c, score=s) for c, s in zip(framework.competencies, scores)]
    summary = kind_of(framework).summarise(framework, dimensions)
    assert summary["total"] == total and summary["band"]["label"] == label
    assert summary["max_total"] == {"it_director": 27, "em_scorecard": 18, "cto_readiness": 27}[slug]


def test_it_director_levels_score_one_two_three(org):
    person = candidate_on(org, "it_director")
    for level, competency in (("emerging", "operational_ownership"), ("proven", "vendor_management"),
                              ("director_ready", "executive_alignment")):
        log(org, person, competency, level, JAN)
        log(org, person, competency, level, FEB)
    result = readiness_for(person)
    assert (result.total, result.band["label"]) == (6, "Not yet hire-ready")
    assert dimension(result, "executive_alignment").score == 3
    assert dimension(result, "executive_alignment").next_step is None  # top level: nothing above it


def test_ladder_headline_uses_the_frameworks_stage_names(org):
    result = readiness_for(org.candidate)
    assert (result.stage, result.headline, result.total) == ("manager", "Strong Engineering Manager", None)
    for competency in ("planning", "hiring", "metrics"):
        log(org, org.candidate, competency, "emerging_vp", JAN)
        log(org, org.candidate, competency, "emerging_vp", FEB)
    assert readiness_for(org.candidate).headline == "In transition to VP"


def test_readiness_as_of_a_date(org):
    log(org, org.candidate, "planning", "emerging_vp", JAN)
    second = log(org, org.candidate, "planning", "emerging_vp", FEB)
    log(org, org.candidate, "planning", "proven_vp", MAR)
    log(org, org.candidate, "planning", "proven_vp", SEP)
    sent_back = log(org, org.candidate, "hiring", "em", JAN)
    log(org, org.candidate, "hiring", "em", FEB)
    artifacts.decide(org.manager, sent_back, "changes_requested", "Which hires?")

    def level(as_of, competency="planning"):
        found = readiness_for(org.candidate, as_of=as_of).level_of(competency)
        return found.slug if found else None

    assert level(date(2026, 1, 31)) is None
    assert level(date(2026, 2, 10)) == "emerging_vp"  # the day itself counts
    assert level(date(2026, 9, 14)) == "emerging_vp"  # March and its pair in September: not yet
    assert level(date(2026, 9, 15)) == "proven_vp"
    assert level(date(2026, 12, 1), "hiring") is None  # the sent-back piece counts at no date
    artifacts.delete_artifact(org.candidate, second)
    assert level(date(2026, 2, 28)) is None  # deleted evidence counts at no date either
    as_of = readiness_for(org.candidate, as_of=date(2026, 2, 28))
    assert as_of.as_of == date(2026, 2, 28) and dimension(as_of, "planning").latest == JAN


def test_pending_evidence_is_shown_apart_and_does_not_count(org):
    log(org, org.candidate, "metrics", "em", JAN)
    log(org, org.candidate, "metrics", "em", FEB, state="submitted")
    d = dimension(readiness_for(org.candidate), "metrics")
    em = get_framework("vp_engineering").levels[0]
    assert d.level is None and d.cell(em).verified == 1 and d.pending == 1
    assert [c.occurred_on for c in d.cell(em).newest] == [JAN]  # only counting pieces are listed


@pytest.mark.parametrize("claims, sentence", [
    ([], "Two more verified pieces at Strong Engineering Manager or higher, dated in at least 2 different months."),
    ([("em", SEP)], "One more verified piece at Strong Engineering Manager or higher, dated in a month other "
                    "than Sep 2026."),
    ([("emerging_vp", SEP), ("emerging_vp", date(2026, 9, 30))],
     "One more verified piece at Strong Engineering Manager or higher, dated in a month other than Sep 2026."),
    ([("em", JAN), ("em", FEB)], "Two more verified pieces at Emerging VP or higher, dated in at least 2 "
                                 "different months."),
    ([("em", JAN), ("em", FEB), ("emerging_vp", SEP)],
     "One more verified piece at Emerging VP or higher, dated in a month other than Sep 2026."),
    ([("em", JAN), ("emerging_vp", FEB), ("proven_vp", MAR)],
     "One more verified piece at Proven VP or higher, dated in a month other than Mar 2026."),
    ([("proven_vp", JAN), ("proven_vp", FEB)], None),
])
def test_next_step_sentence(org, claims, sentence):
    for level, day in claims:
        log(org, org.candidate, "planning", level, day)
    assert dimension(readiness_for(org.candidate), "planning").next_step == sentence


def test_next_step_when_more_pieces_than_months_are_missing(org):
    framework = get_framework("vp_engineering")
    framework.min_evidence = 3  # three pieces, two months
    log(org, org.candidate, "planning", "em", SEP)
    assert dimension(readiness_for(org.candidate), "planning").next_step == (
        "Two more verified pieces at Strong Engineering Manager or higher, at least one of them dated in a "
        "new month (not Sep 2026).")


def test_first_reached_replays_the_rules_in_date_order(org):
    log(org, org.candidate, "planning", "em", JAN)
    log(org, org.candidate, "planning", "emerging_vp", FEB)  # em reached now (two months)
    log(org, org.candidate, "planning", "emerging_vp", date(2026, 2, 20))
    log(org, org.candidate, "planning", "proven_vp", SEP)  # emerging_vp: Feb and Sep
    assert dimension(readiness_for(org.candidate), "planning").reached == {0: FEB, 1: SEP}  # stored
    assert dimension(readiness_for(org.candidate, as_of=date(2026, 10, 1)), "planning").reached == {0: FEB, 1: SEP}
    assert dimension(readiness_for(org.candidate, as_of=date(2026, 8, 31)), "planning").reached == {0: FEB}
