"""The evidence coach: each check with a good and a weak example, the score, the stored score
and the "needs work" filter."""
import pytest
from sqlalchemy import select

from tests.api.helpers import CANDIDATE
from tests.conftest import login
from tracker.artifacts.coach import BAR, CHECKS, review, review_values
from tracker.extensions import db
from tracker.models import Artifact

CHECK = {check.slug: check for check in CHECKS}


@pytest.mark.parametrize("slug, good, weak", [
    ("number", "Cut lead time from 9 days to 2.", "Cut lead time a great deal."),
    ("stakeholders", "Agreed the plan with the CFO and Sales ops.", "Agreed the plan with my team."),
    ("stakeholders", "Worked with our partners at the bank.", "Worked on it alone."),
    ("decision", "We chose managed Kafka instead of running our own.", "We run Kafka."),
    ("decision", "Deprioritised the mobile rewrite to fund on-call.", "Did the mobile rewrite."),
    ("scope", "Rolled out across 4 teams and 38 engineers.", "Rolled it out."),
    ("scope", "A $1.2M budget line.", "A budget line."),
    ("scope", "Adopted company-wide in a quarter.", "Adopted in a quarter."),
    ("result", "Reduced p95 latency by 40% in a month.", "Reduced latency in a month."),
    ("result", "Onboarding went from 10 days to 3.", "Onboarding went well."),
])
def test_each_check_meets_good_evidence_and_misses_weak(slug, good, weak):
    assert CHECK[slug] in review(good, set()).passed
    assert CHECK[slug] in review(weak, set()).missed


@pytest.mark.parametrize("slug, field", [("stakeholders", "stakeholders"), ("scope", "scope"),
                                         ("result", "result"), ("number", "metrics"), ("result", "metrics")])
def test_a_filled_field_meets_its_check(slug, field):
    assert CHECK[slug] in review("Nothing to see.", {field}).passed


def test_a_vague_claim_without_a_figure_costs_a_point():
    strong = ("With the CFO we decided to drop the legacy queue instead of scaling it; across 4 teams "
              "this reduced incidents from 12 to 3 a month.")
    assert review(strong, set()).score == 5 and not review(strong, set()).vague
    vague = strong + " It also improved performance significantly."
    report = review(vague, set())
    assert report.vague == ("It also improved performance significantly",)
    assert report.score == 4
    assert review("Improved performance by 30%.", set()).vague == ()  # a figure makes it concrete


def test_weak_evidence_needs_work_and_each_miss_has_a_hint():
    report = review("Helped the team with various things.", set())
    assert report.score == 0 and report.needs_work
    assert all(check.hint for check in report.missed) and len(report.missed) == 5


def test_the_form_values_are_read_like_the_saved_evidence():
    values = {"type": "decision_log", "title": "Feature flags", "scope": "6 teams",
              "details": {"decisions": [{"decision": "Buy feature flags", "trade_off": "Cost for speed"}]},
              "metrics": [{"name": "Lead time", "result": "2"}]}
    report = review_values(values)
    assert {check.slug for check in report.passed} == {"number", "decision", "scope", "result"}


def test_the_score_is_stored_on_save_and_the_list_filters_what_needs_work(client, api, org):
    weak = api.post("/artifacts", as_=CANDIDATE, json={
        "type": "impact_note", "title": "Helped with the migration", "occurred_on": "2026-10-01"}).get_json()
    strong = api.post("/artifacts", as_=CANDIDATE, json={
        "type": "impact_note", "title": "Migration done", "occurred_on": "2026-10-02",
        "summary": "With Finance we chose to move 14 services instead of rewriting them.",
        "scope": "3 teams", "metrics": [{"name": "Hosting cost", "baseline": 90, "result": 60,
                                         "category": "cost"}]}).get_json()
    assert weak["coach_score"] < BAR <= strong["coach_score"] == 5
    assert db.session.scalar(select(Artifact.coach_score).where(Artifact.id == strong["id"])) == 5
    login(client, CANDIDATE)
    page = client.get("/artifacts/?needs_work=1").get_data(as_text=True)
    assert "Helped with the migration" in page and "Migration done" not in page
    both = client.get("/artifacts/").get_data(as_text=True)
    assert "Helped with the migration" in both and "Migration done" in both
    detail = client.get(f"/artifacts/{weak['id']}").get_data(as_text=True)
    assert "Evidence coach" in detail and CHECK["stakeholders"].hint in detail.replace("&#34;", '"')


def test_the_form_carries_the_same_rules_for_the_script(client, org):
    login(client, CANDIDATE)
    page = client.get("/artifacts/new").get_data(as_text=True)
    assert '<script type="application/json" id="coach-rules">' in page
    assert CHECK["scope"].pattern.replace("<", "\\u003c")[:40] in page.replace("\\\\", "\\")
    assert "/static/evidence-form.js" in page
