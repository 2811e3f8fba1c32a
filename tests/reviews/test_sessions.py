"""Review sessions on the web: scheduling, the rules of who does what, agreed levels and
the three-way view, conflicts, and that a closed session takes no more changes."""
import re

import pytest
from sqlalchemy import select

from tests.conftest import login, post_form
from tests.reviews.helpers import close, schedule, version_on
from tracker.extensions import db
from tracker.models import ReviewNote, ReviewSession
from tracker.reviews import contributions


def test_a_bad_schedule_form_says_what_is_wrong_and_keeps_what_was_typed(client, org):
    login(client, "manager@example.com")
    page = post_form(client, "/reviews", {"candidate": org.candidate.id, "date": "2026-13-40", "time": "09:00",
                                          "duration_minutes": "5", "location": "Room with a view"},
                     token_from="/reviews")
    assert page.status_code == 422
    assert "Must be a real date and time." in page.text and "from 15 to 480" in page.text
    assert 'value="Room with a view"' in page.text and 'value="5"' in page.text
    assert db.session.scalar(select(db.func.count()).select_from(ReviewSession)) == 0


@pytest.mark.parametrize("email, candidate", [("candidate@example.com", "candidate"),
                                              ("other.manager@example.com", "candidate"),
                                              ("boss@example.com", "candidate")])
def test_only_the_direct_manager_or_an_admin_schedules(client, org, email, candidate):
    login(client, email)
    page = post_form(client, "/reviews", {"candidate": getattr(org, candidate).id, "date": "2026-12-03",
                                          "time": "09:00", "duration_minutes": "30"}, token_from="/reviews")
    assert page.status_code == 422 and "Must be one of your reports" in page.text
    assert db.session.scalar(select(db.func.count()).select_from(ReviewSession)) == 0


def test_an_admin_schedules_with_anyone_active(client, org):
    login(client, "admin@example.com")
    response = post_form(client, "/reviews", {"candidate": org.other.id, "date": "2026-12-03", "time": "09:00",
                                              "duration_minutes": "30"}, token_from="/reviews")
    assert response.status_code == 302
    review = db.session.scalar(select(ReviewSession))
    assert (review.candidate_id, review.manager_id) == (org.other.id, org.admin.id)


@pytest.mark.parametrize("email, status", [("candidate@example.com", 200), ("manager@example.com", 200),
                                           ("boss@example.com", 200), ("admin@example.com", 200),
                                           ("other.manager@example.com", 404), ("other@example.com", 404)])
def test_who_sees_a_session(client, org, email, status):
    review = schedule(org)
    login(client, email)
    assert client.get(f"/reviews/{review.id}").status_code == status
    assert client.get(f"/people/{org.candidate.id}/reviews").status_code == status


@pytest.mark.parametrize("email, path, status", [
    ("candidate@example.com", "close", 403), ("candidate@example.com", "agreed-levels", 403),
    ("boss@example.com", "notes", 403), ("boss@example.com", "topics", 403), ("boss@example.com", "close", 403),
    ("admin@example.com", "notes", 403), ("other.manager@example.com", "notes", 404),
])
def test_who_acts_in_a_session(client, org, email, path, status):
    review = schedule(org)
    login(client, email)
    response = post_form(client, f"/reviews/{review.id}/{path}",
                         {"version": review.version, "body": "x", "text": "x", "framework": "vp_engineering"},
                         token_from="/reviews")
    assert response.status_code == status
    assert db.session.scalar(select(db.func.count()).select_from(ReviewNote)) == 0
    db.session.refresh(review)
    assert review.state == "scheduled"


def test_either_side_adds_topics_notes_and_action_items(client, org):
    review = schedule(org)
    path = f"/reviews/{review.id}"
    login(client, "candidate@example.com")
    assert post_form(client, f"{path}/topics", {"text": "My scope next year"}, token_from=path).status_code == 302
    assert post_form(client, f"{path}/action-items", {"title": "Send the memo", "owner": "manager@example.com"},
                     token_from=path).status_code == 302
    page = client.get(path).text
    assert "My scope next year" in page and "Send the memo" in page
    bad = post_form(client, f"{path}/action-items", {"title": "", "owner": "boss@example.com", "due": "soon"},
                    token_from=path)
    assert bad.status_code == 422
    assert "This field is required." in bad.text and "Must be one of the two sides" in bad.text
    assert "Must be a date as YYYY-MM-DD." in bad.text


def test_agreed_levels_need_a_rationale_and_show_on_the_matrix_once_closed(client, org):
    org.log(org.candidate, [("planning", "em")])
    review = schedule(org)
    path = f"/reviews/{review.id}"
    login(client, "manager@example.com")
    missing = post_form(client, f"{path}/agreed-levels", {"framework": "vp_engineering", "version": review.version,
                                                          "level-planning": "emerging_vp"}, token_from=path)
    assert missing.status_code == 422 and "levels[0].rationale: This field is required." in missing.text
    assert re.search(r'<option value="emerging_vp" selected>', missing.text)  # what was chosen stays
    saved = post_form(client, f"{path}/agreed-levels", {
        "framework": "vp_engineering", "version": version_on(client.get(path).text),
        "level-planning": "emerging_vp", "rationale-planning": "Led the annual plan"}, token_from=path)
    assert saved.status_code == 302
    matrix = client.get(f"/readiness/{org.candidate.id}").text
    assert "data-agreed-level" not in matrix  # only closed sessions count
    close(review)
    matrix = client.get(f"/readiness/{org.candidate.id}").text
    row = re.search(r'<tr data-competency="planning".*?</th>', matrix, re.S).group(0)
    assert 'data-level=""' in row or 'data-level="em"' in row
    assert 'class="agreed-level disagrees" data-agreed-level="emerging_vp"' in row
    assert "Agreed in review: Emerging VP (above the evidence)" in row


