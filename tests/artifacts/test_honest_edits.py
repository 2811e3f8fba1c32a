"""Before a change withdraws a verification, the page says so and names the levels that would
drop; the header shows where the evidence stands now."""
from datetime import date

from tests.conftest import login, post_form
from tracker.extensions import db
from tracker.models import Artifact


def planning_at_emerging_vp(org):
    """Planning at Emerging VP rests on two pieces; a third keeps Strong EM without them."""
    first = org.log(org.candidate, [("planning", "emerging_vp")], date(2026, 3, 10))
    org.log(org.candidate, [("planning", "emerging_vp")], date(2026, 4, 10))
    org.log(org.candidate, [("planning", "em")], date(2026, 5, 10))
    return first


def test_the_edit_form_names_the_verifier_and_the_level_that_would_drop(client, org):
    first = planning_at_emerging_vp(org)
    login(client, "candidate@example.com")
    page = client.get(f"/artifacts/{first.id}/edit").get_data(as_text=True)
    assert ("Saving a change to its content sends this back to Mia Manager for verification; "
            "Planning and prioritisation will drop to Strong Engineering Manager until then.") in page


def test_no_drop_is_said_plainly(client, org):
    first = org.log(org.candidate, [("hiring", "em")], date(2026, 3, 10))
    login(client, "candidate@example.com")
    page = client.get(f"/artifacts/{first.id}/edit").get_data(as_text=True)
    assert "sends this back to Mia Manager for verification. No level drops meanwhile" in page


def test_the_file_form_warns_too_and_drafts_get_no_warning(client, org):
    first = planning_at_emerging_vp(org)
    draft = org.log(org.candidate, [("planning", "em")], state="draft")
    login(client, "candidate@example.com")
    page = client.get(f"/artifacts/{first.id}").get_data(as_text=True)
    assert "Attaching or removing a file sends this back to Mia Manager" in page
    assert "sends this back" not in client.get(f"/artifacts/{draft.id}").get_data(as_text=True)
    assert "sends this back" not in client.get(f"/artifacts/{draft.id}/edit").get_data(as_text=True)


def test_edited_evidence_shows_it_awaits_verification_not_the_old_comment(client, org):
    first = org.log(org.candidate, [("planning", "em")], date(2026, 3, 10))
    login(client, "candidate@example.com")
    assert "Verified by Mia Manager" in client.get(f"/artifacts/{first.id}").get_data(as_text=True)
    post_form(client, f"/artifacts/{first.id}/edit", {
        "type": "impact_note", "title": "Cut cloud spend by 30%", "occurred_on": "2026-03-10",
        "visibility": "manager", "claim-planning": "em", "version": str(first.version)})
    db.session.expire_all()
    assert db.session.get(Artifact, first.id).state == "submitted"
    page = client.get(f"/artifacts/{first.id}").get_data(as_text=True)
    header = page[page.index("<h1>"):page.index('<div class="md">')]
    assert "Awaiting verification by Mia Manager" in header
    assert "Seen it." not in header and "Verified by" not in header
    assert "so that decision no longer applies" in header


def test_the_history_says_created_and_submitted(client, org):
    note = org.log(org.candidate, state="submitted")
    draft = org.log(org.candidate, state="draft")
    login(client, "candidate@example.com")
    assert "created and submitted" in client.get(f"/artifacts/{note.id}").get_data(as_text=True)
    assert "created as a draft" in client.get(f"/artifacts/{draft.id}").get_data(as_text=True)
