"""GET /api/v1/artifacts with filters and pagination."""
from datetime import date

import pytest

from tests.api.helpers import (ADMIN, BOSS, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER,
                               assert_error, check_all)


def ids(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["items"]]


@pytest.fixture()
def evidence(org):
    """Evidence of several owners, types, competencies and visibilities."""
    e = {}
    e["cand_plan"] = org.log(org.candidate, [("planning", "em")], date(2026, 1, 5),
                             title="Quarterly plan for payments", summary="Cross-team roadmap.")
    e["cand_memo"] = org.log(org.candidate, [("hiring", "emerging_vp")], date(2026, 2, 5),
                             type="strategy_memo", title="Hiring bar memo", summary="Raised the bar.")
    e["cand_private"] = org.log(org.candidate, [("planning", "em")], date(2026, 3, 5),
                                state="draft", visibility="private", title="Private musings")
    e["cand_deleted"] = org.log(org.candidate, [("planning", "em")], date(2026, 4, 5),
                                title="Deleted planning note")
    from tracker.artifacts import service
    service.delete_artifact(org.candidate, e["cand_deleted"])
    e["mgr_own"] = org.log(org.manager, [("org_design", "em")], date(2026, 1, 20), title="Team split")
    e["other_note"] = org.log(org.other, [("planning", "em")], date(2026, 2, 20),
                              title="Other's planning win")
    return e


def test_candidate_lists_own_evidence_newest_first(api, evidence):
    e = evidence
    body = api.get("/artifacts", as_=CANDIDATE).get_json()
    assert [i["id"] for i in body["items"]] == [e["cand_private"].id, e["cand_memo"].id,
                                               e["cand_plan"].id]
    assert body["total"] == 3 and body["page"] == 1 and body["per_page"] == 50
    assert all(item["owner"] == CANDIDATE for item in body["items"])


def test_manager_sees_reports_shared_evidence_but_not_private_or_deleted(api, evidence):
    e = evidence
    listed = set(ids(api.get("/artifacts", as_=MANAGER)))
    assert listed == {e["cand_plan"].id, e["cand_memo"].id, e["mgr_own"].id}


def test_boss_sees_the_whole_chain_below(api, evidence):
    e = evidence
    assert set(ids(api.get("/artifacts", as_=BOSS))) == {e["cand_plan"].id, e["cand_memo"].id,
                                                         e["mgr_own"].id}


def test_admin_sees_all_shared_evidence_but_not_private(api, evidence):
    e = evidence
    assert set(ids(api.get("/artifacts", as_=ADMIN))) == {
        e["cand_plan"].id, e["cand_memo"].id, e["mgr_own"].id, e["other_note"].id}


def test_other_candidate_and_other_manager_see_none_of_it(api, evidence):
    e = evidence
    assert ids(api.get("/artifacts", as_=OTHER)) == [e["other_note"].id]
    assert ids(api.get("/artifacts", as_=OTHER_MANAGER)) == [e["other_note"].id]


def test_owner_filter(api, evidence):
    e = evidence
    assert set(ids(api.get(f"/artifacts?owner={CANDIDATE}", as_=MANAGER))) == {
        e["cand_plan"].id, e["cand_memo"].id}
    assert ids(api.get(f"/artifacts?owner={MANAGER}", as_=MANAGER)) == [e["mgr_own"].id]
    assert ids(api.get(f"/artifacts?owner={OTHER}", as_=ADMIN)) == [e["other_note"].id]


def test_owner_filter_for_someone_not_visible_is_404(api, evidence):
    assert_error(api.get(f"/artifacts?owner={OTHER}", as_=CANDIDATE), 404)
    assert_error(api.get(f"/artifacts?owner={CANDIDATE}", as_=OTHER_MANAGER), 404)
    assert_error(api.get("/artifacts?owner=ghost@example.com", as_=ADMIN), 404)


