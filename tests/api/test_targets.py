"""GET|PUT /api/v1/users/{email}/targets, and claims that name their framework."""
from datetime import date

import pytest

from tests.api.helpers import ADMIN, BOSS, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER, assert_error


def targets(api, who=CANDIDATE, email=CANDIDATE):
    response = api.get(f"/users/{email}/targets", as_=who)
    assert response.status_code == 200
    return response.get_json()


def put(api, who, body, email=CANDIDATE):
    return api.open("PUT", f"/users/{email}/targets", as_=who, json=body)


def test_default_target_is_the_vp_framework(api, org):
    assert targets(api) == {"frameworks": ["vp_engineering"], "primary": "vp_engineering"}


@pytest.mark.parametrize("who, status", [(MANAGER, 200), (BOSS, 200), (ADMIN, 200), (CANDIDATE, 403),
                                         (OTHER, 404), (OTHER_MANAGER, 404)])
def test_who_may_set_targets(api, org, who, status):
    body = {"frameworks": ["vp_engineering", "it_director"], "primary": "it_director"}
    response = put(api, who, body)
    assert response.status_code == status, response.get_json()
    expected = ({"frameworks": ["it_director", "vp_engineering"], "primary": "it_director"} if status == 200
                else {"frameworks": ["vp_engineering"], "primary": "vp_engineering"})
    assert targets(api, ADMIN) == expected


@pytest.mark.parametrize("body, field", [
    ({"frameworks": [], "primary": "vp_engineering"}, "frameworks"),
    ({"frameworks": "vp_engineering", "primary": "vp_engineering"}, "frameworks"),
    ({"frameworks": ["vp_engineering", "nope"], "primary": "vp_engineering"}, "frameworks"),
    ({"frameworks": ["vp_engineering"], "primary": "it_director"}, "primary"),
    ({"frameworks": ["vp_engineering"]}, "primary"),
])
def test_bad_targets_are_422_and_change_nothing(api, org, body, field):
    assert_error(put(api, MANAGER, body), 422, fields=[field])
    assert targets(api) == {"frameworks": ["vp_engineering"], "primary": "vp_engineering"}


def test_claims_name_a_target_and_survive_a_dropped_target(api, org):
    put(api, MANAGER, {"frameworks": ["vp_engineering", "it_director"], "primary": "vp_engineering"})
    body = {"type": "postmortem", "title": "Outage review", "occurred_on": "2026-03-02",
            "claims": [{"competency": "planning", "level": "em"},
                       {"framework": "it_director", "competency": "incident_leadership", "level": "proven"}]}
    created = api.post("/artifacts", as_=CANDIDATE, json=body)
    assert created.status_code == 201, created.get_json()
    claims = created.get_json()["claims"]
    assert {(c["framework"], c["competency"], c["level"]) for c in claims} == {
        ("vp_engineering", "planning", "em"), ("it_director", "incident_leadership", "proven")}
    artifact_id = created.get_json()["id"]
    # the IT Director target is dropped: the claim stays, and editing keeps offering it
    put(api, MANAGER, {"frameworks": ["vp_engineering"], "primary": "vp_engineering"})
    edited = api.patch(f"/artifacts/{artifact_id}", as_=CANDIDATE, json={"title": "Outage review, final"})
    assert len(edited.get_json()["claims"]) == 2
    again = api.patch(f"/artifacts/{artifact_id}", as_=CANDIDATE, json={"claims": claims})
    assert again.status_code == 200 and len(again.get_json()["claims"]) == 2
    # but new evidence cannot claim a framework that is no longer a target
    error = assert_error(api.post("/artifacts", as_=CANDIDATE, json=body), 422, fields=["claims[1].framework"])
    assert "it_director" in error["fields"]["claims[1].framework"]


def test_readiness_against_a_second_target(api, org):
    put(api, MANAGER, {"frameworks": ["vp_engineering", "em_scorecard"], "primary": "vp_engineering"})
    for day in (date(2026, 1, 5), date(2026, 2, 5)):
        org.log(org.candidate, [], day)  # nothing for the scorecard
    for day in ("2026-01-06", "2026-02-06"):
        created = api.post("/artifacts", as_=CANDIDATE, json={
            "type": "kpi_tree", "title": "KPI tree", "occurred_on": day,
            "claims": [{"framework": "em_scorecard", "competency": "data_analytics", "level": "demonstrated"}]})
        api.post(f"/artifacts/{created.get_json()['id']}/verification", as_=MANAGER,
                 json={"decision": "verified", "version": 1})
    body = api.get(f"/users/{CANDIDATE}/readiness?framework=em_scorecard", as_=CANDIDATE).get_json()
    assert body["total"] == 2 and body["band"] == "Foundation gaps"
    assert api.get(f"/users/{CANDIDATE}/readiness", as_=CANDIDATE).get_json()["framework"] == "vp_engineering"
