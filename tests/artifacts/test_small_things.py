"""The small things people hit: the 413 page, private drafts, file sizes, dates, the trash."""
import io

from tests.conftest import login, post_form


def test_a_file_too_large_names_the_limit_and_leads_back_to_the_evidence(client, org, small_bodies):
    artifact = org.log(org.candidate, state="draft")
    login(client, "candidate@example.com")
    response = post_form(client, f"/artifacts/{artifact.id}/attachments", {"file": (io.BytesIO(b"x" * 3000), "big.pdf")})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "more than 2.0 KB" in page and "Nothing was saved" in page
    assert f'<a href="/artifacts/{artifact.id}">Back to the evidence</a>' in page


def test_a_private_draft_offers_no_submit_button(client, org):
    private = org.log(org.candidate, state="draft", visibility="private")
    shared = org.log(org.candidate, state="draft")
    login(client, "candidate@example.com")
    page = client.get(f"/artifacts/{private.id}").get_data(as_text=True)
    assert "Submit for verification</button>" not in page and "Private, so nobody can verify it" in page
    assert "Submit for verification</button>" in client.get(f"/artifacts/{shared.id}").get_data(as_text=True)


def test_small_files_show_their_size_in_bytes(client, org):
    from tracker.artifacts.attachments import add_attachment
    from tracker.extensions import db
    artifact = org.log(org.candidate, state="draft")
    add_attachment(org.candidate, artifact, "note.txt", b"proof")
    db.session.commit()
    login(client, "candidate@example.com")
    assert "5 bytes" in client.get(f"/artifacts/{artifact.id}").get_data(as_text=True)


def test_date_fields_stop_at_today_and_the_trash_is_in_the_navigation(client, org):
    from datetime import date
    login(client, "candidate@example.com")
    for path in ("/artifacts/new", "/artifacts/quick"):
        assert f'max="{date.today().isoformat()}"' in client.get(path).get_data(as_text=True)
    assert '<a href="/artifacts/trash">Trash</a>' in client.get("/").get_data(as_text=True)


def test_the_full_form_takes_a_file_in_the_same_step_or_saves_nothing(client, org):
    from sqlalchemy import func, select

    from tracker.extensions import db
    from tracker.models import Artifact, Attachment
    form = {"type": "impact_note", "title": "With proof", "occurred_on": "2026-10-01", "visibility": "manager",
            "action": "submit"}
    login(client, "candidate@example.com")
    refused = post_form(client, "/artifacts/new", {**form, "file": (io.BytesIO(b"<html>"), "proof.pdf")})
    assert refused.status_code == 422 and "does not look like a .pdf file" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Artifact.id))) == 0
    saved = post_form(client, "/artifacts/new", {**form, "file": (io.BytesIO(b"%PDF-1.7 proof"), "proof.pdf")})
    assert saved.status_code == 302
    attachment = db.session.scalar(select(Attachment))
    assert attachment.filename == "proof.pdf" and attachment.artifact.title == "With proof"
