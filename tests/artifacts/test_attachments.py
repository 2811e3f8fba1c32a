import io
import os

import pytest

from tests.conftest import login, post_form
from tracker.artifacts import attachments
from tracker.errors import Forbidden, NotFound, ValidationError
from tracker.extensions import db
from tracker.models import Artifact, Attachment

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def upload(client, artifact_id, name, data):
    token_page = f"/artifacts/{artifact_id}"
    from tests.conftest import csrf_token
    return client.post(f"/artifacts/{artifact_id}/attachments",
                       data={"csrf_token": csrf_token(client, token_page), "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_attach_download_and_remove(client, org):
    artifact = org.log(org.candidate, state="submitted")
    login(client, "candidate@example.com")
    assert upload(client, artifact.id, "board deck.pdf", PDF).status_code == 302
    stored = db.session.scalar(db.select(Attachment))
    assert (stored.filename, stored.size, stored.content_type) == ("board_deck.pdf", len(PDF), "application/pdf")
    path = os.path.join(attachments.upload_folder(), stored.stored_name)
    with open(path, "rb") as handle:
        assert handle.read() == PDF
    page = client.get(f"/artifacts/{artifact.id}").get_data(as_text=True)
    assert "board_deck.pdf" in page

    manager = make_app_client_for("manager@example.com")
    response = manager.get(f"/artifacts/{artifact.id}/attachments/{stored.id}")
    assert response.status_code == 200 and response.data == PDF
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
    for email in ("other@example.com", "other.manager@example.com"):
        assert make_app_client_for(email).get(
            f"/artifacts/{artifact.id}/attachments/{stored.id}").status_code == 404

    assert post_form(client, f"/artifacts/{artifact.id}/attachments/{stored.id}/delete").status_code == 302
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
    assert not os.path.exists(path)


def make_app_client_for(email):
    from flask import current_app
    client = current_app.test_client()
    login(client, email)
    return client


@pytest.mark.parametrize("name, data, message", [
    ("notes.exe", b"MZ...", "Attach a PDF"),
    ("fake.pdf", b"<html><script>alert(1)</script>", "does not look like a .pdf"),
    ("photo.png", b"\xff\xd8\xff\xe0 jpeg bytes", "does not look like a .png"),
    ("notes.txt", b"\xff\xfe\x00bad", "is not UTF-8 text"),
    ("empty.pdf", b"", "The file is empty."),
    ("", PDF, "Attach a PDF"),
])
def test_bad_files_are_refused_and_nothing_is_stored(org, name, data, message):
    artifact = org.log(org.candidate)
    before = set(os.listdir(attachments.upload_folder()))
    with pytest.raises(ValidationError) as error:
        attachments.add_attachment(org.candidate, artifact, name, data)
    assert message in error.value.fields["file"]
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
    assert set(os.listdir(attachments.upload_folder())) == before


def test_attaching_to_verified_evidence_sends_it_back_for_verification(org):
    artifact = org.log(org.candidate)
    attachments.add_attachment(org.candidate, artifact, "proof.csv", b"month,cost\n1,10\n")
    assert artifact.state == "submitted"
    assert "Attached proof.csv" in artifact.events[-1].comment


def test_only_editors_attach_and_only_viewers_download(org):
    artifact = org.log(org.candidate)
    with pytest.raises(Forbidden):
        attachments.add_attachment(org.manager, artifact, "x.pdf", PDF)
    stored = attachments.add_attachment(org.candidate, artifact, "x.pdf", PDF)
    with pytest.raises(NotFound):
        attachments.load_attachment(org.other, artifact.id, stored.id)
    assert attachments.load_attachment(org.manager, artifact.id, stored.id) is stored
    with pytest.raises(NotFound):
        attachments.load_attachment(org.candidate, artifact.id, stored.id + 1)
    with pytest.raises(Forbidden):
        attachments.remove_attachment(org.manager, stored)


def test_uploads_over_the_limit_get_413_and_store_nothing(another_app, org):
    artifact_id = org.log(org.candidate).id
    small = another_app(MAX_CONTENT_LENGTH=1024)
    client = small.test_client()
    login(client, "candidate@example.com")
    assert upload(client, artifact_id, "big.pdf", PDF + b"0" * 4096).status_code == 413
    assert upload(client, artifact_id, "small.pdf", PDF).status_code == 302
    db.session.expire_all()
    assert [a.filename for a in db.session.get(Artifact, artifact_id).attachments] == ["small.pdf"]


def test_a_missing_file_is_a_404_and_can_still_be_removed(client, org):
    artifact = org.log(org.candidate)
    stored = attachments.add_attachment(org.candidate, artifact, "lost.pdf", PDF)
    os.remove(os.path.join(attachments.upload_folder(), stored.stored_name))
    login(client, "candidate@example.com")
    url = f"/artifacts/{artifact.id}/attachments/{stored.id}"
    response = client.get(url)
    assert response.status_code == 404 and "missing from the server" in response.get_data(as_text=True)
    assert post_form(client, url + "/delete").status_code == 302
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_names_keep_their_extension_and_text_is_served_once_labelled(client, org):
    artifact = org.log(org.candidate)
    named = attachments.add_attachment(org.candidate, artifact, "报告.pdf", PDF)
    long = attachments.add_attachment(org.candidate, artifact, "x" * 250 + ".pdf", PDF)
    text = attachments.add_attachment(org.candidate, artifact, "../../etc/notes.txt", b"plain")
    assert named.filename == "file.pdf"
    assert long.filename.endswith(".pdf") and len(long.filename) <= 200
    assert text.filename == "notes.txt"
    login(client, "candidate@example.com")
    response = client.get(f"/artifacts/{artifact.id}/attachments/{text.id}")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, no-store"
    response.close()


def test_a_transaction_that_fails_later_leaves_no_file_behind(org):
    from tracker.transaction import unit_of_work
    artifact = org.log(org.candidate)
    before = set(os.listdir(attachments.upload_folder()))
    with pytest.raises(RuntimeError), unit_of_work():
        attachment = attachments.add_attachment(org.candidate, artifact, "x.pdf", PDF)
        assert os.path.exists(os.path.join(attachments.upload_folder(), attachment.stored_name))
        raise RuntimeError("a later step of the same use case failed")
    assert set(os.listdir(attachments.upload_folder())) == before
    assert db.session.get(type(artifact), artifact.id).attachments == []


def test_a_removal_deletes_the_bytes_only_when_it_commits(org):
    from tracker.transaction import unit_of_work
    artifact = org.log(org.candidate)
    attachment = attachments.add_attachment(org.candidate, artifact, "keep.pdf", PDF)
    db.session.commit()
    path = os.path.join(attachments.upload_folder(), attachment.stored_name)
    with pytest.raises(RuntimeError), unit_of_work():
        attachments.remove_attachment(org.candidate, attachment)
        raise RuntimeError("changed our mind")
    assert os.path.exists(path)  # rolled back: the row and its file are both still there
    with unit_of_work():
        attachments.remove_attachment(org.candidate, db.session.merge(attachment))
    assert not os.path.exists(path)


def test_uploading_through_the_page_as_the_author_manager(client, org):
    from tracker.artifacts.service import create_artifact
    from datetime import date
    artifact = create_artifact(org.manager, org.candidate, {"type": "other", "title": "Observed",
                               "occurred_on": "2026-10-01"}, today=date(2026, 11, 21))
    login(client, "manager@example.com")
    assert upload(client, artifact.id, "observation.md", b"# Seen in the QBR").status_code == 302
    db.session.expire_all()
    assert [a.filename for a in db.session.get(Artifact, artifact.id).attachments] == ["observation.md"]
