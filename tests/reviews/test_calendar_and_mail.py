"""Invitations, updates, cancellations and summaries reach a real SMTP server on loopback,
with an .ics that parses and has the right times in the candidate's time zone."""
from datetime import datetime, timedelta, timezone

from icalendar import Calendar
from sqlalchemy import select

from tests.conftest import login, post_form
from tests.reviews.helpers import schedule, version_on
from tracker.extensions import db
from tracker.mail.outbox import deliver_due
from tracker.models import OutboxMail, OutboxState
from tracker.reviews import sessions


def calendar_of(message):
    part = next(p for p in message.iter_attachments() if p.get_filename() == "invite.ics")
    assert part.get_content_type() == "text/calendar"
    return part.get_params(), Calendar.from_ical(part.get_payload(decode=True))


def event_of(calendar):
    return next(iter(calendar.walk("VEVENT")))


def test_scheduling_mails_both_sides_an_invitation_in_the_candidates_time_zone(client, org, smtp):
    org.candidate.timezone = "Europe/Berlin"
    org.manager.timezone = "America/New_York"
    db.session.commit()
    login(client, "manager@example.com")
    response = post_form(client, "/reviews", {"candidate": org.candidate.id, "date": "2026-12-03", "time": "09:00",
                                              "duration_minutes": "45", "location": "https://meet.example/abc"},
                         token_from="/reviews")
    assert response.status_code == 302
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == ["candidate@example.com",
                                                                             "manager@example.com"]
    params, calendar = calendar_of(smtp.to("candidate@example.com")[0])
    assert ("method", "REQUEST") in params and str(calendar["method"]) == "REQUEST"
    event = event_of(calendar)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    # 09:00 in New York (the manager's form) is 15:00 in Berlin, given with Berlin's zone.
    assert (start.hour, start.minute, str(start.tzinfo)) == (15, 0, "Europe/Berlin")
    assert end - start == timedelta(minutes=45)
    assert start.astimezone(timezone.utc) == datetime(2026, 12, 3, 14, 0, tzinfo=timezone.utc)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["location"]) == "https://meet.example/abc" and int(event["sequence"]) == 0
    assert "mailto:candidate@example.com" in str(event["attendee"])
    text = smtp.text(smtp.to("candidate@example.com")[0])
    assert "Thursday 03 December 2026, 15:00 to 15:45 (Europe/Berlin)" in text
    assert "Thursday 03 December 2026, 09:00" in smtp.text(smtp.to("manager@example.com")[0])


def test_a_move_is_an_update_of_the_same_event_and_a_cancellation_ends_it(client, org, smtp):
    review = schedule(org)
    db.session.commit()
    login(client, "manager@example.com")
    page = client.get(f"/reviews/{review.id}")
    moved = post_form(client, f"/reviews/{review.id}/reschedule",
                      {"version": version_on(page.text), "date": "2026-12-04", "time": "10:30",
                       "duration_minutes": "60", "location": "Room 5"}, token_from=f"/reviews/{review.id}")
    assert moved.status_code == 302
    page = client.get(f"/reviews/{review.id}")
    cancelled = post_form(client, f"/reviews/{review.id}/cancel", {"version": version_on(page.text)},
                          token_from=f"/reviews/{review.id}")
    assert cancelled.status_code == 302
    events = [calendar_of(m) for m in smtp.to("candidate@example.com")]
    assert [str(c["method"]) for _, c in events] == ["REQUEST", "CANCEL"]  # scheduled through the service: no mail yet
    update, cancel = (event_of(c) for _, c in events)
    assert str(update["uid"]) == str(cancel["uid"]) == f"review-{review.id}@tracker.example"
    assert (int(update["sequence"]), int(cancel["sequence"])) == (1, 2)
    assert update.decoded("dtstart").astimezone(timezone.utc) == datetime(2026, 12, 4, 10, 30, tzinfo=timezone.utc)
    assert str(cancel["status"]) == "CANCELLED"
    assert [m["Subject"] for m in smtp.to("candidate@example.com")] == [
        "Review session moved: Cara Candidate with Mia Manager",
        "Review session cancelled: Cara Candidate with Mia Manager"]


