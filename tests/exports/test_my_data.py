"""My data: GET /api/v1/me/export and /my-data.zip, a zip of everything the caller owns."""
import copy
import hashlib
import io
import json
import os
import re
import zipfile
from datetime import date
from pathlib import Path

import jsonschema_rs
import pytest

from tests.api.helpers import CANDIDATE, MANAGER, assert_error
from tests.conftest import login
from tests.reviews.helpers import act, close, schedule
from tracker.artifacts.attachments import add_attachment, upload_folder
from tracker.extensions import db
from tracker.models import Artifact, Attachment
from tracker.reviews import contributions
from tracker.reviews.questions import QUESTIONS
from tracker.reviews.self_assessment import record_self_assessment

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA = json.loads((DOCS / "my-data.schema.json").read_text())
REPORT, CHART = b"Spend fell by a third.\n", b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def objects_in(node):
    """Every JSON object in a schema, nested ones included."""
    if isinstance(node, dict):
        yield node
        children = node.values()
    else:
        children = node if isinstance(node, list) else ()
    for child in children:
        yield from objects_in(child)


def closed(schema):
    """The schema with no fields beyond those it describes: the export documents every field
    (the published schema stays open, since a version may gain fields)."""
    schema = copy.deepcopy(schema)
    for node in objects_in(schema):
        if "properties" in node:
            node.setdefault("additionalProperties", False)
    return schema


VALIDATOR = jsonschema_rs.Draft202012Validator(closed(SCHEMA), validate_formats=True)


@pytest.fixture()
def owned(evidence):
    """The candidate's evidence (tests/exports/conftest.py) with files, a self-assessment, a
    closed session with a private note from each side and a shared one, and a scheduled
    session with a private note from the manager."""
    org = evidence
    artifact = db.session.scalars(db.select(Artifact).where(Artifact.title == "Cut cloud spend")).one()
    add_attachment(org.candidate, artifact, "report.txt", REPORT)
    add_attachment(org.candidate, artifact, "report.txt", REPORT + b"v2")
    add_attachment(org.candidate, artifact, "chart.png", CHART)
    record_self_assessment(org.candidate, org.candidate, {
        "answers": [{"question": q.slug, "rating": 3} for q in QUESTIONS],
        "ratings": {"vp_engineering": {"planning": "em"}}})
    db.session.commit()
    review = schedule(org)
    contributions.add_note(org.manager, review, {"body": "Mia's private worry", "private": True})
    contributions.add_note(org.candidate, review, {"body": "Cara's private prep", "private": True})
    contributions.add_note(org.manager, review, {"body": "Shared agenda note"})
    contributions.set_agreed_levels(org.manager, review, {"framework": "vp_engineering", "levels": [
        {"competency": "planning", "level": "em", "rationale": "Seen it"}]})
    db.session.commit()
    act(review, CANDIDATE, "Write the hiring plan", due=date(2026, 12, 15))
    close(review)
    later = schedule(org, when="2026-12-17T14:00:00+00:00")
    contributions.add_note(org.manager, later, {"body": "Mia's second secret", "private": True})
    db.session.commit()
    return org


