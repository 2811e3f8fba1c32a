"""The 30-second log: five fields and a file, logged and sent for verification in one step;
bad input comes back with its message and saves nothing."""
import io
from datetime import date

from sqlalchemy import func, select

from tests.conftest import csrf_token, login
from tracker.extensions import db
from tracker.models import Artifact, Attachment

GOOD = {"title": "Cut checkout p95 latency by 40%", "category": "speed", "occurred_on": "2026-10-20",
        "metric_name": "p95 latency", "metric_baseline": "480", "metric_result": "290", "metric_unit": "ms",
        "summary": "Agreed with product to pause two features for a sprint.", "claim": "planning:emerging_vp"}


def post_quick(client, data, file=None):
    form = {**data, "csrf_token": csrf_token(client, "/artifacts/quick")}
    if file is not None:
        form["file"] = file
    return client.post("/artifacts/quick", data=form, content_type="multipart/form-data")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_form_offers_the_primary_targets_claims_and_the_reminders_date(client, org):
    login(client, "candidate@example.com")
    page = client.get("/artifacts/quick?on=2026-10-31").get_data(as_text=True)
    assert 'name="occurred_on" value="2026-10-31"' in page
    assert '<option value="planning:emerging_vp" >Planning and prioritisation · Emerging VP</option>' in page
    assert page.count('<option value="') == 8 * 3 + 1 + 4  # claims, "no claim yet", outcome categories
    future = client.get("/artifacts/quick?on=2999-01-01").get_data(as_text=True)
    assert f'value="{date.today().isoformat()}"' in future  # a date to come falls back to today
    assert 'href="/artifacts/quick">Quick note</a>' in page  # one click away from every page


def test_a_quick_note_is_logged_with_its_number_claim_and_file_and_sent_for_verification(client, org):
    login(client, "candidate@example.com")
    response = post_quick(client, GOOD, (io.BytesIO(b"before/after dashboards"), "latency.txt"))
    assert response.status_code == 302
    artifact = db.session.scalar(select(Artifact))
    assert (artifact.type, artifact.state, artifact.occurred_on) == ("impact_note", "submitted", date(2026, 10, 20))
    assert [(m.name, m.baseline, m.result, m.unit, m.category) for m in artifact.metrics] == [
        ("p95 latency", 480.0, 290.0, "ms", "speed")]
    assert [(c.competency.slug, c.level.slug) for c in artifact.claims] == [("planning", "emerging_vp")]
    assert [a.filename for a in artifact.attachments] == ["latency.txt"]
    assert response.headers["Location"] == f"/artifacts/{artifact.id}"


def test_the_fewest_fields_are_a_title(client, org):
    login(client, "candidate@example.com")
    assert post_quick(client, {"title": "Hired our first staff engineer", "category": "speed"}).status_code == 302
    artifact = db.session.scalar(select(Artifact))
    assert (artifact.metrics, artifact.claims, artifact.occurred_on) == ([], [], date.today())


def test_bad_input_comes_back_with_its_message_and_keeps_what_was_typed(client, org):
    login(client, "candidate@example.com")
    response = post_quick(client, {**GOOD, "title": "", "metric_result": "a lot", "claim": "planning:wizard"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was saved yet." in page
    assert "Title" in page and "Must be a number." in page
    assert 'value="p95 latency"' in page and "Agreed with product" in page
    assert count(Artifact) == 0


def test_a_refused_file_leaves_no_note_behind(client, org):
    login(client, "candidate@example.com")
    response = post_quick(client, GOOD, (io.BytesIO(b"MZ\x90\x00binary"), "tool.exe"))
    assert response.status_code == 422 and "Nothing was saved yet." in response.get_data(as_text=True)
    assert count(Artifact) == 0 and count(Attachment) == 0


def test_the_quick_form_needs_a_csrf_token_and_a_sign_in(client, org):
    assert client.get("/artifacts/quick").status_code == 302  # to the sign-in page
    login(client, "candidate@example.com")
    assert client.post("/artifacts/quick", data=GOOD).status_code == 400
    assert count(Artifact) == 0
