"""The unsubscribe link (no sign-in; GET asks, POST applies), the mail settings page, and
the admins' mail page."""
import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from tests.conftest import login, post_form
from tracker.extensions import db
from tracker.models import Delivery, MailOptOut
from tracker.reminders.periods import Period
from tracker.reminders.runs import send_kind

OCTOBER, NOVEMBER = Period(2026, 10), Period(2026, 11)
NOV_1 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def link_of(inbox, address):
    (mail,) = inbox.to(address)
    return re.search(r"https://tracker\.example(/unsubscribe/\S+)>", mail["List-Unsubscribe"]).group(1)


def test_the_unsubscribe_link_works_without_signing_in_and_the_next_month_skips_that_person(org, smtp, client):
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    path = link_of(smtp, "candidate@example.com")
    assert path in smtp.text(smtp.to("candidate@example.com")[0])  # the same link in the body
    page = client.get(path)
    assert page.status_code == 200 and "Stop this mail?" in page.get_data(as_text=True)
    assert db.session.scalar(select(MailOptOut)) is None  # asking changes nothing
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})  # as a mail client posts: no session
    assert done.status_code == 200 and "Turned off" in done.get_data(as_text=True)
    assert client.post(path).status_code == 200  # a second click changes nothing more
    from tracker.reminders.preferences import turn_off
    turn_off(org.candidate.id, "monthly_reminder")  # nor a racing one: no error, no second row
    db.session.commit()
    assert [(o.user_id, o.kind) for o in db.session.scalars(select(MailOptOut))] == [
        (org.candidate.id, "monthly_reminder")]
    smtp.messages.clear()
    send_kind("monthly_reminder", NOVEMBER, now=NOV_1 + timedelta(days=30))
    assert "candidate@example.com" not in [m["To"].addresses[0].addr_spec for m in smtp.messages]
    assert len(smtp.messages) == 4
    send_kind("digest", NOVEMBER, now=NOV_1 + timedelta(days=30))
    digests = [m for m in smtp.to("manager@example.com") if m["Subject"].startswith("Your team's")]
    assert len(digests) == 1  # other kinds of mail stay on


def test_a_tampered_or_foreign_link_is_refused(org, smtp, client):
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    path = link_of(smtp, "candidate@example.com")
    token = path.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    for bad in (f"/unsubscribe/{payload}.{signature[:-2]}xx", "/unsubscribe/WzEsIm5vcGUiXQ.abc",
                f"/unsubscribe/{payload}"):
        assert client.get(bad).status_code == 404, bad
        assert client.post(bad).status_code == 404, bad
    assert client.post("/unsubscribe/%00").status_code == 400  # refused before it is read
    assert db.session.scalar(select(MailOptOut)) is None


def test_settings_turn_each_kind_off_and_on_again(org, client):
    login(client, "candidate@example.com")
    page = client.get("/settings").get_data(as_text=True)
    assert page.count('type="checkbox" name="kinds"') == 3 and page.count("checked") == 3
    assert post_form(client, "/settings", {"kinds": ["digest"]}).status_code == 302
    assert sorted(o.kind for o in db.session.scalars(select(MailOptOut))) == ["monthly_reminder", "nudge"]
    post_form(client, "/settings", {"kinds": ["digest", "monthly_reminder", "nudge"]})
    assert db.session.scalar(select(MailOptOut)) is None
    refused = post_form(client, "/settings", {"kinds": ["spam"]})
    assert refused.status_code == 200 and "No such kind of mail: spam." in refused.get_data(as_text=True)


def test_the_admin_page_shows_failures_and_retries_them(org, smtp, client, app):
    port = app.config["SMTP_PORT"]
    smtp.refuse = 1
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    failed = db.session.scalar(select(Delivery).where(Delivery.state == "retry"))
    failed.state = "failed"
    db.session.commit()
    login(client, "admin@example.com")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "Try again later" in page and "Retry failed" in page and "Monthly impact-log reminder" in page
    done = post_form(client, "/admin/mail/retry")
    assert done.status_code == 302
    db.session.expire_all()
    assert failed.state == "retry"
    assert "1 failed mail will be tried again" in client.get("/admin/mail").get_data(as_text=True)
    assert app.config["SMTP_PORT"] == port