def unzip(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    assert re.fullmatch(r'attachment; filename=my-data-\d{4}-\d\d-\d\d\.zip', response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()
    return archive


def exported(api, email):
    archive = unzip(api.get("/me/export", as_=email))
    data = json.loads(archive.read("my-data.json"))
    errors = [f"{error.instance_path}: {error.message}" for error in VALIDATOR.iter_errors(data)]
    assert not errors, errors
    return archive, data


def test_the_zip_holds_the_json_the_files_and_the_brag_document(api, owned):
    archive, data = exported(api, CANDIDATE)
    assert (data["format"], data["version"]) == ("tracker-my-data", 1)
    assert data["person"] == {**data["person"], "email": CANDIDATE, "name": "Cara Candidate", "timezone": "UTC",
                              "manager": MANAGER, "targets": {"frameworks": ["vp_engineering"],
                                                              "primary": "vp_engineering"}}
    files = [a for item in data["evidence"] for a in item["attachments"]]
    assert sorted(f["path"] for f in files) == sorted(
        name for name in archive.namelist() if name.startswith("attachments/"))
    assert len({f["path"] for f in files}) == 3  # two files of the same name both kept
    for file in files:
        content = archive.read(file["path"])
        assert hashlib.sha256(content).hexdigest() == file["sha256"] and len(content) == file["size"]
    assert archive.read(next(f["path"] for f in files if f["filename"] == "chart.png")) == CHART
    brag = archive.read("brag-document.md").decode()
    assert brag.startswith("# Brag document") and "Cloud spend: 120 -> 80 k (-33%)" in brag
    assert "Private reflection" in brag and "Otto" not in brag and "Deleted thing" not in brag


def test_all_the_evidence_of_the_person_and_nobody_elses(api, owned):
    _, data = exported(api, CANDIDATE)
    by_title = {item["title"]: item for item in data["evidence"]}
    assert set(by_title) == {"Cut cloud spend", "Hiring plan for platform", "Private reflection",
                             "Ran the quarterly planning", "Deleted thing"}
    private = by_title["Private reflection"]
    assert (private["visibility"], private["state"]) == ("private", "draft")
    assert by_title["Deleted thing"]["deleted"] is True
    cut = by_title["Cut cloud spend"]
    assert cut["claims"][0] == {"framework": "vp_engineering", "competency": "planning", "level": "em"}
    assert cut["metrics"][0]["name"] == "Cloud spend" and cut["links"] == ["https://example.com/memo"]
    assert cut["verification"]["by_name"] == "Mia Manager" and cut["verification"]["comment"] == "Seen it."
    assert [event["kind"] for event in cut["history"]][:2] == ["created", "verified"]
    assert [row["answers"][0]["rating"] for row in data["self_assessments"]] == [3]
    assert {n["kind"] for n in data["notifications"]} == {"verified"}


def test_only_the_notes_the_candidate_may_read(api, owned):
    _, data = exported(api, CANDIDATE)
    first, second = data["review_sessions"]
    assert (first["state"], second["state"]) == ("closed", "scheduled")
    assert [note["body"] for note in first["notes"]] == ["Cara's private prep", "Shared agenda note"]
    assert second["notes"] == []
    assert first["agreed_levels"][0]["level"] == "em"
    assert first["action_items"][0]["title"] == "Write the hiring plan"
    assert first["agenda"] == {**first["agenda"], "previous_session": None}
    text = json.dumps(data)
    assert "Mia's private worry" not in text and "Mia's second secret" not in text


def test_a_managers_export_holds_their_own_evidence_not_their_reports(api, owned):
    owned.log(owned.manager, occurred_on=date(2026, 6, 1), title="Mia's own reorg")
    archive, data = exported(api, MANAGER)
    assert [item["title"] for item in data["evidence"]] == ["Mia's own reorg"]
    assert data["review_sessions"] == [] and data["self_assessments"] == []
    assert not [name for name in archive.namelist() if name.startswith("attachments/")]
    brag = archive.read("brag-document.md").decode()
    assert "Mia's own reorg" in brag and "Cut cloud spend" not in brag
    assert "Cara's private prep" not in json.dumps(data)


def test_a_file_missing_from_the_server_is_left_out_and_said_so(api, owned):
    lost = db.session.scalars(db.select(Attachment).where(Attachment.filename == "chart.png")).one()
    os.remove(os.path.join(upload_folder(), lost.stored_name))
    archive, data = exported(api, CANDIDATE)
    files = {a["filename"]: a for item in data["evidence"] for a in item["attachments"]}
    assert files["chart.png"]["path"] is None and files["report.txt"]["path"] in archive.namelist()


def test_someone_with_nothing_gets_an_empty_export(api, org):
    archive, data = exported(api, "other@example.com")
    assert data["evidence"] == data["review_sessions"] == data["notifications"] == []
    assert "No verified business outcome" in archive.read("brag-document.md").decode()


def test_the_brag_document_holds_the_newest_pieces_a_document_may(api, org, monkeypatch):
    monkeypatch.setattr("tracker.exports.brag.MAX_ENTRIES", 2)
    monkeypatch.setattr("tracker.exports.my_data.MAX_ENTRIES", 2)
    for day, title in ((date(2024, 1, 5), "Oldest"), (date(2025, 2, 1), "Middle"), (date(2026, 3, 1), "Newest")):
        org.log(org.candidate, occurred_on=day, title=title)
    archive, data = exported(api, CANDIDATE)
    brag = archive.read("brag-document.md").decode()
    assert "Newest" in brag and "Middle" in brag and "Oldest" not in brag
    assert len(data["evidence"]) == 3


def test_the_api_needs_a_token_and_no_parameters(api, org):
    assert_error(api.get("/me/export"), 401)
    assert_error(api.get("/me/export?owner=other@example.com", as_=CANDIDATE), 422)


def test_the_page_and_the_download_on_the_web(client, owned):
    for path in ("/my-data", "/my-data.zip"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    login(client, CANDIDATE)
    assert 'href="/my-data"' in client.get("/").get_data(as_text=True)
    assert 'href="/my-data"' in client.get("/settings").get_data(as_text=True)
    page = client.get("/my-data").get_data(as_text=True)
    assert 'href="/my-data.zip"' in page and "Download my data (zip)" in page
    archive = unzip(client.get("/my-data.zip"))
    data = json.loads(archive.read("my-data.json"))
    assert data["person"]["email"] == CANDIDATE and "Mia's private worry" not in json.dumps(data)


def test_the_documentation_names_every_field():
    """docs/my-data.md describes each field the schema lists."""
    text = (DOCS / "my-data.md").read_text()
    names = {name for node in objects_in(SCHEMA) for name in node.get("properties", {})}
    assert not [name for name in sorted(names) if not re.search(rf"\b{name}\b", text)]
