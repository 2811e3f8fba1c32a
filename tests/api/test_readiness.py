"""GET /api/v1/users/{email}/readiness."""
from datetime import date

import pytest

from tests.api.helpers import (ADMIN, API, BOSS, CANDIDATE, COMPETENCIES, LEVELS, MANAGER, OTHER,
                               OTHER_MANAGER, assert_error, version_of)
from tracker.artifacts import service
from tracker.extensions import db
from tracker.models import Artifact

ZERO = {level: 0 for level in LEVELS}


def readiness(api, email=CANDIDATE, who=CANDIDATE):
    response = api.get(f"/users/{email}/readiness", as_=who)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def dimension(body, competency):
    return next(d for d in body["dimensions"] if d["competency"] == competency)


def test_shape_with_no_evidence(api, org):
    body = readiness(api)
    assert body["user"] == CANDIDATE
    assert body["framework"] == "vp_engineering"
    assert body["stage"] == "manager"
    assert [d["competency"] for d in body["dimensions"]] == list(COMPETENCIES)
    for d in body["dimensions"]:
        assert set(d) >= {"competency", "level", "agreed_level", "counts"}
        assert d["level"] is None and d["agreed_level"] is None
        assert d["counts"] == ZERO


def test_level_needs_two_claims_in_two_distinct_months(api, org):
    org.log(org.candidate, [("planning", "emerging_vp")], date(2026, 1, 10))
    d = dimension(readiness(api), "planning")
    assert d["level"] is None
    assert d["counts"] == {**ZERO, "emerging_vp": 1}

    org.log(org.candidate, [("planning", "emerging_vp")], date(2026, 1, 25))  # same month
    d = dimension(readiness(api), "planning")
    assert d["level"] is None
    assert d["counts"] == {**ZERO, "emerging_vp": 2}

    org.log(org.candidate, [("planning", "emerging_vp")], date(2026, 2, 1))  # a second month
    d = dimension(readiness(api), "planning")
    assert d["level"] == "emerging_vp"
    assert d["counts"] == {**ZERO, "emerging_vp": 3}
    # Other competencies are untouched.
    assert dimension(readiness(api), "hiring")["level"] is None


def test_same_month_in_different_years_are_distinct_months(api, org):
    org.log(org.candidate, [("hiring", "em")], date(2025, 3, 10))
    org.log(org.candidate, [("hiring", "em")], date(2026, 3, 10))
    assert dimension(readiness(api), "hiring")["level"] == "em"


def test_higher_claims_support_lower_levels_and_counts_are_exact(api, org):
    org.log(org.candidate, [("metrics", "proven_vp")], date(2026, 1, 10))
    org.log(org.candidate, [("metrics", "em")], date(2026, 2, 10))
    d = dimension(readiness(api), "metrics")
    assert d["level"] == "em"
    assert d["counts"] == {"em": 1, "emerging_vp": 0, "proven_vp": 1}

    org.log(org.candidate, [("metrics", "proven_vp")], date(2026, 3, 10))
    d = dimension(readiness(api), "metrics")
    assert d["level"] == "proven_vp"
    assert d["counts"] == {"em": 1, "emerging_vp": 0, "proven_vp": 2}


def test_one_artifact_can_move_several_competencies(api, org):
    claims = [("planning", "em"), ("hiring", "emerging_vp")]
    org.log(org.candidate, claims, date(2026, 4, 1))
    org.log(org.candidate, claims, date(2026, 5, 1))
    body = readiness(api)
    assert dimension(body, "planning")["level"] == "em"
    assert dimension(body, "hiring")["level"] == "emerging_vp"
    assert dimension(body, "hiring")["counts"] == {**ZERO, "emerging_vp": 2}


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested"])
def test_unverified_evidence_does_not_count(api, org, state):
    org.log(org.candidate, [("planning", "em")], date(2026, 1, 10))
    org.log(org.candidate, [("planning", "em")], date(2026, 2, 10), state=state)
    d = dimension(readiness(api), "planning")
    assert d["level"] is None
    assert d["counts"] == {**ZERO, "em": 1}


