"""Reminder runs against a real SMTP server on loopback: each person gets each kind once per
month, with the right contents and headers; refusals are retried; opted-out and inactive
people get nothing."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from tracker.extensions import db
from tracker.mail import ledger
from tracker.models import Delivery, MailRun
from tracker.reminders.periods import Period
from tracker.reminders.preferences import turn_off
from tracker.reminders.runs import send_kind

OCTOBER = Period(2026, 10)
NOV_1 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
CANDIDATES = ["boss@example.com", "candidate@example.com", "manager@example.com", "other.manager@example.com",
              "other@example.com"]


def recipients(inbox):
    return sorted(m["To"].addresses[0].addr_spec for m in inbox.messages)


def test_one_run_sends_one_reminder_to_each_candidate_and_a_second_run_none(org, smtp):
    org.log(org.candidate, [("planning", "em")], date(2026, 10, 12), title="Cut p95 latency by 40%")
    report = send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    assert (report.sent, report.failed) == (5, 0)
    assert recipients(smtp) == CANDIDATES  # everyone but the admin, who keeps no log
    again = send_kind("monthly_reminder", OCTOBER, now=NOV_1 + timedelta(hours=1))
    assert (again.sent, again.failed, len(smtp.messages)) == (0, 0, 5)
    runs = db.session.scalars(select(MailRun).order_by(MailRun.id)).all()
    assert [(r.kind, r.period, r.trigger, r.sent) for r in runs] == [
        ("monthly_reminder", "2026-10", "command", 5), ("monthly_reminder", "2026-10", "command", 0)]


def test_a_run_uses_one_connection(org, smtp):
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    assert len(smtp.messages) == 5 and len(smtp.peers) == 1


def test_the_server_login_is_used_when_set_and_a_refused_login_stops_the_run(org, app):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    from tests.mailserver import Inbox, free_port

    logins = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"tracker", b"s3cret")
        logins.append(ok)
        return AuthResult(success=ok, handled=False)  # the server answers 535 when it fails

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    before = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD")}
    try:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_USER="tracker",
                          SMTP_PASSWORD="wrong")
        refused = send_kind("monthly_reminder", OCTOBER, now=NOV_1)
        assert refused.sent == 0 and refused.stopped.startswith("stopped: the mail server") and inbox.messages == []
        app.config["SMTP_PASSWORD"] = "s3cret"
        accepted = send_kind("monthly_reminder", OCTOBER, now=NOV_1 + timedelta(hours=1))
        assert accepted.sent == 5 and len(inbox.messages) == 5
        assert logins[-1] is True and logins.count(True) == 1  # one login, for the run's one connection
    finally:
        app.config.update(before)
        controller.stop()


def test_the_reminder_says_what_was_logged_where_one_stands_and_what_to_log(org, smtp):
    org.log(org.candidate, [("planning", "em")], date(2026, 10, 12), title="Cut p95 latency by 40%")
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    (mail,) = smtp.to("candidate@example.com")
    assert mail["Subject"] == "Your October 2026 impact log: 1 logged, anything to add?"
    text, html = smtp.text(mail), smtp.html(mail)
    assert "Cut p95 latency by 40%" in text and "Cut p95 latency by 40%" in html
    assert "Where you stand against VP of Engineering" in text
    assert "No verified evidence in the last 90 days for:" in text and "Hiring" in text
    assert "https://tracker.example/artifacts/quick?on=2026-10-31" in text  # the note lands in October
    assert 'href="https://tracker.example/artifacts/quick?on=2026-10-31"' in html
    (quiet,) = smtp.to("other@example.com")
    assert quiet["Subject"] == "Nothing logged for October 2026 yet"
    assert "Nothing is logged for October 2026 yet." in smtp.text(quiet)


def test_headers_name_the_message_and_offer_one_click_unsubscribe(org, smtp):
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    mail = smtp.to("candidate@example.com")[0]
    assert mail["Message-ID"].endswith("@tracker.example>")
    assert mail["List-Unsubscribe"].startswith("<https://tracker.example/unsubscribe/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    raw = smtp.raw[smtp.messages.index(mail)]  # as clients read it: a plain <address>, not an encoded word
    assert b"\r\nList-Unsubscribe: <https://tracker.example/unsubscribe/" in raw
    stored = db.session.scalar(select(Delivery).filter_by(user_id=org.candidate.id))
    assert (stored.state, stored.attempts, stored.message_id) == ("sent", 1, mail["Message-ID"])


def test_names_and_text_outside_ascii_arrive_intact(org, smtp):
    org.candidate.name = "Tomás Núñez"
    db.session.commit()
    org.log(org.candidate, [("planning", "em")], date(2026, 10, 12), title="Coût du cloud réduit de 30 % — 日本")
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    (mail,) = smtp.to("candidate@example.com")
    assert mail["To"].addresses[0].display_name == "Tomás Núñez"
    assert "Coût du cloud réduit de 30 % — 日本" in smtp.text(mail) and "Hello Tomás Núñez" in smtp.html(mail)
    assert mail["Date"] is not None and mail.get_content_type() == "multipart/alternative"
    assert all(len(line) <= 998 for line in smtp.raw[0].split(b"\r\n"))


def test_a_mail_that_cannot_be_written_fails_alone_and_the_others_go(org, smtp):
    org.boss.email = "josé@example.com"  # needs SMTPUTF8, which this sender does not speak
    org.other.name = "Otto\r\nBcc: everyone@example.com"  # a line break never reaches a header
    db.session.commit()
    report = send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    assert (report.sent, report.failed) == (4, 1)
    failed = db.session.scalar(select(Delivery).where(Delivery.state == "retry"))
    assert failed.user_id == org.boss.id and "SMTPUTF8" in failed.last_error
    (otto,) = smtp.to("other@example.com")
    assert otto["To"].addresses[0].display_name == "Otto Bcc: everyone@example.com" and otto["Bcc"] is None
    again = send_kind("monthly_reminder", OCTOBER, now=NOV_1 + timedelta(hours=2))  # the retry fails alone again
    assert (again.sent, again.failed) == (0, 1)


def test_people_who_joined_after_the_month_get_no_reminder_about_it(org, smtp):
    org.other.created_at = datetime(2026, 11, 3, tzinfo=timezone.utc)
    db.session.commit()
    send_kind("monthly_reminder", OCTOBER, now=NOV_1 + timedelta(days=3))
    assert "other@example.com" not in recipients(smtp) and len(smtp.messages) == 4


def test_a_failed_mail_of_an_earlier_month_is_retried_by_a_later_run(org, smtp):
    for person in (org.boss, org.manager, org.other_manager, org.other):
        person.active = False
    db.session.commit()
    smtp.refuse = 1
    send_kind("monthly_reminder", Period(2026, 9), now=datetime(2026, 10, 1, 9, tzinfo=timezone.utc))
    report = send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    subjects = sorted(m["Subject"] for m in smtp.messages)
    assert report.sent == 2 and subjects == ["Nothing logged for October 2026 yet",
                                             "Nothing logged for September 2026 yet"]


def test_a_retried_nudge_does_not_reach_someone_who_has_logged_since(org, smtp):
    for person in (org.boss, org.manager, org.other_manager, org.other):
        person.active = False
    db.session.commit()
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    smtp.refuse = 1
    assert send_kind("nudge", OCTOBER, now=NOV_1 + timedelta(days=8)).failed == 1
    org.log(org.candidate, [("planning", "em")], date(2026, 10, 20), title="Logged at last")
    later = send_kind("nudge", OCTOBER, now=NOV_1 + timedelta(days=9))
    assert (later.sent, later.failed) == (0, 0) and len(smtp.messages) == 1  # only the reminder
    assert db.session.scalar(select(Delivery).where(Delivery.kind == "nudge")) is None  # withdrawn


def test_inactive_opted_out_and_invited_people_get_nothing(org, smtp):
    org.other.active = False
    turn_off(org.candidate.id, "monthly_reminder")
    org.other_manager.password_hash = None  # invited, and has not answered yet
    org.manager.password_hash, org.manager.sso_subject = None, "https://id.example.com 42"  # single sign-on
    db.session.commit()
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    assert not {"candidate@example.com", "other@example.com", "other.manager@example.com"} & set(recipients(smtp))
    assert "manager@example.com" in recipients(smtp)
    assert len(smtp.messages) == 2


def test_a_server_that_refuses_twice_is_retried_later_and_the_attempts_are_recorded(org, smtp):
    org.boss.active = org.manager.active = org.other_manager.active = org.other.active = False
    db.session.commit()
    smtp.refuse = 2
    first = send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    assert (first.sent, first.failed, smtp.messages) == (0, 1, [])
    delivery = db.session.scalar(select(Delivery))
    assert (delivery.state, delivery.attempts) == ("retry", 1) and "451" in delivery.last_error
    assert NOV_1 + ledger.FIRST_BACKOFF <= delivery.next_attempt_at < NOV_1 + ledger.FIRST_BACKOFF + timedelta(minutes=1)
    early = send_kind("monthly_reminder", OCTOBER, now=NOV_1 + timedelta(minutes=5))
    assert (early.sent, early.failed) == (0, 0)  # not due yet
    second = send_kind("monthly_reminder", OCTOBER, now=NOV_1 + timedelta(minutes=20))
    assert (second.sent, second.failed) == (0, 1)
    db.session.expire_all()
    assert (delivery.state, delivery.attempts) == ("retry", 2)
    third = send_kind("monthly_reminder", OCTOBER, now=NOV_1 + timedelta(hours=2))
    assert (third.sent, smtp.refused, len(smtp.messages)) == (1, 2, 1)
    db.session.expire_all()
    assert (delivery.state, delivery.attempts) == ("sent", 3)


def test_after_too_many_refusals_a_delivery_fails_and_an_admin_can_retry_it(org, smtp):
    for person in (org.boss, org.manager, org.other_manager, org.other):
        person.active = False
    db.session.commit()
    smtp.refuse = ledger.MAX_ATTEMPTS
    moment = NOV_1
    for _ in range(ledger.MAX_ATTEMPTS):
        send_kind("monthly_reminder", OCTOBER, now=moment)
        moment += timedelta(days=1)
    delivery = db.session.scalar(select(Delivery))
    assert (delivery.state, delivery.attempts) == ("failed", ledger.MAX_ATTEMPTS)
    assert send_kind("monthly_reminder", OCTOBER, now=moment + timedelta(days=30)).sent == 0
    assert ledger.retry_failed() == 1
    db.session.commit()
    assert send_kind("monthly_reminder", OCTOBER, now=moment + timedelta(days=30)).sent == 1


def test_a_mail_server_that_is_down_stops_the_run_and_the_next_run_goes_on(org, smtp, app):
    port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = 1  # nothing listens there
    down = send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    # the first mail and the one already on its way when the server was found away are to
    # be retried; the three claims not yet tried are given back
    assert (down.sent, down.failed) == (0, 2) and down.stopped.startswith("stopped: the mail server")
    assert [d.state for d in db.session.scalars(select(Delivery))] == ["retry", "retry"]
    app.config["SMTP_PORT"] = port
    up = send_kind("monthly_reminder", OCTOBER, now=NOV_1 + timedelta(hours=1))
    assert up.sent == 5 and len(smtp.messages) == 5


def test_the_nudge_goes_only_to_people_reminded_who_still_logged_nothing(org, smtp):
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    org.log(org.candidate, [("planning", "em")], date(2026, 10, 30), title="Late, but logged")
    org.log(org.other, [("planning", "em")], date(2026, 11, 3), title="November, not October")
    smtp.messages.clear()
    report = send_kind("nudge", OCTOBER, now=NOV_1 + timedelta(days=7, minutes=1))
    assert recipients(smtp) == ["boss@example.com", "manager@example.com", "other.manager@example.com",
                                "other@example.com"]
    assert report.sent == 4 and smtp.to("other@example.com")[0]["Subject"] == (
        "October 2026 is still blank in your impact log")
    assert send_kind("nudge", OCTOBER, now=NOV_1 + timedelta(days=8)).sent == 0


def test_a_reminder_sent_late_is_followed_by_its_nudge_a_week_after_it_went(org, smtp):
    late = NOV_1 + timedelta(days=6)  # a catch-up, or a run by hand
    send_kind("monthly_reminder", OCTOBER, now=late)
    assert send_kind("nudge", OCTOBER, now=NOV_1 + timedelta(days=8)).sent == 0
    assert send_kind("nudge", OCTOBER, now=late + timedelta(days=7, minutes=1)).sent == 5


def test_the_digest_lists_each_reports_logging_and_what_waits_oldest_first(org, smtp):
    org.log(org.candidate, [("planning", "em")], date(2026, 10, 2), title="Verified already")
    org.log(org.candidate, [("hiring", "em")], date(2026, 10, 5), state="submitted", title="Hiring plan")
    org.log(org.candidate, [("hiring", "em")], date(2026, 10, 6), state="submitted", title="Offer process")
    org.log(org.candidate, [("hiring", "em")], date(2026, 10, 7), state="draft", title="Draft, not shown")
    send_kind("digest", OCTOBER, now=NOV_1)
    assert recipients(smtp) == ["boss@example.com", "manager@example.com", "other.manager@example.com"]
    (mail,) = smtp.to("manager@example.com")
    text = smtp.text(mail)
    assert mail["Subject"] == "Your team's October 2026 impact logs, and 2 pieces waiting for you"
    assert "Cara Candidate: 4 logged, newest 2026-10-07" in text
    assert text.index("Hiring plan (Cara Candidate)") < text.index("Offer process (Cara Candidate)")
    assert "Draft, not shown" not in text and "Verified already" not in text
    (boss,) = smtp.to("boss@example.com")
    assert "Mia Manager: nothing logged" in smtp.text(boss) and "Nothing waits for your verification." in smtp.text(boss)


def test_the_digest_says_nothing_of_private_evidence(org, smtp):
    org.log(org.candidate, [("planning", "em")], date(2026, 10, 12), state="draft", visibility="private",
            title="My private plan")
    send_kind("digest", OCTOBER, now=NOV_1)
    (mail,) = smtp.to("manager@example.com")
    assert "Cara Candidate: nothing logged" in smtp.text(mail) and "private" not in smtp.text(mail).lower()
    send_kind("monthly_reminder", OCTOBER, now=NOV_1)
    (own,) = [m for m in smtp.to("candidate@example.com") if "impact log" in m["Subject"]]
    assert "My private plan" in smtp.text(own)  # the owner's own mail counts it


def test_a_run_asked_to_stop_gives_its_untried_claims_back(org, smtp):
    import threading

    stop = threading.Event()
    stop.set()  # e.g. the scheduler got SIGTERM
    stopped = send_kind("monthly_reminder", OCTOBER, now=NOV_1, stop=stop)
    assert (stopped.sent, stopped.failed, smtp.messages) == (0, 0, [])
    assert stopped.stopped.startswith("stopped: asked to stop")
    assert db.session.scalar(select(Delivery)) is None  # nothing left claimed
    assert send_kind("monthly_reminder", OCTOBER, now=NOV_1).sent == 5


def test_a_dry_run_lists_who_would_get_what_and_sends_nothing(org, smtp):
    report = send_kind("monthly_reminder", OCTOBER, now=NOV_1, dry_run=True)
    assert sorted(email for email, _ in report.planned) == CANDIDATES
    assert smtp.messages == [] and db.session.scalar(select(Delivery)) is None
    assert db.session.scalar(select(MailRun)) is None
