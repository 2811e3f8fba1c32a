"""A private note is its author's alone. Every GET route the application has (pages, API,
charts, exports: zips and PDFs are read inside) is asked, as the other side of the session, the
candidate's manager's manager and an admin, for an open and a closed session: none shows
a private note's text. Only the author sees it. Summary mails to both sides leave it out."""
import io
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.conftest import login
from tests.reviews.helpers import close, schedule
from tracker.auth.service import issue_token
from tracker.extensions import db
from tracker.models import User
from tracker.reviews import contributions

MANAGERS_SECRET = "Considering a counter-offer budget for Cara"
CANDIDATES_SECRET = "Interviewing elsewhere in January"
SHARED = "Agreed to aim for the spring round"
VIEWERS = ["candidate@example.com", "manager@example.com", "boss@example.com", "admin@example.com"]
SKIPPED = {"static", "reminders.unsubscribe_page"}  # files; a signed link about mail preferences


@pytest.fixture()
def sessions_with_notes(org):
    """An open and a closed session, each with a private note from each side and a shared one."""
    reviews = []
    for closing in (False, True):
        review = schedule(org)
        contributions.add_note(org.manager, review, {"body": MANAGERS_SECRET, "private": True})
        contributions.add_note(org.candidate, review, {"body": CANDIDATES_SECRET, "private": True})
        contributions.add_note(org.manager, review, {"body": SHARED})
        db.session.commit()
        reviews.append(close(review) if closing else review)
    artifact = org.log(org.candidate, [("planning", "em")])
    return {"reviews": [r.id for r in reviews], "artifact": artifact.id, "candidate": org.candidate}


def paths(app, fixture):
    """Every GET route, filled in with the candidate, the sessions and a piece of evidence."""
    candidate = fixture["candidate"]
    values = {"user_id": [candidate.id], "review_id": fixture["reviews"], "artifact_id": [fixture["artifact"]],
              "email": [candidate.email], "slug": ["vp_engineering"],
              "token": ["not-a-token"]}  # mailed links (reset, invitation): a made-up one is refused
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED or "attachment_id" in rule.arguments:
            continue
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"{rule.rule}: teach this test what to put in {unknown}"
        if not rule.arguments:
            found.append(rule.rule)
        for name in rule.arguments:
            for value in values[name]:
                found.append(rule.rule.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value)))
    return sorted(set(found))


def clients_of(app, email):
    """A signed-in web client and an API client with a token, for this person."""
    client, api = app.test_client(), app.test_client()
    login(client, email)
    api.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + issue_token(
        db.session.scalar(select(User).filter_by(email=email)))
    db.session.commit()
    return client, api


def text_of(response):
    """What a response says: a zip's is the text of every file in it, a PDF's its text."""
    if response.mimetype == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        return "".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    if response.mimetype == "application/pdf":
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    return response.get_data(as_text=True)


def test_private_notes_reach_no_one_but_their_author(app, org, sessions_with_notes):
    every_path = paths(app, sessions_with_notes)
    open_review, closed_review = sessions_with_notes["reviews"]
    assert {f"/reviews/{open_review}", f"/reviews/{closed_review}", f"/api/v1/reviews/{closed_review}"} <= set(every_path)
    for email in VIEWERS:
        client, api = clients_of(app, email)
        text = "".join(text_of((api if path.startswith("/api/") else client).get(path)) for path in every_path)
        assert (MANAGERS_SECRET in text) == (email == "manager@example.com"), email
        assert (CANDIDATES_SECRET in text) == (email == "candidate@example.com"), email
        assert SHARED in text, email  # the pages were really read: the shared note shows


def test_the_summary_mail_carries_shared_notes_only(client, org, smtp):
    from datetime import datetime, timedelta, timezone

    from tracker.mail.outbox import deliver_due

    review = schedule(org)
    contributions.add_note(org.manager, review, {"body": MANAGERS_SECRET, "private": True})
    contributions.add_note(org.candidate, review, {"body": SHARED})
    db.session.commit()
    close(review)
    assert deliver_due(now=datetime.now(timezone.utc) + timedelta(minutes=1)) == 4
    for message in smtp.messages:
        raw = message.as_string()
        assert MANAGERS_SECRET not in raw
    summaries = [m for m in smtp.messages if m["Subject"].startswith("Review summary")]
    assert len(summaries) == 2 and all(SHARED in smtp.text(m) for m in summaries)