def test_deleted_evidence_does_not_count(api, org):
    org.log(org.candidate, [("planning", "em")], date(2026, 1, 10))
    second = org.log(org.candidate, [("planning", "em")], date(2026, 2, 10))
    assert dimension(readiness(api), "planning")["level"] == "em"
    assert api.delete(f"/artifacts/{second.id}", as_=CANDIDATE).status_code == 204
    d = dimension(readiness(api), "planning")
    assert d["level"] is None and d["counts"] == {**ZERO, "em": 1}


def test_editing_verified_evidence_stops_it_counting_until_reverified(api, org):
    org.log(org.candidate, [("planning", "em")], date(2026, 1, 10))
    second = org.log(org.candidate, [("planning", "em")], date(2026, 2, 10))
    api.patch(f"/artifacts/{second.id}", as_=CANDIDATE, json={"title": "Reworded"})
    assert dimension(readiness(api), "planning")["level"] is None
    api.post(f"/artifacts/{second.id}/verification", as_=MANAGER,
             json={"decision": "verified", "version": version_of(second.id)})
    assert dimension(readiness(api), "planning")["level"] == "em"


def test_other_peoples_evidence_does_not_count(api, org):
    org.log(org.other, [("planning", "em")], date(2026, 1, 10))
    org.log(org.other, [("planning", "em")], date(2026, 2, 10))
    assert dimension(readiness(api), "planning")["level"] is None
    assert dimension(readiness(api, OTHER, OTHER), "planning")["level"] == "em"


def _demonstrate(org, competencies, level):
    for competency in competencies:
        org.log(org.candidate, [(competency, level)], date(2026, 1, 10))
        org.log(org.candidate, [(competency, level)], date(2026, 2, 10))


def test_stage_transition_at_three_middle_levels(api, org):
    _demonstrate(org, COMPETENCIES[:2], "emerging_vp")
    assert readiness(api)["stage"] == "manager"
    _demonstrate(org, COMPETENCIES[2:3], "proven_vp")  # the top level counts as middle or higher
    assert readiness(api)["stage"] == "transition"


def test_stage_ready_at_six_top_levels(api, org):
    _demonstrate(org, COMPETENCIES[:5], "proven_vp")
    assert readiness(api)["stage"] == "transition"
    _demonstrate(org, COMPETENCIES[5:6], "proven_vp")
    body = readiness(api)
    assert body["stage"] == "ready"
    assert [d["level"] for d in body["dimensions"]] == ["proven_vp"] * 6 + [None, None]


def test_readiness_through_the_api_alone(api, org):
    ids = []
    for day in ("2026-06-03", "2026-07-03"):
        created = api.post("/artifacts", as_=CANDIDATE, json={
            "type": "decision_log", "title": "Decision rights", "occurred_on": day,
            "claims": [{"competency": "decision_making", "level": "proven_vp"}]})
        assert created.status_code == 201
        ids.append(created.get_json()["id"])
    assert dimension(readiness(api), "decision_making")["level"] is None
    for artifact_id in ids:
        response = api.post(f"/artifacts/{artifact_id}/verification", as_=MANAGER,
                            json={"decision": "verified", "version": 1})
        assert response.status_code == 200
    d = dimension(readiness(api), "decision_making")
    assert d["level"] == "proven_vp" and d["counts"] == {**ZERO, "proven_vp": 2}


@pytest.mark.parametrize("who", [CANDIDATE, MANAGER, BOSS, ADMIN])
def test_who_may_see_a_candidates_readiness(api, org, who):
    assert readiness(api, CANDIDATE, who)["user"] == CANDIDATE


@pytest.mark.parametrize("who", [OTHER, OTHER_MANAGER])
def test_outsiders_get_404(api, org, who):
    assert_error(api.get(f"/users/{CANDIDATE}/readiness", as_=who), 404, "not_found")


def test_reports_may_not_see_their_managers_readiness(api, org):
    assert_error(api.get(f"/users/{MANAGER}/readiness", as_=CANDIDATE), 404)
    assert readiness(api, MANAGER, BOSS)["user"] == MANAGER


def test_unknown_user_is_404_and_does_not_differ_from_hidden(api, org):
    unknown = api.get("/users/ghost@example.com/readiness", as_=CANDIDATE)
    hidden = api.get(f"/users/{OTHER}/readiness", as_=CANDIDATE)
    assert_error(unknown, 404)
    assert_error(hidden, 404)
    assert unknown.get_json()["error"]["code"] == hidden.get_json()["error"]["code"]