def test_a_later_session_overrides_an_earlier_agreed_level(org):
    for level in ("em", "proven_vp"):
        review = schedule(org)
        contributions.set_agreed_levels(org.manager, review, {"framework": "vp_engineering", "levels": [
            {"competency": "hiring", "level": level, "rationale": "Seen it"}]})
        close(review)
    from tracker.readiness.service import readiness_for
    dimension = next(d for d in readiness_for(org.candidate).dimensions if d.competency.slug == "hiring")
    assert dimension.agreed_level.slug == "proven_vp" and dimension.level is None  # beside, never instead


def test_a_stale_close_is_refused_and_the_session_stays_open(client, org):
    review = schedule(org)
    path = f"/reviews/{review.id}"
    login(client, "manager@example.com")
    seen = version_on(client.get(path).text)
    contributions.set_agreed_levels(org.admin, review, {"framework": "vp_engineering", "levels": [
        {"competency": "hiring", "level": "em", "rationale": "Admin view"}]})
    db.session.commit()
    refused = post_form(client, f"{path}/close", {"version": seen}, token_from=path)
    assert refused.status_code == 409 and "changed after you opened it" in refused.text
    db.session.refresh(review)
    assert review.state == "scheduled"


def test_a_closed_session_takes_no_more_changes_but_items_can_be_ticked_off(client, org):
    review = schedule(org)
    item = contributions.add_action_item(org.manager, review, {"title": "Book the offsite",
                                                               "owner": "candidate@example.com"})
    db.session.commit()
    close(review)
    path = f"/reviews/{review.id}"
    login(client, "candidate@example.com")
    refused = post_form(client, f"{path}/notes", {"body": "Late thought"}, token_from=path)
    assert refused.status_code == 409 and "This session is closed" in refused.text
    assert "Late thought" in refused.text  # what was typed is not lost
    assert post_form(client, f"/reviews/action-items/{item.id}/done", {"done": "1"}, token_from=path).status_code == 302
    db.session.refresh(item)
    assert item.done_at is not None


def test_a_cancelled_session_keeps_its_agenda_and_takes_no_more_changes(client, org):
    org.log(org.candidate, [("planning", "em")], title="Waiting when it was cancelled", state="submitted")
    review = schedule(org)
    path = f"/reviews/{review.id}"
    login(client, "manager@example.com")
    assert post_form(client, f"{path}/cancel", {"version": version_on(client.get(path).text)},
                     token_from=path).status_code == 302
    page = client.get(path)
    assert page.status_code == 200 and 'data-state="cancelled"' in page.text
    assert "Waiting when it was cancelled" in page.text and "Close the session" not in page.text
    assert post_form(client, f"{path}/topics", {"text": "Too late"}, token_from=path).status_code == 409


def test_a_time_the_clocks_skip_is_refused_in_the_schedulers_zone(client, org):
    org.manager.timezone = "Europe/Berlin"
    db.session.commit()
    login(client, "manager@example.com")
    page = post_form(client, "/reviews", {"candidate": org.candidate.id, "date": "2027-03-28", "time": "02:30",
                                          "duration_minutes": "30"}, token_from="/reviews")
    assert page.status_code == 422
    assert "That time does not exist in Europe/Berlin: the clocks go forward over it." in page.text
    fine = post_form(client, "/reviews", {"candidate": org.candidate.id, "date": "2027-03-28", "time": "03:30",
                                          "duration_minutes": "30"}, token_from="/reviews")
    assert fine.status_code == 302
    review = db.session.scalar(select(ReviewSession))
    assert review.starts_at.isoformat() == "2027-03-28T01:30:00+00:00"  # 03:30 summer time


def test_a_manager_who_no_longer_leads_the_candidate_loses_the_session(client, org):
    review = schedule(org)
    org.candidate.manager = org.other_manager
    db.session.commit()
    login(client, "manager@example.com")
    assert client.get(f"/reviews/{review.id}").status_code == 404
    assert post_form(client, f"/reviews/{review.id}/notes", {"body": "Still here?"},
                     token_from="/reviews").status_code == 404
    assert f"/reviews/{review.id}" not in client.get("/reviews").text
    post_form(client, "/logout")
    login(client, "other.manager@example.com")  # the new manager takes the session over
    page = client.get(f"/reviews/{review.id}")
    assert page.status_code == 200 and "Close the session" in page.text
    assert post_form(client, f"/reviews/{review.id}/close", {"version": version_on(page.text)},
                     token_from=f"/reviews/{review.id}").status_code == 302
