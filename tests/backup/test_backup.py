"""`flask export --all` and `flask import`: a backup made of data built through the services
restores into an empty database exactly (exporting the restored database gives the same
tables and files), refuses what it must, and leaves nothing behind when it refuses."""
import hashlib
import json
import os
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from tests.conftest import dispose, login, make_app, scratch_database
from tests.reviews.helpers import act, close, schedule
from tracker.artifacts.attachments import add_attachment
from tracker.auth.service import create_user
from tracker.database_cli import upgrade_database
from tracker.extensions import db
from tracker.reviews import contributions
from tracker.reviews.questions import QUESTIONS
from tracker.reviews.self_assessment import record_self_assessment

REPORT = b"Quarterly report: cloud spend down 32%.\n"


@pytest.fixture()
def empty_url(tmp_path):
    """A second database with nothing in it: a file on SQLite, a new database on PostgreSQL."""
    with scratch_database(tmp_path, "tracker_backup_check") as url:
        yield url


@pytest.fixture()
def restored(empty_url, tmp_path):
    """An app on the empty database, migrated as `db upgrade` leaves it, with its own uploads."""
    app = make_app(empty_url, UPLOAD_DIR=str(tmp_path / "restored-uploads"))
    with app.app_context():
        upgrade_database()
        db.session.remove()
    yield app
    dispose(app)


def build(org):
    """Evidence with claims, metrics and a file; a self-assessment; a closed review session."""
    artifact = org.log(org.candidate, [("metrics", "em"), ("planning", "em")], title="Cut cloud spend",
                       summary="Saved **32%** of hosting.", links=["https://wiki.example/cloud"],
                       metrics=[{"name": "Hosting cost", "baseline": 90.5, "result": 61.25, "unit": "k$",
                                 "category": "cost"}])
    org.log(org.candidate, [("hiring", "em")], occurred_on=date(2026, 4, 2), state="draft", title="Hiring loop")
    attachment = add_attachment(org.candidate, artifact, "report.txt", REPORT)
    db.session.commit()
    record_self_assessment(org.candidate, org.candidate, {
        "answers": [{"question": q.slug, "rating": 3} for q in QUESTIONS],
        "ratings": {"vp_engineering": {"planning": "em"}}})
    db.session.commit()
    review = schedule(org)
    contributions.add_note(org.manager, review, {"body": "Shared note"})
    contributions.add_note(org.candidate, review, {"body": "My own note", "private": True})
    contributions.set_agreed_levels(org.manager, review, {"framework": "vp_engineering", "levels": [
        {"competency": "planning", "level": "em", "rationale": "Seen it"}]})
    db.session.commit()
    act(review, "candidate@example.com", "Write the hiring plan", due=date(2026, 12, 15))
    act(review, "manager@example.com", "Introduce Cara to finance", done=True)
    close(review)
    return artifact, attachment


def cli(app, *args):
    """Run a command of `app` in its own application context, as `flask --app` would."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def tables_of(path):
    with zipfile.ZipFile(path) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist() if name.startswith("tables/")}


def manifest_of(path):
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def rewritten(source, target, changes):
    """A copy of the backup at `source` with some entries' bytes replaced."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for name in original.namelist():
            copy.writestr(name, changes.get(name, original.read(name)))
    return target


def rows_of(app):
    """Every row of every table, as the application reads them (aware datetimes, dates,
    decoded JSON, bytes)."""
    with app.app_context():
        with db.engine.connect() as connection:
            return {table.name: [tuple(row) for row in connection.execute(
                sa.select(table).order_by(*table.primary_key.columns))] for table in db.metadata.sorted_tables}


def people_and_evidence(app):
    with app.app_context():
        return (db.session.scalar(sa.text("SELECT count(*) FROM users")),
                db.session.scalar(sa.text("SELECT count(*) FROM artifacts")))