def test_email_case_does_not_matter(api, org):
    assert readiness(api, "Candidate@Example.com", MANAGER)["user"] == CANDIDATE


def test_readiness_needs_a_token(client, org):
    assert_error(client.get(f"{API}/users/{CANDIDATE}/readiness"), 401)


def test_restored_evidence_counts_again(api, org):
    org.log(org.candidate, [("hiring", "em")], date(2026, 1, 10))
    second = org.log(org.candidate, [("hiring", "em")], date(2026, 2, 10))
    api.delete(f"/artifacts/{second.id}", as_=CANDIDATE)
    assert dimension(readiness(api), "hiring")["level"] is None
    db.session.expire_all()  # the API request committed through its own session
    service.restore_artifact(org.candidate, db.session.get(Artifact, second.id))
    assert dimension(readiness(api), "hiring")["level"] == "em"



def test_frameworks_list_names_slug_name_and_kind(api, org):
    response = api.get("/frameworks", as_=CANDIDATE)
    assert response.status_code == 200
    kinds = {f["slug"]: f["kind"] for f in response.get_json()}
    assert kinds == {"vp_engineering": "ladder", "em_scorecard": "scorecard", "it_director": "scorecard",
                     "cto_readiness": "scorecard"}
    assert_error(api.get("/frameworks"), 401)


def test_full_shape_for_a_ladder(api, org):
    org.log(org.candidate, [("planning", "em")], date(2026, 1, 10))
    org.log(org.candidate, [("planning", "emerging_vp")], date(2026, 2, 10))
    org.log(org.candidate, [("planning", "proven_vp")], date(2026, 3, 10), state="submitted")
    body = readiness(api)
    assert (body["kind"], body["band"], body["total"], body["max_total"]) == ("ladder", None, None, None)
    assert body["as_of"] == date.today().isoformat() and body["headline"] == "Strong Engineering Manager"
    d = dimension(body, "planning")
    assert d["level"] == "em" and d["score"] == 1 and d["latest"] == "2026-02-10" and d["pending"] == 1
    assert d["self_rating"] is None
    assert d["next_step"] == ("One more verified piece at Emerging VP or higher, dated in a month other than "
                              "Feb 2026.")


def test_scorecard_by_framework_parameter(api, org):
    from tests.conftest import PASSWORD
    from tracker.auth.service import create_user
    person = create_user("it@example.com", "Ida", PASSWORD, manager_email=MANAGER, framework_slug="it_director")
    for day in (date(2026, 1, 5), date(2026, 2, 5)):
        org.log(person, [("incident_leadership", "proven")], day)
    body = readiness(api, "it@example.com", MANAGER)
    assert (body["kind"], body["stage"], body["total"], body["max_total"]) == ("scorecard", None, 2, 27)
    assert body["band"] == "Not yet hire-ready" and body["advice"]
    assert dimension(body, "incident_leadership")["score"] == 2
    other = api.get("/users/it@example.com/readiness?framework=vp_engineering", as_=MANAGER).get_json()
    assert other["framework"] == "vp_engineering" and other["stage"] == "manager"


def test_as_of_parameter(api, org):
    org.log(org.candidate, [("hiring", "em")], date(2026, 1, 10))
    org.log(org.candidate, [("hiring", "em")], date(2026, 4, 10))
    early = api.get(f"/users/{CANDIDATE}/readiness?as_of=2026-03-31", as_=CANDIDATE).get_json()
    late = api.get(f"/users/{CANDIDATE}/readiness?as_of=2026-04-10", as_=CANDIDATE).get_json()
    assert early["as_of"] == "2026-03-31" and dimension(early, "hiring")["level"] is None
    assert dimension(late, "hiring")["level"] == "em"


@pytest.mark.parametrize("query, field", [
    ("as_of=2026-02-30", "as_of"), ("as_of=yesterday", "as_of"), ("as_of=", "as_of"),
    ("framework=nope", "framework"), ("frameworks=vp_engineering", "frameworks"),
])
def test_bad_readiness_parameters_are_422(api, org, query, field):
    assert_error(api.get(f"/users/{CANDIDATE}/readiness?{query}", as_=CANDIDATE), 422, fields=[field])
