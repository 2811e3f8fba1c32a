"""POST /api/v1/artifacts."""
from datetime import date, timedelta

import pytest

from tests.api.helpers import (ADMIN, API, BOSS, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER,
                               assert_error, check_all, count)
from tracker.models import Artifact, ArtifactEvent, Claim, Metric

MINIMAL = {"type": "impact_note", "title": "Cut cloud spend", "occurred_on": "2026-03-10"}

FULL = {
    "type": "investment_case",
    "title": "Consolidate CI runners",
    "occurred_on": "2026-02-03",
    "summary": "Moved **all** teams to one runner pool.",
    "situation": "Four runner pools, idle most nights.",
    "task": "Cut CI cost without slowing builds.",
    "action": "Pooled runners, added autoscaling.",
    "result": "CI cost down 38%, p95 build time unchanged.",
    "scope": "Six teams, 80 engineers",
    "stakeholders": "CFO, platform lead",
    "links": ["https://example.com/memo", "http://wiki.example.com/ci"],
    "visibility": "private",
    "claims": [{"competency": "planning", "level": "emerging_vp"},
               {"competency": "metrics", "level": "proven_vp"}],
    "metrics": [{"name": "CI cost per month", "baseline": 42000, "result": 26000, "unit": "EUR",
                 "category": "cost"},
                {"name": "p95 build", "baseline": "11.5", "result": 11.2, "unit": "min",
                 "category": "speed"}],
}


def test_minimal_body_creates_submitted_evidence_owned_by_the_caller(api, org):
    response = api.post("/artifacts", as_=CANDIDATE, json=MINIMAL)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert isinstance(body["id"], int)
    assert response.headers["Location"].endswith(f"{API}/artifacts/{body['id']}")
    assert body["owner"] == CANDIDATE and body["author"] == CANDIDATE
    assert body["state"] == "submitted"
    assert body["visibility"] == "manager"
    assert body["claims"] == [] and body["metrics"] == [] and body["links"] == []
    assert body["deleted"] is False
    assert body["verification"] == {"by": None, "at": None, "comment": None} or \
        body["verification"]["by"] is None
    assert count(Artifact) == 1
    # The Location header leads to the same evidence.
    fetched = api.client.get(response.headers["Location"], headers=api.headers(CANDIDATE))
    assert fetched.status_code == 200 and fetched.get_json()["id"] == body["id"]


