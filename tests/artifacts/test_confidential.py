"""Marking evidence confidential: through the form and the API, shown on its page, kept in its
history, and no part of what a verification covers."""
from datetime import date

from tests.api.helpers import CANDIDATE, assert_error, version_of
from tests.artifacts.forms import form_fields
from tests.conftest import login, post_form
from tracker.artifacts import service
from tracker.extensions import db
from tracker.models import Artifact

TODAY = date(2026, 11, 21)


def test_marking_verified_evidence_confidential_keeps_it_verified(org):
    artifact = org.log(org.candidate, [("planning", "em")])
    service.update_artifact(org.candidate, artifact, {"confidential": True}, today=TODAY)
    assert artifact.state == "verified" and artifact.confidential
    assert artifact.events[-1].snapshot["confidential"] is True
    service.update_artifact(org.candidate, artifact, {"confidential": False, "title": "Sharper"}, today=TODAY)
    assert artifact.state == "submitted" and not artifact.confidential


def test_the_checkbox_round_trips_through_the_form(client, org):
    artifact = org.log(org.candidate, [("planning", "em")])
    login(client, "candidate@example.com")
    fields = form_fields(client.get(f"/artifacts/{artifact.id}/edit").get_data(as_text=True))
    assert "confidential" not in fields  # unticked
    assert post_form(client, f"/artifacts/{artifact.id}/edit", {**fields, "confidential": "true"}).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Artifact, artifact.id)
    assert saved.confidential and saved.state == "verified"
    page = client.get(f"/artifacts/{artifact.id}").get_data(as_text=True)
    assert '<span class="badge confidential">Confidential</span>' in page
    fields = form_fields(client.get(f"/artifacts/{artifact.id}/edit").get_data(as_text=True))
    assert fields["confidential"] == "true"
    del fields["confidential"]  # untick it
    assert post_form(client, f"/artifacts/{artifact.id}/edit", fields).status_code == 302
    db.session.expire_all()
    assert not db.session.get(Artifact, artifact.id).confidential


def test_the_api_reads_and_writes_the_flag(api, org):
    created = api.post("/artifacts", as_=CANDIDATE, json={
        "type": "impact_note", "title": "Secret deal", "occurred_on": "2026-10-01", "confidential": True})
    assert created.status_code == 201, created.get_data(as_text=True)
    artifact_id = created.get_json()["id"]
    assert api.get(f"/artifacts/{artifact_id}", as_=CANDIDATE).get_json()["confidential"] is True
    changed = api.patch(f"/artifacts/{artifact_id}", as_=CANDIDATE,
                        json={"confidential": False, "version": version_of(artifact_id)})
    assert changed.status_code == 200 and changed.get_json()["confidential"] is False
    plain = api.post("/artifacts", as_=CANDIDATE, json={
        "type": "impact_note", "title": "Open work", "occurred_on": "2026-10-01"})
    assert plain.get_json()["confidential"] is False
    bad = api.patch(f"/artifacts/{artifact_id}", as_=CANDIDATE,
                    json={"confidential": "yes", "version": version_of(artifact_id)})
    assert_error(bad, 422, "validation_failed", fields=["confidential"])
