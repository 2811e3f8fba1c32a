"""POST /api/v1/artifacts/{id}/verification."""
import pytest

from tests.api.helpers import (ADMIN, BOSS, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER,
                               assert_error, check_all, count, version_of)
from tracker.models import ArtifactEvent


@pytest.fixture()
def submitted(org):
    return org.log(org.candidate, [("planning", "em")], state="submitted")


def verify(api, artifact, who, **body):
    """A decision on the version the decider sees now (unless the test gives one)."""
    body.setdefault("version", version_of(artifact.id))
    return api.post(f"/artifacts/{artifact.id}/verification", as_=who, json=body)


def test_direct_manager_verifies(api, submitted):
    response = verify(api, submitted, MANAGER, decision="verified", comment="  Matches the dashboard. ")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["state"] == "verified"
    assert body["verification"]["by"] == MANAGER
    assert body["verification"]["comment"] == "Matches the dashboard."
    assert body["verification"]["at"]
    assert api.get(f"/artifacts/{submitted.id}", as_=CANDIDATE).get_json()["state"] == "verified"


def test_verify_without_comment(api, submitted):
    response = verify(api, submitted, MANAGER, decision="verified")
    assert response.status_code == 200
    assert response.get_json()["state"] == "verified"


def test_request_changes_with_a_comment(api, submitted):
    response = verify(api, submitted, MANAGER, decision="changes_requested", comment="Add numbers.")
    assert response.status_code == 200
    body = response.get_json()
    assert body["state"] == "changes_requested"
    assert body["verification"] == {**body["verification"], "by": MANAGER, "comment": "Add numbers."}


def test_changes_requested_without_comment_is_422(api, submitted):
    def check(comment):
        body = {"decision": "changes_requested"}
        if comment is not None:
            body["comment"] = comment
        response = api.post(f"/artifacts/{submitted.id}/verification", as_=MANAGER, json=body)
        assert_error(response, 422, "validation_failed", fields=("comment",))
        assert api.get(f"/artifacts/{submitted.id}", as_=CANDIDATE).get_json()["state"] == "submitted"

    check_all([(None,), ("",), ("   ",)], check)


def test_bad_decision_is_422(api, submitted):
    def check(decision):
        body = {"comment": "ok"}
        if decision is not None:
            body["decision"] = decision
        response = api.post(f"/artifacts/{submitted.id}/verification", as_=MANAGER, json=body)
        assert_error(response, 422, fields=("decision",))
        assert api.get(f"/artifacts/{submitted.id}", as_=CANDIDATE).get_json()["state"] == "submitted"

    check_all([(None,), ("approved",), ("",), ("VERIFIED",), (1,), (["verified"],)], check)


def test_non_text_or_overlong_comment_is_422(api, submitted):
    assert_error(verify(api, submitted, MANAGER, decision="verified", comment=["x"]), 422,
                 fields=("comment",))
    assert_error(verify(api, submitted, MANAGER, decision="verified", comment="x" * 5001), 422,
                 fields=("comment",))


def test_non_json_body_is_400(api, submitted):
    response = api.post(f"/artifacts/{submitted.id}/verification", as_=MANAGER,
                        data="decision=verified", content_type="application/x-www-form-urlencoded")
    assert_error(response, 400)


def test_owner_may_not_verify_own_evidence(api, submitted):
    assert_error(verify(api, submitted, CANDIDATE, decision="verified"), 403, "forbidden")
    assert api.get(f"/artifacts/{submitted.id}", as_=CANDIDATE).get_json()["state"] == "submitted"


def test_admin_may_not_verify_own_evidence(api, org):
    own = org.log(org.admin, [("planning", "em")], state="submitted")
    assert_error(verify(api, own, ADMIN, decision="verified"), 403)


def test_skip_level_manager_may_not_verify(api, submitted):
    assert_error(verify(api, submitted, BOSS, decision="verified"), 403, "forbidden")


@pytest.mark.parametrize("who", [OTHER_MANAGER, OTHER])
def test_outsiders_get_404(api, submitted, who):
    assert_error(verify(api, submitted, who, decision="verified"), 404, "not_found")