def test_full_body_round_trips(api, org):
    # Private evidence is the owner's alone, so it is logged as a draft (nobody could verify it).
    response = api.post("/artifacts", as_=CANDIDATE, json={**FULL, "state": "draft"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["type"] == "investment_case"
    assert body["title"] == FULL["title"]
    assert body["occurred_on"] == "2026-02-03"
    assert body["summary"] == FULL["summary"]
    assert body["star"] == {key: FULL[key] for key in ("situation", "task", "action", "result")}
    assert body["scope"] == FULL["scope"] and body["stakeholders"] == FULL["stakeholders"]
    assert body["links"] == FULL["links"]
    assert body["visibility"] == "private"
    assert body["claims"] == [{"framework": "vp_engineering", **claim} for claim in FULL["claims"]]
    assert body["metrics"] == [
        {"name": "CI cost per month", "baseline": 42000.0, "result": 26000.0, "unit": "EUR",
         "category": "cost"},
        {"name": "p95 build", "baseline": 11.5, "result": 11.2, "unit": "min", "category": "speed"},
    ]
    assert body["state"] == "draft"
    assert count(Claim) == 2 and count(Metric) == 2
    again = api.get(f"/artifacts/{body['id']}", as_=CANDIDATE).get_json()
    assert again == body


def test_full_body_shared_with_the_chain_is_submitted(api, org):
    response = api.post("/artifacts", as_=CANDIDATE, json={**FULL, "visibility": "manager"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["state"] == "submitted" and body["visibility"] == "manager"
    assert len(body["claims"]) == 2 and len(body["metrics"]) == 2


def test_private_evidence_cannot_be_submitted_for_verification(api, org):
    response = api.post("/artifacts", as_=CANDIDATE, json={**MINIMAL, "visibility": "private"})
    assert_error(response, 422, fields=("visibility",))
    assert count(Artifact) == 0


def test_create_as_draft(api, org):
    response = api.post("/artifacts", as_=CANDIDATE, json={**MINIMAL, "state": "draft"})
    assert response.status_code == 201
    assert response.get_json()["state"] == "draft"


def test_create_with_a_state_other_than_draft_or_submitted_is_422(api, org):
    response = api.post("/artifacts", as_=CANDIDATE, json={**MINIMAL, "state": "verified"})
    assert_error(response, 422, fields=("state",))
    assert count(Artifact) == 0


def test_owner_given_as_own_email(api, org):
    response = api.post("/artifacts", as_=CANDIDATE, json={**MINIMAL, "owner": CANDIDATE})
    assert response.status_code == 201
    assert response.get_json()["owner"] == CANDIDATE


def test_manager_logs_evidence_for_a_report(api, org):
    response = api.post("/artifacts", as_=MANAGER, json={**MINIMAL, "owner": CANDIDATE})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["owner"] == CANDIDATE and body["author"] == MANAGER
    # The candidate sees it as their own evidence.
    assert api.get(f"/artifacts/{body['id']}", as_=CANDIDATE).status_code == 200


def test_admin_logs_evidence_for_anyone(api, org):
    response = api.post("/artifacts", as_=ADMIN, json={**MINIMAL, "owner": OTHER})
    assert response.status_code == 201
    assert response.get_json()["author"] == ADMIN


def test_candidate_cannot_log_for_another_candidate(api, org):
    assert_error(api.post("/artifacts", as_=CANDIDATE, json={**MINIMAL, "owner": OTHER}), 404)
    assert count(Artifact) == 0


def test_manager_cannot_log_for_someone_outside_their_chain(api, org):
    assert_error(api.post("/artifacts", as_=OTHER_MANAGER, json={**MINIMAL, "owner": CANDIDATE}), 404)
    assert_error(api.post("/artifacts", as_=MANAGER, json={**MINIMAL, "owner": OTHER}), 404)
    assert_error(api.post("/artifacts", as_=MANAGER, json={**MINIMAL, "owner": BOSS}), 404)
    assert count(Artifact) == 0


def test_unknown_owner_is_404(api, org):
    assert_error(api.post("/artifacts", as_=ADMIN, json={**MINIMAL, "owner": "ghost@example.com"}), 404)
    assert count(Artifact) == 0


def test_skip_level_manager_sees_but_may_not_log_for_the_report(api, org):
    """The boss can see the candidate (chain below) but only direct managers log for them."""
    response = api.post("/artifacts", as_=BOSS, json={**MINIMAL, "owner": CANDIDATE})
    assert_error(response, 403, "forbidden")
    assert count(Artifact) == 0


def _future():
    return (date.today() + timedelta(days=30)).isoformat()


INVALID = [
    ({"claims": [{"competency": "juggling", "level": "em"}]}, "claims[0].competency"),
    ({"claims": [{"competency": "planning", "level": "cto"}]}, "claims[0].level"),
    ({"claims": [{"competency": "planning", "level": "em"},
                 {"competency": "hiring", "level": "vp"}]}, "claims[1].level"),
    ({"claims": [{"competency": "planning", "level": "em"},
                 {"competency": "planning", "level": "proven_vp"}]}, "claims[1].competency"),
    ({"claims": ["planning"]}, "claims[0]"),
    ({"claims": "planning"}, "claims"),
    ({"occurred_on": "10/03/2026"}, "occurred_on"),
    ({"occurred_on": "2026-02-30"}, "occurred_on"),
    ({"occurred_on": None}, "occurred_on"),
    ({"occurred_on": "FUTURE"}, "occurred_on"),
    ({"occurred_on": "1970-01-01"}, "occurred_on"),
    ({"metrics": [{"name": "Churn", "result": 3, "category": "happiness"}]}, "metrics[0].category"),
    ({"metrics": [{"name": "Churn", "baseline": "lots", "result": 3, "category": "risk"}]},
     "metrics[0].baseline"),
    ({"metrics": [{"name": "Churn", "baseline": True, "result": 3, "category": "risk"}]},
     "metrics[0].baseline"),
    ({"metrics": [{"name": "Churn", "result": "NaN", "category": "risk"}]}, "metrics[0].result"),
    ({"metrics": [{"name": "Churn", "category": "risk"}]}, "metrics[0].result"),
    ({"metrics": [{"result": 1, "category": "risk"}]}, "metrics[0].name"),
    ({"metrics": {"name": "Churn"}}, "metrics"),
    ({"metrics": [{"name": f"m{i}", "result": i, "category": "risk"} for i in range(21)]}, "metrics"),
    ({"colour": "blue"}, "colour"),
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"title": None}, "title"),
    ({"title": 42}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"summary": "x" * 20001}, "summary"),
    ({"type": "poem"}, "type"),
    ({"type": None}, "type"),
    ({"visibility": "everyone"}, "visibility"),
    ({"links": ["javascript:alert(1)"]}, "links"),
    ({"links": ["https://example.com/%d" % i for i in range(21)]}, "links"),
]


def test_invalid_input_is_422_naming_the_field_and_saves_nothing(api, org):
    def check(change, field):
        body = {**MINIMAL, **change}
        if body.get("occurred_on") == "FUTURE":
            body["occurred_on"] = _future()
        response = api.post("/artifacts", as_=CANDIDATE, json=body)
        assert_error(response, 422, "validation_failed", fields=(field,))
        assert (count(Artifact), count(Claim), count(Metric), count(ArtifactEvent)) == (0, 0, 0, 0)

    check_all(INVALID, check)


def test_missing_required_field_is_422(api, org):
    def check(missing):
        body = {key: value for key, value in MINIMAL.items() if key != missing}
        assert_error(api.post("/artifacts", as_=CANDIDATE, json=body), 422, fields=(missing,))
        assert count(Artifact) == 0

    check_all([("title",), ("type",), ("occurred_on",)], check)


def test_several_errors_are_reported_together(api, org):
    body = {"type": "poem", "title": "", "occurred_on": "soon",
            "claims": [{"competency": "juggling", "level": "em"}], "colour": "blue"}
    error = assert_error(api.post("/artifacts", as_=CANDIDATE, json=body), 422)
    assert {"type", "title", "occurred_on", "claims[0].competency", "colour"} <= set(error["fields"])


def test_tomorrow_is_allowed_for_time_zones(api, org):
    body = {**MINIMAL, "occurred_on": (date.today() + timedelta(days=1)).isoformat()}
    assert api.post("/artifacts", as_=CANDIDATE, json=body).status_code == 201


def test_non_json_body_is_400(api, org):
    response = api.post("/artifacts", as_=CANDIDATE, data="title=x",
                        content_type="application/x-www-form-urlencoded")
    assert_error(response, 400)
    assert_error(api.post("/artifacts", as_=CANDIDATE, json=["not", "an", "object"]), 400)
    assert count(Artifact) == 0


# --- bad input that must never become a 500 ---------------------------------------------

@pytest.mark.parametrize("change, field", [
    ({"type": ["impact_note"]}, "type"),
    ({"visibility": {"private": True}}, "visibility"),
    ({"claims": [{"competency": ["planning"], "level": "em"}]}, "claims[0].competency"),
    ({"claims": [{"competency": "planning", "level": {"slug": "em"}}]}, "claims[0].level"),
    ({"metrics": [{"name": "Churn", "baseline": 10 ** 400, "result": 3, "category": "risk"}]},
     "metrics[0].baseline"),
    ({"metrics": [{"name": "Churn", "result": 3, "category": ["risk"]}]}, "metrics[0].category"),
])
def test_wrongly_typed_values_are_422_not_500(api, org, no_propagate, change, field):
    response = api.post("/artifacts", as_=CANDIDATE, json={**MINIMAL, **change})
    assert_error(response, 422, fields=(field,))
    assert count(Artifact) == 0
