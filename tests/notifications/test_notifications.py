"""Notifications: who hears of a submission and a decision, the unread count in the
navigation, marking read, and that nobody sees another person's."""
from sqlalchemy import event, select

from tests.conftest import login, post_form
from tracker.artifacts import service as artifacts
from tracker.artifacts.attachments import add_attachment
from tracker.extensions import db
from tracker.models import Notification
from tracker.notifications.service import unread_count


def sent(user=None):
    """(recipient email, kind, actor email, artifact id) of every notification, oldest first."""
    query = select(Notification).order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return [(n.user.email, n.kind, n.actor.email, n.artifact_id) for n in db.session.scalars(query)]


def test_a_submission_notifies_the_direct_manager_only(org):
    artifact = org.log(org.candidate, state="submitted")
    assert sent() == [("manager@example.com", "awaits_verification", "candidate@example.com", artifact.id)]


def test_a_draft_notifies_nobody_until_it_is_submitted(org):
    draft = org.log(org.candidate, state="draft")
    assert sent() == []
    artifacts.submit_artifact(org.candidate, draft)
    assert sent() == [("manager@example.com", "awaits_verification", "candidate@example.com", draft.id)]


def test_changed_verified_evidence_awaits_the_manager_again(org):
    edited = org.log(org.candidate, title="Edited")
    attached = org.log(org.candidate, title="Attached")
    artifacts.update_artifact(org.candidate, edited, {"title": "Edited again"})
    add_attachment(org.candidate, attached, "notes.txt", b"proof")
    assert sent(org.manager) == [("manager@example.com", "awaits_verification", "candidate@example.com", artifact.id)
                                 for artifact in (edited, attached, edited, attached)]
    artifacts.update_artifact(org.candidate, edited, {"title": "Still awaiting"})  # already awaiting
    assert len(sent(org.manager)) == 4


def test_no_notice_to_a_manager_who_submitted_it_or_is_deactivated(org):
    org.log(org.candidate, state="submitted", author=org.manager)
    org.manager.active = False
    org.log(org.candidate, state="submitted")
    assert sent() == []


def test_verifying_and_sending_back_notify_the_owner(org):
    verified = org.log(org.candidate)
    sent_back = org.log(org.candidate, state="changes_requested")
    assert sent(org.candidate) == [
        ("candidate@example.com", "verified", "manager@example.com", verified.id),
        ("candidate@example.com", "sent_back", "manager@example.com", sent_back.id)]


def test_a_decision_answers_the_managers_awaits_notice(org):
    waiting = org.log(org.candidate, state="submitted")
    assert unread_count(org.manager) == 1
    artifacts.decide(org.manager, waiting, "verified", "")
    db.session.commit()
    assert unread_count(org.manager) == 0  # nothing waits any more
    assert [n.read_at is not None for n in db.session.scalars(select(Notification).filter_by(user_id=org.manager.id))] == [True]
    assert unread_count(org.candidate) == 1


def test_the_navigation_counts_unread_and_the_page_lists_them(client, org):
    first = org.log(org.candidate, title="Cut cloud spend")
    second = org.log(org.candidate, state="changes_requested", title="Hired a team")
    login(client, "candidate@example.com")
    assert 'aria-label="Notifications, 2 unread">Notifications <span class="badge">2</span>' in \
        client.get("/").get_data(as_text=True)
    page = client.get("/notifications").get_data(as_text=True)
    assert page.index(f'href="/artifacts/{second.id}"') < page.index(f'href="/artifacts/{first.id}"')
    assert "Your evidence was verified" in page and "Your evidence was sent back" in page
    assert "Mia Manager" in page and "Hired a team" in page


def test_marking_read_clears_the_count(client, org):
    artifact = org.log(org.candidate)
    login(client, "candidate@example.com")
    response = post_form(client, "/notifications/read")
    assert response.status_code == 302 and response.headers["Location"] == "/notifications"
    assert '<a href="/notifications">Notifications</a>' in client.get("/").get_data(as_text=True)
    assert f'href="/artifacts/{artifact.id}"' in client.get("/notifications").get_data(as_text=True)
    assert unread_count(org.candidate) == 0


def test_nobody_sees_another_persons_notifications(app, client, org):
    mine = org.log(org.candidate, title="Candidate's own")
    theirs = org.log(org.other, title="Someone else's")
    login(client, "other@example.com")
    page = client.get("/notifications").get_data(as_text=True)
    assert f'href="/artifacts/{theirs.id}"' in page
    assert f'href="/artifacts/{mine.id}"' not in page and "Candidate&#39;s own" not in page
    client = app.test_client()
    login(client, "other.manager@example.com")
    page = client.get("/notifications").get_data(as_text=True)
    assert f'href="/artifacts/{theirs.id}"' in page and f'href="/artifacts/{mine.id}"' not in page


def test_evidence_since_made_private_drops_out_of_the_managers_notifications(client, org):
    artifact = org.log(org.candidate, state="submitted", title="Later private")
    artifacts.update_artifact(org.candidate, artifact, {"visibility": "private"})
    login(client, "manager@example.com")
    assert unread_count(org.manager) == 0
    assert "Later private" not in client.get("/notifications").get_data(as_text=True)


def test_marking_read_needs_a_csrf_token(client, org):
    org.log(org.candidate)
    login(client, "candidate@example.com")
    assert client.post("/notifications/read").status_code == 400
    assert unread_count(org.candidate) == 1


def count_statements(client, path):
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_the_count_and_the_page_cost_the_same_queries_for_1_or_50(client, org):
    artifact = org.log(org.candidate)
    login(client, "candidate@example.com")
    client.get("/notifications")  # warm the per-process caches
    small = {path: count_statements(client, path) for path in ("/", "/notifications")}
    db.session.add_all(Notification(user=org.candidate, kind="verified", artifact=artifact, actor=org.manager)
                       for _ in range(49))
    db.session.commit()
    large = {path: count_statements(client, path) for path in ("/", "/notifications")}
    assert 'aria-label="Notifications, 50 unread"' in client.get("/").get_data(as_text=True)
    assert large == small
