"""The admins' audit log page: newest first, filtered by action and person, a page at a time."""
import re
from datetime import timedelta

from tests.conftest import login
from tracker.audit.service import AuditAction, record
from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.models.base import utcnow


def rows(page):
    return re.findall(r"<tr><td class=\"nowrap\">([^<]+)</td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td><td>([^<]+)</td>",
                      page.get_data(as_text=True))


def test_admins_read_filter_and_page_through_the_log(client, org):
    start = utcnow() - timedelta(days=1)
    for minute in range(55):  # older events, one a minute
        event = record(AuditAction.SIGN_IN_FAILED, target_label=f"guess{minute}@example.com")
        event.at = start + timedelta(minutes=minute)
    edited = record(AuditAction.USER_EDITED, actor=org.admin, target=org.candidate,
                    detail={"before": {"name": "Cara"}, "after": {"name": "Cara Candidate"}})
    edited.at = start + timedelta(hours=2)
    db.session.commit()
    login(client, "admin@example.com")
    assert 'href="/admin/audit"' in client.get("/").get_data(as_text=True)

    page = client.get("/admin/audit")
    assert page.status_code == 200
    listed = rows(page)
    assert len(listed) == 50 and listed[0][1] == "Sign in" and listed[0][2] == "admin@example.com"  # newest first
    assert listed[1][1:] == ("User edited", "admin@example.com", "candidate@example.com")
    assert "name: Cara → Cara Candidate" in page.get_data(as_text=True) and "127.0.0.1" in page.get_data(as_text=True)
    assert 'href="/admin/audit?page=2">Older' in page.get_data(as_text=True)
    older = rows(client.get("/admin/audit?page=2"))
    assert len(older) == 7 and older[-1][3] == "guess0@example.com"

    by_action = rows(client.get("/admin/audit?action=sign_in_failed&person=GUESS3@example.com"))
    assert [row[3] for row in by_action] == ["guess3@example.com"]
    by_person = rows(client.get("/admin/audit?person=candidate@example.com"))
    assert [row[1] for row in by_person] == ["User edited"]  # as the target
    as_actor = rows(client.get("/admin/audit?person=admin@example.com&action=user_edited"))
    assert [row[3] for row in as_actor] == ["candidate@example.com"]
    unknown = client.get("/admin/audit?action=dance")
    assert unknown.status_code == 422 and "Choose an action from the list." in unknown.get_data(as_text=True)
    assert len(rows(client.get("/admin/audit?page=999999999999"))) == 50  # out of range: the first page


def test_nobody_else_sees_the_log_or_the_link(app, org):
    for email in ("candidate@example.com", "manager@example.com", "boss@example.com"):
        client = app.test_client()
        login(client, email)
        assert 'href="/admin/audit"' not in client.get("/").get_data(as_text=True)
        assert client.get("/admin/audit").status_code == 404
    assert db.session.query(AuditEvent).count() == 3  # their sign-ins, recorded