def test_admin_verifies(api, submitted):
    response = verify(api, submitted, ADMIN, decision="verified", comment="Checked.")
    assert response.status_code == 200
    assert response.get_json()["verification"]["by"] == ADMIN


def test_manager_verifies_the_evidence_of_a_manager_they_manage(api, org):
    mine = org.log(org.manager, [("hiring", "em")], state="submitted")
    assert_error(verify(api, mine, MANAGER, decision="verified"), 403)
    assert verify(api, mine, BOSS, decision="verified").status_code == 200


def test_draft_is_409(api, org):
    draft = org.log(org.candidate, [("planning", "em")], state="draft")
    assert_error(verify(api, draft, MANAGER, decision="verified"), 409, "conflict")
    assert api.get(f"/artifacts/{draft.id}", as_=CANDIDATE).get_json()["state"] == "draft"


def test_changes_requested_evidence_waits_for_resubmission(api, org):
    sent_back = org.log(org.candidate, [("planning", "em")], state="changes_requested")
    assert_error(verify(api, sent_back, MANAGER, decision="verified"), 409)


def test_verified_evidence_can_be_sent_back(api, org):
    verified = org.log(org.candidate, [("planning", "em")])
    response = verify(api, verified, MANAGER, decision="changes_requested", comment="Wrong month.")
    assert response.status_code == 200
    assert response.get_json()["state"] == "changes_requested"


def test_deleted_evidence_is_404_for_the_manager(api, submitted):
    assert api.delete(f"/artifacts/{submitted.id}", as_=CANDIDATE).status_code == 204
    assert_error(verify(api, submitted, MANAGER, decision="verified"), 404)
    assert_error(verify(api, submitted, ADMIN, decision="verified"), 404)


def test_private_evidence_is_404_for_manager_and_admin(api, org):
    private = org.log(org.candidate, [("planning", "em")], state="draft", visibility="private")
    for who in (MANAGER, ADMIN):
        assert_error(verify(api, private, who, decision="verified"), 404)


def test_unknown_artifact_is_404(api, org):
    assert_error(api.post("/artifacts/424242/verification", as_=MANAGER,
                          json={"decision": "verified"}), 404)


def test_decisions_are_recorded_in_history(api, submitted):
    before = count(ArtifactEvent)
    verify(api, submitted, MANAGER, decision="verified")
    assert count(ArtifactEvent) == before + 1
    assert_error(verify(api, submitted, MANAGER, decision="bogus"), 422)
    assert count(ArtifactEvent) == before + 1


def test_api_created_evidence_can_be_verified_end_to_end(api, org):
    created = api.post("/artifacts", as_=CANDIDATE, json={
        "type": "impact_note", "title": "Shipped", "occurred_on": "2026-05-02",
        "claims": [{"competency": "metrics", "level": "em"}]}).get_json()
    response = api.post(f"/artifacts/{created['id']}/verification", as_=MANAGER,
                        json={"decision": "verified", "version": created["version"]})
    assert response.status_code == 200
    edited = api.patch(f"/artifacts/{created['id']}", as_=CANDIDATE, json={"title": "Shipped v2"})
    assert edited.get_json()["state"] == "submitted"


def test_a_decision_without_a_version_is_428_and_changes_nothing(api, submitted):
    response = api.post(f"/artifacts/{submitted.id}/verification", as_=MANAGER, json={"decision": "verified"})
    assert_error(response, 428, "version_required", fields=["version"])
    assert api.get(f"/artifacts/{submitted.id}", as_=MANAGER).get_json()["state"] == "submitted"
    response = api.post(f"/artifacts/{submitted.id}/verification", as_=MANAGER, json={"decision": "verified"},
                        headers={"If-Match": '"1"'})
    assert response.status_code == 200


def test_version_in_the_body_must_be_a_number(api, submitted):
    assert_error(verify(api, submitted, MANAGER, decision="verified", version="1"), 422, fields=["version"])