def test_competency_filter(api, evidence):
    e = evidence
    assert ids(api.get("/artifacts?competency=hiring", as_=CANDIDATE)) == [e["cand_memo"].id]
    assert set(ids(api.get("/artifacts?competency=planning", as_=ADMIN))) == {
        e["cand_plan"].id, e["other_note"].id}
    assert ids(api.get("/artifacts?competency=juggling", as_=ADMIN)) == []


def test_type_filter(api, evidence):
    e = evidence
    assert ids(api.get("/artifacts?type=strategy_memo", as_=MANAGER)) == [e["cand_memo"].id]
    assert ids(api.get("/artifacts?type=postmortem", as_=MANAGER)) == []


def test_bad_type_is_422(api, evidence):
    assert_error(api.get("/artifacts?type=poem", as_=CANDIDATE), 422, fields=("type",))


def test_text_search_matches_title_and_summary_case_insensitively(api, evidence):
    e = evidence
    assert ids(api.get("/artifacts?q=PAYMENTS", as_=CANDIDATE)) == [e["cand_plan"].id]
    assert ids(api.get("/artifacts?q=raised the", as_=CANDIDATE)) == [e["cand_memo"].id]
    assert ids(api.get("/artifacts?q=nothing-like-this", as_=CANDIDATE)) == []
    # Search never reaches what the caller may not see.
    assert ids(api.get("/artifacts?q=musings", as_=MANAGER)) == []
    assert ids(api.get("/artifacts?q=Other", as_=MANAGER)) == []


def test_filters_combine(api, evidence):
    e = evidence
    url = f"/artifacts?owner={CANDIDATE}&competency=planning&type=impact_note&q=quarterly"
    assert ids(api.get(url, as_=MANAGER)) == [e["cand_plan"].id]
    url = f"/artifacts?owner={CANDIDATE}&competency=hiring&type=impact_note"
    assert ids(api.get(url, as_=MANAGER)) == []


def test_pagination(api, evidence):
    e = evidence
    first = api.get("/artifacts?per_page=2", as_=ADMIN).get_json()
    second = api.get("/artifacts?per_page=2&page=2", as_=ADMIN).get_json()
    third = api.get("/artifacts?per_page=2&page=3", as_=ADMIN).get_json()
    assert first["total"] == second["total"] == third["total"] == 4
    assert (first["page"], first["per_page"], second["page"]) == (1, 2, 2)
    assert len(first["items"]) == 2 and len(second["items"]) == 2 and third["items"] == []
    seen = [i["id"] for i in first["items"] + second["items"]]
    assert sorted(seen) == sorted([e["cand_plan"].id, e["cand_memo"].id, e["mgr_own"].id,
                                   e["other_note"].id])


def test_bad_paging_is_422(api, org):
    def check(query, field):
        assert_error(api.get(f"/artifacts?{query}", as_=CANDIDATE), 422, "validation_failed",
                     fields=(field,))

    check_all([("page=0", "page"), ("page=-1", "page"), ("page=abc", "page"), ("page=1.5", "page"),
               ("per_page=0", "per_page"), ("per_page=201", "per_page"),
               ("per_page=x", "per_page")], check)


@pytest.mark.parametrize("query, field", [
    ("page=%C2%B2", "page"),          # "²": str.isdigit() is True but int() rejects it
    ("per_page=%C2%B3", "per_page"),
    ("page=" + "9" * 30, "page"),     # an offset no database integer holds
])
def test_odd_paging_is_422_not_500(api, org, no_propagate, query, field):
    assert_error(api.get(f"/artifacts?{query}", as_=CANDIDATE), 422, fields=(field,))


def test_items_have_the_artifact_shape(api, evidence):
    item = api.get(f"/artifacts?owner={CANDIDATE}&type=strategy_memo", as_=CANDIDATE).get_json()["items"][0]
    assert {"id", "owner", "author", "type", "title", "occurred_on", "summary", "star", "links",
            "visibility", "claims", "metrics", "state", "verification", "deleted"} <= set(item)
    assert item["claims"] == [{"framework": "vp_engineering", "competency": "hiring", "level": "emerging_vp"}]
    assert item["state"] == "verified" and item["verification"]["by"] == MANAGER
