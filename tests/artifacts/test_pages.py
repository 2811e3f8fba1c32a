from datetime import date

from sqlalchemy import func, select

from tests.conftest import login, post_form
from tracker.extensions import db
from tracker.markdown import render_markdown
from tracker.models import Artifact

FORM = {"type": "strategy_memo", "title": "Platform strategy", "occurred_on": "2026-10-01",
        "summary": "Three bets for next year.", "visibility": "manager", "metric_rows": "3",
        "metric-0-name": "Infra cost", "metric-0-baseline": "120", "metric-0-result": "90",
        "metric-0-unit": "k$", "metric-0-category": "cost", "claim-planning": "emerging_vp",
        "claim-metrics": "em", "action": "submit"}


def artifacts_count():
    return db.session.scalar(select(func.count(Artifact.id)))


def test_logging_evidence_through_the_form(client, org):
    login(client, "candidate@example.com")
    response = post_form(client, "/artifacts/new", FORM)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Platform strategy" in page and "Awaiting verification" in page
    assert "Infra cost" in page and "120 k$" in page and "90 k$" in page
    artifact = db.session.scalar(select(Artifact))
    assert sorted((c.competency.slug, c.level.slug) for c in artifact.claims) == [
        ("metrics", "em"), ("planning", "emerging_vp")]


def test_a_draft_stays_a_draft(client, org):
    login(client, "candidate@example.com")
    post_form(client, "/artifacts/new", {**FORM, "action": "draft"})
    assert db.session.scalar(select(Artifact.state)) == "draft"


def test_bad_form_input_re_renders_with_messages_and_keeps_what_was_typed(client, org):
    login(client, "candidate@example.com")
    bad = {**FORM, "title": "", "occurred_on": "2099-01-01", "metric-0-result": "ninety"}
    response = post_form(client, "/artifacts/new", bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved yet" in page
    assert "This field is required." in page
    assert "cannot be in the future" in page
    assert "Must be a number." in page
    assert "Three bets for next year." in page and 'value="ninety"' in page
    assert 'value="emerging_vp" checked' in page
    assert artifacts_count() == 0


def test_editing_verified_evidence_says_it_needs_verifying_again(client, org):
    artifact = org.log(org.candidate, [("planning", "em")])
    login(client, "candidate@example.com")
    form = client.get(f"/artifacts/{artifact.id}/edit").get_data(as_text=True)
    assert 'value="Cut cloud spend"' in form and 'value="em" checked' in form
    response = post_form(client, f"/artifacts/{artifact.id}/edit",
                         {**FORM, "title": "Cut cloud spend, again"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "awaits verification again" in page
    db.session.expire_all()
    assert db.session.get(Artifact, artifact.id).state == "submitted"


def test_sending_back_without_a_comment_explains_why(client, org):
    artifact = org.log(org.candidate, state="submitted")
    login(client, "manager@example.com")
    response = post_form(client, f"/artifacts/{artifact.id}/verification",
                         {"decision": "changes_requested", "back": "queue", "comment": "  ",
                          "version": str(artifact.version)})
    assert response.status_code == 422  # the queue again, the message on the card it is about
    page = response.get_data(as_text=True)
    card = page[page.index(f'id="queue-{artifact.id}"'):]
    assert f'id="error-{artifact.id}" role="alert">Say what should change' in card
    db.session.expire_all()
    assert db.session.get(Artifact, artifact.id).state == "submitted"


def test_queue_dashboard_and_team_show_the_reports(client, org):
    org.log(org.candidate, title="Hiring plan for Q3", state="submitted")
    for day in (date(2026, 3, 1), date(2026, 4, 1)):
        org.log(org.candidate, [("hiring", "emerging_vp")], day)
    login(client, "manager@example.com")
    assert "1 item awaiting your verification" in client.get("/").get_data(as_text=True)
    assert "Hiring plan for Q3" in client.get("/artifacts/queue").get_data(as_text=True)
    team = client.get("/team").get_data(as_text=True)
    assert "Cara Candidate" in team and "Emerging VP" in team


def test_list_filters_and_trash(client, org):
    kept = org.log(org.candidate, title="Roadmap review", type="roadmap")
    gone = org.log(org.candidate, title="Old note")
    login(client, "candidate@example.com")
    assert "Old note" not in client.get("/artifacts/?type=roadmap").get_data(as_text=True)
    assert "Roadmap review" in client.get("/artifacts/?q=roadmap").get_data(as_text=True)
    row = ">Old note</a>"
    post_form(client, f"/artifacts/{gone.id}/delete")
    assert row not in client.get("/artifacts/").get_data(as_text=True)
    assert row in client.get("/artifacts/trash").get_data(as_text=True)
    post_form(client, f"/artifacts/{gone.id}/restore")
    assert row in client.get("/artifacts/").get_data(as_text=True)
    assert kept.id != gone.id


def test_markdown_is_sanitised():
    html = str(render_markdown('Hi <script>alert(1)</script> [x](javascript:alert(2)) '
                               '<img src=x onerror=alert(3)> **bold** [ok](https://example.com)'))
    assert "<script" not in html and 'href="javascript:' not in html and "<img" not in html
    assert "<strong>bold</strong>" in html and 'href="https://example.com"' in html


def test_summary_markdown_is_sanitised_on_the_page(client, org):
    artifact = org.log(org.candidate, summary="<script>alert(1)</script> *fine*")
    login(client, "candidate@example.com")
    page = client.get(f"/artifacts/{artifact.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<em>fine</em>" in page


def test_list_past_the_last_page_and_unknown_filters(client, org):
    org.log(org.candidate, title="Only one")
    login(client, "candidate@example.com")
    response = client.get("/artifacts/?page=999999&q=only")
    assert response.status_code == 302 and "page=1" in response.headers["Location"]
    page = client.get("/artifacts/?state=bogus&type=bogus").get_data(as_text=True)
    assert ">Only one</a>" in page  # unknown filters are ignored, not silently empty


def test_error_summary_speaks_in_labels(client, org):
    from tracker.artifacts.forms import field_label
    assert field_label("metrics[0].baseline") == "Metric 1: baseline"
    assert field_label("occurred_on") == "Date"
    login(client, "candidate@example.com")
    page = post_form(client, "/artifacts/new", {**FORM, "metric-0-baseline": "lots"}).get_data(as_text=True)
    assert "<strong>Metric 1: baseline</strong>: Must be a number." in page