def test_a_backup_restores_into_an_empty_database_exactly(app, org, restored, tmp_path):
    artifact, attachment = build(org)
    first, second = str(tmp_path / "first.zip"), str(tmp_path / "second.zip")
    exported = cli(app, "export", "--all", "-o", first)
    assert exported.exit_code == 0, exported.output
    manifest = manifest_of(first)
    assert manifest["format"] == "tracker-backup" and manifest["schema_revision"]
    assert manifest["tables"]["artifacts"] == 2 and manifest["tables"]["review_notes"] == 2
    assert manifest["attachments"] == [{"id": attachment.id, "stored_name": attachment.stored_name,
                                        "path": f"attachments/{attachment.stored_name}",
                                        "sha256": hashlib.sha256(REPORT).hexdigest(), "size": len(REPORT)}]

    imported = cli(restored, "import", first)
    assert imported.exit_code == 0, imported.output
    assert "Importing: " in imported.output and "search index rebuilt" in imported.output
    assert cli(restored, "export", "--all", "-o", second).exit_code == 0
    assert tables_of(second) == tables_of(first)
    assert manifest_of(second)["attachments"] == manifest["attachments"]
    assert rows_of(restored) == rows_of(app)
    with open(os.path.join(restored.config["UPLOAD_DIR"], attachment.stored_name), "rb") as restored_file:
        assert restored_file.read() == REPORT
    assert sorted(os.listdir(restored.config["UPLOAD_DIR"])) == [attachment.stored_name]

    client = restored.test_client()
    login(client, "candidate@example.com")
    page = client.get("/artifacts/")
    assert page.status_code == 200 and "Cut cloud spend" in page.text and "Hiring loop" in page.text
    assert "Cut cloud spend" in client.get("/artifacts/?q=hosting").text  # the search index was rebuilt
    download = client.get(f"/artifacts/{artifact.id}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.data == REPORT

    highest = max(row[0] for row in rows_of(restored)["users"])
    with restored.app_context():  # new rows get ids after the restored ones
        newcomer = create_user("new@example.com", "New Person", "long-enough-password")
        db.session.commit()
        assert newcomer.id == highest + 1


def test_a_database_with_people_is_refused_unless_replace_is_given(app, org, tmp_path):
    build(org)
    backup = str(tmp_path / "backup.zip")
    assert cli(app, "export", "--all", "-o", backup).exit_code == 0
    before = rows_of(app)

    refused = cli(app, "import", backup)
    assert refused.exit_code == 1
    assert "already holds 6 people and 2 pieces of evidence" in refused.output and "--replace" in refused.output
    assert rows_of(app) == before

    org.log(org.other, [("hiring", "em")], title="Logged after the backup")
    replaced = cli(app, "import", "--replace", backup)
    assert replaced.exit_code == 0, replaced.output
    assert rows_of(app) == before


def test_a_tampered_attachment_refuses_the_whole_import(app, org, restored, tmp_path):
    _artifact, attachment = build(org)
    backup = str(tmp_path / "backup.zip")
    assert cli(app, "export", "--all", "-o", backup).exit_code == 0
    tampered = rewritten(backup, str(tmp_path / "tampered.zip"),
                         {f"attachments/{attachment.stored_name}": REPORT.replace(b"32", b"52")})
    frameworks = rows_of(restored)["frameworks"]

    refused = cli(restored, "import", tampered)
    assert refused.exit_code == 1
    assert "does not match its SHA-256" in refused.output and "Nothing was imported" in refused.output
    assert people_and_evidence(restored) == (0, 0)
    assert rows_of(restored)["frameworks"] == frameworks  # the bundled ones, as `db upgrade` left them
    assert os.listdir(restored.config["UPLOAD_DIR"]) == []


def test_a_backup_of_another_schema_revision_is_refused(app, org, restored, tmp_path):
    build(org)
    backup = str(tmp_path / "backup.zip")
    assert cli(app, "export", "--all", "-o", backup).exit_code == 0
    manifest = manifest_of(backup)
    head = manifest["schema_revision"]
    older = rewritten(backup, str(tmp_path / "older.zip"),
                      {"manifest.json": json.dumps({**manifest, "schema_revision": "0001"})})

    newer = rewritten(backup, str(tmp_path / "newer.zip"),
                      {"manifest.json": json.dumps({**manifest, "schema_revision": "9999"})})

    refused = cli(restored, "import", older)
    assert refused.exit_code == 1
    assert f"made at schema revision 0001; this database is at {head}" in refused.output
    assert "with the tracker version that made it, then upgrade the tracker and run `flask --app tracker db upgrade`" \
        in refused.output
    refused = cli(restored, "import", newer)
    assert refused.exit_code == 1
    assert "does not know that revision: upgrade the tracker" in refused.output
    assert people_and_evidence(restored) == (0, 0)


def test_damaged_rows_refuse_the_whole_import(app, org, restored, tmp_path):
    build(org)
    backup = str(tmp_path / "backup.zip")
    assert cli(app, "export", "--all", "-o", backup).exit_code == 0
    claims = tables_of(backup)["tables/claims.json"]
    doubled = {**claims, "rows": claims["rows"] + claims["rows"][:1]}
    manifest = manifest_of(backup)
    short = rewritten(backup, str(tmp_path / "short.zip"), {"tables/claims.json": json.dumps(doubled)})
    clash = rewritten(short, str(tmp_path / "clash.zip"), {"manifest.json": json.dumps(
        {**manifest, "tables": {**manifest["tables"], "claims": len(doubled["rows"])}})})

    refused = cli(restored, "import", short)
    count = len(claims["rows"])
    assert refused.exit_code == 1 and f"holds {count + 1} rows but the manifest says {count}" in refused.output
    refused = cli(restored, "import", clash)
    assert refused.exit_code == 1 and "The backup's rows of claims do not fit this database" in refused.output
    assert people_and_evidence(restored) == (0, 0)
    assert os.listdir(restored.config["UPLOAD_DIR"]) == []


def test_an_export_with_a_missing_file_stops_and_writes_nothing(app, org, tmp_path):
    _artifact, attachment = build(org)
    os.remove(os.path.join(app.config["UPLOAD_DIR"], attachment.stored_name))
    stopped = cli(app, "export", "--all", "-o", str(tmp_path / "backup.zip"))
    assert stopped.exit_code == 1
    assert f"attachment {attachment.id} has no file" in stopped.output
    assert os.listdir(tmp_path) == []


def test_export_needs_all_and_import_needs_a_backup(app, tmp_path):
    assert "Give --all" in cli(app, "export", "-o", str(tmp_path / "x.zip")).output
    not_a_zip = tmp_path / "notes.zip"
    not_a_zip.write_text("hello")
    refused = cli(app, "import", str(not_a_zip))
    assert refused.exit_code == 1 and "Cannot read" in refused.output