def test_closing_mails_the_summary_without_private_notes(client, org, smtp):
    artifact = org.log(org.candidate, [("planning", "em")], state="submitted", title="Quarterly plan")
    review = schedule(org)
    login(client, "manager@example.com")
    path = f"/reviews/{review.id}"
    post_form(client, f"{path}/decide", {"artifact": artifact.id, "artifact_version": artifact.version,
                                         "decision": "verified"}, token_from=path)
    post_form(client, f"{path}/agreed-levels", {"framework": "vp_engineering", "version": version_on(client.get(path).text),
                                                "level-planning": "em", "rationale-planning": "Two plans, two quarters"},
              token_from=path)
    post_form(client, f"{path}/action-items", {"title": "Draft the hiring plan", "owner": "candidate@example.com",
                                               "due": "2026-12-20"}, token_from=path)
    post_form(client, f"{path}/notes", {"body": "Shared: good quarter"}, token_from=path)
    post_form(client, f"{path}/notes", {"body": "Worried about the promotion budget", "private": "on"}, token_from=path)
    closed = post_form(client, f"{path}/close", {"version": version_on(client.get(path).text)}, token_from=path)
    assert closed.status_code == 302
    summaries = [m for m in smtp.messages if m["Subject"].startswith("Review summary")]
    assert sorted(m["To"].addresses[0].addr_spec for m in summaries) == ["candidate@example.com",
                                                                         "manager@example.com"]
    for message in summaries:
        text, html = smtp.text(message), smtp.html(message)
        assert "Planning and prioritisation: Strong Engineering Manager. Two plans, two quarters" in text
        assert "Quarterly plan: verified" in text and "Draft the hiring plan: Cara Candidate, due 2026-12-20" in text
        assert "Shared: good quarter" in text
        assert "promotion budget" not in text and "promotion budget" not in html
        assert not list(message.iter_attachments())


def test_mail_waits_in_the_outbox_while_the_server_is_away_and_goes_later(app, client, org, smtp):
    port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = 1  # nothing listens there
    try:
        login(client, "manager@example.com")
        response = post_form(client, "/reviews", {"candidate": org.candidate.id, "date": "2026-12-03",
                                                  "time": "09:00", "duration_minutes": "30"}, token_from="/reviews")
        assert response.status_code == 302  # the session is scheduled all the same
    finally:
        app.config["SMTP_PORT"] = port
    rows = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    assert [row.state for row in rows] == ["pending", "pending"] and smtp.messages == []
    # The first found the server away; the second was not tried (it would fail alike).
    assert [row.attempts for row in rows] == [1, 0] and "127.0.0.1:1" in rows[0].last_error
    assert deliver_due() == 1  # the untried one goes; the failed one waits before trying again
    assert deliver_due(now=datetime.now(timezone.utc) + timedelta(minutes=6)) == 1
    assert len(smtp.messages) == 2
    assert deliver_due(now=datetime.now(timezone.utc) + timedelta(hours=2)) == 0  # sent once


def test_deactivated_people_get_no_mail(client, org, smtp):
    review = schedule(org)
    org.candidate.active = False
    db.session.commit()
    sessions.cancel_review(org.manager, review)
    db.session.commit()
    assert deliver_due(now=datetime.now(timezone.utc) + timedelta(minutes=1)) == 4 - 2  # the manager's two
    states = sorted(row.state for row in db.session.scalars(
        select(OutboxMail).where(OutboxMail.user_id == org.candidate.id)))
    assert states == [OutboxState.DROPPED.value] * 2
    assert {m["To"].addresses[0].addr_spec for m in smtp.messages} == {"manager@example.com"}


def test_the_scheduler_job_sends_what_a_request_left_in_the_outbox(app, org, smtp):
    from tracker.reminders.scheduler import deliver_outbox

    schedule(org)  # a service call outside a request: the mail waits for the job
    assert smtp.messages == []
    said = []
    assert deliver_outbox(app, said.append) == 2
    assert said == ["Outbox: 2 sent."]
    assert sorted(m["Subject"] for m in smtp.messages) == ["Review session: Cara Candidate with Mia Manager"] * 2
