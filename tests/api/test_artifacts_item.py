"""GET, PATCH and DELETE /api/v1/artifacts/{id}, for each role."""
from datetime import date

import pytest

from tests.api.helpers import (ADMIN, BOSS, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER,
                               assert_error, check_all, count)
from tracker.models import ArtifactEvent


@pytest.fixture()
def shared(org):
    """The candidate's own verified evidence, shared with the management chain."""
    return org.log(org.candidate, [("planning", "em")], date(2026, 3, 10), summary="Saved 20%.",
                   situation="S", task="T", action="A", result="R")


@pytest.fixture()
def private(org):
    return org.log(org.candidate, [("planning", "em")], state="draft", visibility="private",
                   title="Private notes")


# --- GET ------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", [CANDIDATE, MANAGER, BOSS, ADMIN])
def test_who_may_view_shared_evidence(api, shared, who):
    response = api.get(f"/artifacts/{shared.id}", as_=who)
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == shared.id and body["owner"] == CANDIDATE
    assert body["state"] == "verified" and body["verification"]["by"] == MANAGER
    assert body["star"] == {"situation": "S", "task": "T", "action": "A", "result": "R"}


@pytest.mark.parametrize("who", [OTHER_MANAGER, OTHER])
def test_outsiders_get_404_for_shared_evidence(api, shared, who):
    assert_error(api.get(f"/artifacts/{shared.id}", as_=who), 404, "not_found")


def test_private_evidence_is_the_owners_alone(api, private):
    assert api.get(f"/artifacts/{private.id}", as_=CANDIDATE).get_json()["visibility"] == "private"
    for who in (MANAGER, BOSS, ADMIN, OTHER_MANAGER, OTHER):
        assert_error(api.get(f"/artifacts/{private.id}", as_=who), 404, "not_found")


def test_404_does_not_leak_existence(api, shared):
    hidden = api.get(f"/artifacts/{shared.id}", as_=OTHER).get_json()
    missing = api.get(f"/artifacts/{shared.id + 1000}", as_=OTHER).get_json()
    assert hidden == missing


def test_unknown_and_malformed_ids_are_404(api, org):
    assert_error(api.get("/artifacts/999999", as_=ADMIN), 404)
    assert_error(api.get("/artifacts/abc", as_=ADMIN), 404)
    assert_error(api.get("/artifacts/-1", as_=ADMIN), 404)


def test_huge_id_is_404_not_500(api, org, no_propagate):
    """An id no database integer can hold is simply not found, for every method."""
    huge = "9" * 30

    def check(method, path, body):
        assert_error(api.open(method, path, as_=ADMIN, json=body), 404)

    check_all([("GET", f"/artifacts/{huge}", None),
               ("PATCH", f"/artifacts/{huge}", {"title": "x"}),
               ("DELETE", f"/artifacts/{huge}", None),
               ("POST", f"/artifacts/{huge}/verification", {"decision": "verified"})], check)


# --- PATCH ----------------------------------------------------------------------------------

def test_owner_edits_submitted_evidence(api, org):
    artifact = org.log(org.candidate, [("planning", "em")], state="submitted")
    response = api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE,
                         json={"title": "  Cut cloud spend by 20%  ", "result": "Saved 1M"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["title"] == "Cut cloud spend by 20%"
    assert body["star"]["result"] == "Saved 1M"
    assert body["state"] == "submitted"
    # Untouched fields stay as they were (PATCH is partial).
    assert body["claims"] == [{"framework": "vp_engineering", "competency": "planning", "level": "em"}]
    assert api.get(f"/artifacts/{artifact.id}", as_=CANDIDATE).get_json() == body


SUBSTANTIVE_CHANGES = [
    {"title": "A new title"},
    {"summary": "Saved 25%."},
    {"result": "Different result"},
    {"occurred_on": "2026-03-11"},
    {"claims": [{"competency": "planning", "level": "proven_vp"}]},
    {"metrics": [{"name": "Spend", "result": 1, "category": "cost"}]},
    {"links": ["https://example.com/proof"]},
    {"type": "exec_update"},
]


def test_editing_verified_content_returns_it_to_submitted(api, org):
    def check(change):
        artifact = org.log(org.candidate, [("planning", "em")], summary="Saved 20%.", result="R")
        response = api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json=change)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["state"] == "submitted"

    check_all([(change,) for change in SUBSTANTIVE_CHANGES], check)


