"""Every edit and decision is based on a version; a stale one changes nothing and says why."""
from tests.api.helpers import CANDIDATE, MANAGER, assert_error
from tests.artifacts.test_pages import FORM
from tests.conftest import login, post_form
from tracker.extensions import db
from tracker.models import Artifact


def fresh(artifact):
    db.session.expire_all()
    return db.session.get(Artifact, artifact.id)


def test_api_shows_the_version_and_each_change_bumps_it(api, org):
    artifact = org.log(org.candidate, state="submitted")
    response = api.get(f"/artifacts/{artifact.id}", as_=CANDIDATE)
    assert response.get_json()["version"] == 1 and response.headers["ETag"] == '"1"'
    response = api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"title": "New", "version": 1})
    assert response.status_code == 200 and response.get_json()["version"] == 2
    response = api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"title": "Newer"},
                         headers={"If-Match": '"2"'})
    assert response.status_code == 200 and response.get_json()["version"] == 3


def test_api_edit_based_on_an_old_version_is_409_and_changes_nothing(api, org):
    artifact = org.log(org.candidate, [("planning", "em")], state="submitted")
    api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"title": "Second", "version": 1})
    error = assert_error(api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE,
                                   json={"title": "Lost update", "claims": [], "version": 1}),
                         409, "version_conflict", fields=["version"])
    assert "version 2" in error["message"]
    artifact = fresh(artifact)
    assert artifact.title == "Second" and len(artifact.claims) == 1 and artifact.version == 2
    assert_error(api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, headers={"If-Match": '"1"'},
                           json={"title": "x"}), 409, "version_conflict")


def test_api_version_must_be_a_whole_number(api, org):
    artifact = org.log(org.candidate, state="submitted")
    for bad in ("two", True, -1, 1.5, [1]):
        assert_error(api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"title": "x", "version": bad}),
                     422, fields=["version"])
    assert_error(api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"title": "x"},
                           headers={"If-Match": "*soon*"}), 422, fields=["If-Match"])
    assert_error(api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"state": "verified"}),
                 422, fields=["state"])
    assert fresh(artifact).version == 1


def test_api_decision_on_content_the_decider_never_saw_is_409(api, org):
    artifact = org.log(org.candidate, [("planning", "em")], state="submitted")
    seen = api.get(f"/artifacts/{artifact.id}", as_=MANAGER).get_json()["version"]
    api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE,
              json={"claims": [{"competency": c, "level": "proven_vp"} for c in ("planning", "hiring")]})
    assert_error(api.post(f"/artifacts/{artifact.id}/verification", as_=MANAGER,
                          json={"decision": "verified", "version": seen}), 409, "version_conflict")
    assert fresh(artifact).state == "submitted"
    current = api.get(f"/artifacts/{artifact.id}", as_=MANAGER).get_json()["version"]
    response = api.post(f"/artifacts/{artifact.id}/verification", as_=MANAGER,
                        json={"decision": "verified", "version": current})
    assert response.status_code == 200 and response.get_json()["state"] == "verified"


def test_api_delete_honours_if_match(api, org):
    artifact = org.log(org.candidate, state="submitted")
    assert_error(api.delete(f"/artifacts/{artifact.id}", as_=CANDIDATE, headers={"If-Match": '"7"'}), 409)
    assert fresh(artifact).deleted_at is None
    assert api.delete(f"/artifacts/{artifact.id}", as_=CANDIDATE, headers={"If-Match": '"1"'}).status_code == 204


def test_verify_from_a_stale_queue_page_explains_what_changed(client, api, org):
    artifact = org.log(org.candidate, [("planning", "em")], state="submitted", summary="Original")
    login(client, MANAGER)
    queue = client.get("/artifacts/queue").get_data(as_text=True)
    assert 'name="version" value="1"' in queue
    api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE,
              json={"claims": [{"competency": "planning", "level": "proven_vp"}]})
    response = post_form(client, f"/artifacts/{artifact.id}/verification",
                         {"decision": "verified", "version": "1", "back": "queue", "comment": "Looks right"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed after you opened it" in page and "Cara Candidate" in page
    assert "<strong>Claims</strong>" in page
    assert ">Looks right</textarea>" in page  # the comment is kept
    assert 'name="version" value="2"' in page
    assert fresh(artifact).state == "submitted"
    response = post_form(client, f"/artifacts/{artifact.id}/verification", {"decision": "verified", "version": "2"})
    assert response.status_code == 302 and fresh(artifact).state == "verified"


def test_a_stale_edit_form_keeps_the_input_and_can_be_saved_deliberately(client, api, org):
    artifact = org.log(org.candidate, state="submitted", title="Before")
    login(client, CANDIDATE)
    assert 'name="version" value="1"' in client.get(f"/artifacts/{artifact.id}/edit").get_data(as_text=True)
    api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"title": "From the API"})
    mine = {**FORM, "title": "From the form", "version": "1"}
    response = post_form(client, f"/artifacts/{artifact.id}/edit", mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'value="From the form"' in page and "<strong>Title</strong>" in page
    assert 'name="version" value="2"' in page
    assert fresh(artifact).title == "From the API"
    response = post_form(client, f"/artifacts/{artifact.id}/edit", {**mine, "version": "2"})
    assert response.status_code == 302 and fresh(artifact).title == "From the form"


def test_invalid_edit_keeps_the_version_it_was_based_on(client, org):
    artifact = org.log(org.candidate, state="submitted")
    login(client, CANDIDATE)
    response = post_form(client, f"/artifacts/{artifact.id}/edit", {**FORM, "title": "", "version": "1"})
    assert response.status_code == 422
    assert 'name="version" value="1"' in response.get_data(as_text=True)


def test_stale_submit_and_delete_forms_are_409(client, api, org):
    artifact = org.log(org.candidate, state="draft")
    login(client, CANDIDATE)
    api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"title": "Changed"})
    for action in ("submit", "delete"):
        response = post_form(client, f"/artifacts/{artifact.id}/{action}", {"version": "1"})
        assert response.status_code == 409, action
    artifact = fresh(artifact)
    assert artifact.state == "draft" and artifact.deleted_at is None
    response = post_form(client, f"/artifacts/{artifact.id}/submit", {"version": "x"})
    assert response.status_code == 400 and "version" in response.get_data(as_text=True)


def test_a_stale_page_does_not_show_evidence_that_became_private(client, api, org):
    artifact = org.log(org.candidate, state="submitted", summary="Shared at first")
    login(client, MANAGER)
    api.patch(f"/artifacts/{artifact.id}", as_=CANDIDATE, json={"visibility": "private", "summary": "Secret now"})
    response = post_form(client, f"/artifacts/{artifact.id}/verification", {"decision": "verified", "version": "1"})
    assert response.status_code == 404
    assert "Secret now" not in response.get_data(as_text=True)
