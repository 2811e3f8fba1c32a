"""Full-text search on both databases: what it finds, in what order, for whom, kept in step
with every change, and bounded whatever is typed."""
from datetime import date

import pytest

from tests.artifacts.samples import SAMPLES
from tests.conftest import login
from tracker import search
from tracker.artifacts import listing
from tracker.artifacts.service import update_artifact
from tracker.extensions import db
from tracker.search.terms import MAX_TERMS, terms_of

TODAY = date(2026, 11, 21)


def found(viewer, q, **filters):
    return [a.title for a in listing.search_artifacts(viewer, q=q, **filters).items]


@pytest.mark.parametrize("field, value, q", [
    ("title", "Cloud bill halved", "cloud"),
    ("summary", "We renegotiated the **Snowflake** contract.", "snowflake"),
    ("situation", "Paging fatigue in the payments team", "fatigue"),
    ("result", "Churn fell to 2%", "churn"),
    ("scope", "Seven squads in Lisbon", "lisbon"),
    ("stakeholders", "Priya from Treasury", "treasury"),
    ("metrics", [{"name": "Onboarding days", "result": 3, "category": "speed"}], "onboarding"),
    ("details", SAMPLES["risk_register"], "frankfurt"),
])
def test_words_are_found_wherever_they_are_written(org, field, value, q):
    fields = {"type": "risk_register"} if field == "details" else {}
    org.log(org.candidate, title="Target piece" if field != "title" else value, **{**fields, field: value}
            if field != "title" else fields)
    org.log(org.candidate, title="Something else")
    expected = [value] if field == "title" else ["Target piece"]
    assert found(org.candidate, q) == expected


def test_words_match_by_stem_and_all_words_are_needed(org):
    org.log(org.candidate, title="Reduced deployment failures", summary="Canary releases everywhere.")
    org.log(org.candidate, title="Reducing hiring time")
    assert sorted(found(org.candidate, "reduce")) == ["Reduced deployment failures", "Reducing hiring time"]
    assert found(org.candidate, "deployments") == ["Reduced deployment failures"]
    assert found(org.candidate, "reducing canary") == ["Reduced deployment failures"]
    assert found(org.candidate, "nowhere-to-be-found") == []


def test_the_best_match_comes_first(org):
    org.log(org.candidate, title="Latency work", occurred_on=date(2026, 3, 1),
            summary="Latency budgets per team; latency dashboards; p95 latency down.")
    org.log(org.candidate, title="Quarterly plan", occurred_on=date(2026, 4, 1), summary="Mentions latency once.")
    assert found(org.candidate, "latency") == ["Latency work", "Quarterly plan"]


def test_search_sees_only_what_the_viewer_may_see(org):
    org.log(org.candidate, title="Shared budget plan")
    org.log(org.candidate, title="Private budget notes", state="draft", visibility="private")
    org.log(org.other, title="Other budget")
    assert sorted(found(org.candidate, "budget")) == ["Private budget notes", "Shared budget plan"]
    assert found(org.manager, "budget") == ["Shared budget plan"]
    assert found(org.other_manager, "budget") == ["Other budget"]
    assert sorted(found(org.admin, "budget")) == ["Other budget", "Shared budget plan"]
    assert found(org.manager, "budget", owner=org.candidate) == ["Shared budget plan"]


def test_filters_apply_to_a_search(org):
    org.log(org.candidate, [("hiring", "em")], title="Hiring budget", occurred_on=date(2026, 2, 1), type="roadmap")
    org.log(org.candidate, title="Budget review", occurred_on=date(2026, 6, 1), state="submitted")
    assert found(org.candidate, "budget", type_="roadmap") == ["Hiring budget"]
    assert found(org.candidate, "budget", state="submitted") == ["Budget review"]
    assert found(org.candidate, "budget", since=date(2026, 5, 1)) == ["Budget review"]
    assert found(org.candidate, "budget", until=date(2026, 5, 1)) == ["Hiring budget"]
    assert found(org.candidate, "budget", competency="hiring") == ["Hiring budget"]


def test_the_index_follows_every_edit_in_the_same_transaction(org):
    artifact = org.log(org.candidate, title="Vendor consolidation")
    update_artifact(org.candidate, artifact, {"title": "Supplier consolidation"}, today=TODAY)
    assert found(org.candidate, "supplier") == ["Supplier consolidation"]  # before the commit, in it
    db.session.rollback()
    assert found(org.candidate, "supplier") == []
    assert found(org.candidate, "vendor") == ["Vendor consolidation"]
    update_artifact(org.candidate, db.session.merge(artifact), {"title": "Supplier consolidation"}, today=TODAY)
    db.session.commit()
    assert found(org.candidate, "vendor") == [] and found(org.candidate, "supplier") == ["Supplier consolidation"]


def test_trashed_evidence_is_not_found(org):
    from tracker.artifacts.service import delete_artifact
    artifact = org.log(org.candidate, title="Old roadmap")
    delete_artifact(org.candidate, artifact)
    db.session.commit()
    assert found(org.candidate, "roadmap") == []


@pytest.mark.parametrize("typed", ['"unbalanced', "NEAR(a b", "a OR b*", "-minus", "col:value", "^start",
                                   "((((", "'; DROP TABLE artifacts; --", "x" * 500, "🚀 launch", "_", "*"])
def test_whatever_is_typed_is_words_not_syntax(client, org, typed):
    org.log(org.candidate, title="Rocket launch review")
    login(client, "candidate@example.com")
    response = client.get("/artifacts/", query_string={"q": typed})
    assert response.status_code == 200


def test_terms_are_words_and_bounded():
    assert terms_of('budget "NEAR( cut*') == ["budget", "near", "cut"]
    assert len(terms_of(" ".join(f"w{n}" for n in range(50)))) == MAX_TERMS
    assert terms_of("***") == []


def test_a_search_with_more_matches_than_it_ranks_says_so(client, org, monkeypatch):
    for day in range(1, 6):
        org.log(org.candidate, title=f"Budget note {day}", occurred_on=date(2026, 3, day))
    monkeypatch.setattr(search, "CAP", 3)
    results = listing.search_artifacts(org.candidate, q="budget")
    assert results.capped and results.total == 3
    assert sorted(a.title for a in results.items) == ["Budget note 3", "Budget note 4", "Budget note 5"]
    login(client, "candidate@example.com")
    assert "More than 3 pieces match" in client.get("/artifacts/?q=budget").get_data(as_text=True)


def test_a_manager_searches_everyone_they_can_see_from_the_list(client, org):
    org.log(org.candidate, title="Cara's budget")
    org.log(org.manager, title="Mia's budget")
    login(client, "manager@example.com")
    mine = client.get("/artifacts/?q=budget").get_data(as_text=True)
    assert "Mia&#39;s budget" in mine and "Cara&#39;s budget" not in mine
    everyone = client.get("/artifacts/?q=budget&person=all").get_data(as_text=True)
    assert "Mia&#39;s budget" in everyone and "Cara&#39;s budget" in everyone
    one = client.get("/artifacts/?q=budget&person=candidate@example.com").get_data(as_text=True)
    assert "Cara&#39;s budget" in one and "Mia&#39;s budget" not in one
    assert client.get("/artifacts/?person=other@example.com").status_code == 404