def test_making_verified_evidence_private_turns_it_back_into_a_draft(api, shared):
    response = api.patch(f"/artifacts/{shared.id}", as_=CANDIDATE, json={"visibility": "private"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["visibility"] == "private" and body["state"] == "draft"
    assert body["verification"] == {"by": None, "at": None, "comment": ""}
    assert_error(api.get(f"/artifacts/{shared.id}", as_=MANAGER), 404)
    back = api.patch(f"/artifacts/{shared.id}", as_=CANDIDATE, json={"visibility": "manager"})
    assert back.get_json()["state"] == "draft"  # it needs submitting and verifying again


def test_resending_the_same_content_keeps_it_verified(api, shared):
    current = api.get(f"/artifacts/{shared.id}", as_=CANDIDATE).get_json()
    same = {"title": current["title"], "summary": current["summary"], "claims": current["claims"],
            "occurred_on": current["occurred_on"], **current["star"]}
    response = api.patch(f"/artifacts/{shared.id}", as_=CANDIDATE, json=same)
    assert response.status_code == 200
    assert response.get_json()["state"] == "verified"


def test_admin_may_edit_shared_evidence(api, shared):
    response = api.patch(f"/artifacts/{shared.id}", as_=ADMIN, json={"title": "Fixed typo"})
    assert response.status_code == 200
    assert response.get_json()["title"] == "Fixed typo"


def test_manager_edits_evidence_they_authored(api, org):
    artifact = org.log(org.candidate, [("hiring", "em")], state="submitted", author=org.manager)
    response = api.patch(f"/artifacts/{artifact.id}", as_=MANAGER, json={"title": "Observed hiring"})
    assert response.status_code == 200
    assert response.get_json()["author"] == MANAGER


def test_only_the_owner_may_make_evidence_private(api, org):
    artifact = org.log(org.candidate, [("hiring", "em")], state="submitted", author=org.manager)
    response = api.patch(f"/artifacts/{artifact.id}", as_=MANAGER, json={"visibility": "private"})
    assert_error(response, 422, fields=("visibility",))
    assert api.get(f"/artifacts/{artifact.id}", as_=MANAGER).get_json()["visibility"] == "manager"


@pytest.mark.parametrize("who", [MANAGER, BOSS])
def test_chain_members_who_did_not_author_it_get_403(api, shared, who):
    response = api.patch(f"/artifacts/{shared.id}", as_=who, json={"title": "Mine now"})
    assert_error(response, 403, "forbidden")
    assert api.get(f"/artifacts/{shared.id}", as_=CANDIDATE).get_json()["title"] == "Cut cloud spend"


@pytest.mark.parametrize("who", [OTHER_MANAGER, OTHER])
def test_outsiders_get_404_on_patch(api, shared, who):
    assert_error(api.patch(f"/artifacts/{shared.id}", as_=who, json={"title": "x"}), 404)


def test_nobody_but_the_owner_may_patch_private_evidence(api, private):
    for who in (MANAGER, BOSS, ADMIN, OTHER):
        assert_error(api.patch(f"/artifacts/{private.id}", as_=who, json={"title": "x"}), 404)
    assert api.patch(f"/artifacts/{private.id}", as_=CANDIDATE, json={"title": "x"}).status_code == 200


INVALID_PATCHES = [
    ({"title": ""}, "title"),
    ({"occurred_on": "yesterday"}, "occurred_on"),
    ({"occurred_on": "2999-01-01"}, "occurred_on"),
    ({"claims": [{"competency": "juggling", "level": "em"}]}, "claims[0].competency"),
    ({"claims": [{"competency": "planning", "level": "em"},
                 {"competency": "planning", "level": "em"}]}, "claims[1].competency"),
    ({"metrics": [{"name": "x", "baseline": "abc", "result": 1, "category": "cost"}]},
     "metrics[0].baseline"),
    ({"metrics": [{"name": "x", "result": 1, "category": "vanity"}]}, "metrics[0].category"),
    ({"visibility": "public"}, "visibility"),
    ({"state": "verified"}, "state"),
    ({"author": OTHER}, "author"),
    ({"title": "Good", "colour": "blue"}, "colour"),
]


def test_invalid_patch_is_422_and_changes_nothing(api, shared):
    before = api.get(f"/artifacts/{shared.id}", as_=CANDIDATE).get_json()
    events = count(ArtifactEvent)

    def check(change, field):
        response = api.patch(f"/artifacts/{shared.id}", as_=CANDIDATE, json=change)
        assert_error(response, 422, "validation_failed", fields=(field,))
        assert api.get(f"/artifacts/{shared.id}", as_=CANDIDATE).get_json() == before
        assert count(ArtifactEvent) == events

    check_all(INVALID_PATCHES, check)


def test_patch_owner_is_422(api, shared):
    for owner in (OTHER, CANDIDATE):
        assert_error(api.patch(f"/artifacts/{shared.id}", as_=CANDIDATE, json={"owner": owner}),
                     422, fields=("owner",))
    assert api.get(f"/artifacts/{shared.id}", as_=CANDIDATE).get_json()["owner"] == CANDIDATE


def test_patch_with_a_non_json_body_is_400(api, shared):
    response = api.patch(f"/artifacts/{shared.id}", as_=CANDIDATE, data="title=x",
                         content_type="text/plain")
    assert_error(response, 400)
    assert_error(api.patch(f"/artifacts/{shared.id}", as_=CANDIDATE, json="title"), 400)


def test_patch_of_deleted_evidence_is_refused(api, shared):
    assert api.delete(f"/artifacts/{shared.id}", as_=CANDIDATE).status_code == 204
    response = api.patch(f"/artifacts/{shared.id}", as_=CANDIDATE, json={"title": "Zombie"})
    assert_error(response, 403)
    assert_error(api.patch(f"/artifacts/{shared.id}", as_=ADMIN, json={"title": "Zombie"}), 404)


def test_patch_unknown_id_is_404(api, org):
    assert_error(api.patch("/artifacts/424242", as_=ADMIN, json={"title": "x"}), 404)


# --- DELETE ---------------------------------------------------------------------------------

def test_owner_soft_deletes(api, shared):
    response = api.delete(f"/artifacts/{shared.id}", as_=CANDIDATE)
    assert response.status_code == 204 and response.data == b""
    mine = api.get(f"/artifacts/{shared.id}", as_=CANDIDATE)
    assert mine.status_code == 200 and mine.get_json()["deleted"] is True
    for who in (MANAGER, BOSS, ADMIN, OTHER):
        assert_error(api.get(f"/artifacts/{shared.id}", as_=who), 404)
    # It leaves every list, the owner's included (it sits in the trash).
    assert api.get("/artifacts", as_=CANDIDATE).get_json()["total"] == 0
    assert api.get("/artifacts", as_=MANAGER).get_json()["total"] == 0
    # Deleting again is harmless.
    assert api.delete(f"/artifacts/{shared.id}", as_=CANDIDATE).status_code == 204


def test_owner_deletes_private_evidence(api, private):
    assert api.delete(f"/artifacts/{private.id}", as_=CANDIDATE).status_code == 204
    assert api.get(f"/artifacts/{private.id}", as_=CANDIDATE).get_json()["deleted"] is True


def test_manager_deletes_evidence_they_authored(api, org):
    artifact = org.log(org.candidate, [("hiring", "em")], state="submitted", author=org.manager)
    assert api.delete(f"/artifacts/{artifact.id}", as_=MANAGER).status_code == 204
    assert_error(api.get(f"/artifacts/{artifact.id}", as_=MANAGER), 404)
    assert api.get(f"/artifacts/{artifact.id}", as_=CANDIDATE).get_json()["deleted"] is True


@pytest.mark.parametrize("who", [MANAGER, BOSS, ADMIN])
def test_chain_and_admin_may_not_delete_what_they_did_not_write(api, shared, who):
    assert_error(api.delete(f"/artifacts/{shared.id}", as_=who), 403, "forbidden")
    assert api.get(f"/artifacts/{shared.id}", as_=CANDIDATE).get_json()["deleted"] is False


@pytest.mark.parametrize("who", [OTHER_MANAGER, OTHER])
def test_outsiders_get_404_on_delete(api, shared, who):
    assert_error(api.delete(f"/artifacts/{shared.id}", as_=who), 404)
    assert api.get(f"/artifacts/{shared.id}", as_=CANDIDATE).get_json()["deleted"] is False


def test_delete_private_by_others_is_404(api, private):
    for who in (MANAGER, ADMIN):
        assert_error(api.delete(f"/artifacts/{private.id}", as_=who), 404)


def test_delete_unknown_id_is_404(api, org):
    assert_error(api.delete("/artifacts/424242", as_=CANDIDATE), 404)
