"""The people pages: the list and search, a manager kept to their own subtree, edits based
on what was seen (409 when someone else changed the person), reporting lines that never
loop, and deactivation that ends sessions and tokens on the next request."""
import re
import threading
from datetime import datetime, timezone

from sqlalchemy import select

from tests.api.helpers import API, assert_error
from tests.conftest import PASSWORD, login, post_form
from tracker.auth.service import create_user, issue_token
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.models import ApiToken, Artifact, AuditEvent, User
from tracker.people import service
from tracker.reminders.periods import Period
from tracker.reminders.runs import send_kind

SEEN = re.compile(r'name="seen" value="([0-9a-f]+)"')


def seen(client, person):
    return SEEN.search(client.get(f"/people/{person.id}/edit").get_data(as_text=True)).group(1)


def audit(action):
    db.session.expire_all()
    return [(e.actor_label, e.target_label, e.detail) for e in
            db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))]


def test_the_list_searches_pages_and_keeps_a_manager_to_their_subtree(client, org):
    for number in range(55):
        create_user(f"team{number:02}@example.com", f"Team member {number:02}", None,
                    manager_email="manager@example.com")
    db.session.commit()
    login(client, "manager@example.com")
    assert 'href="/people"' in client.get("/").get_data(as_text=True)
    first = client.get("/people").get_data(as_text=True)
    assert "57 in all" in first and "Page 1 of 2" in first and "Cara Candidate" in first
    listed = set(re.findall(r"<td>(\S+@\S+)</td>", first))
    assert not {"other@example.com", "admin@example.com", "boss@example.com"} & listed
    assert "Team member 54" in client.get("/people?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in client.get("/people?page=²").get_data(as_text=True)  # junk: the first page
    found = client.get("/people?q=CARA").get_data(as_text=True)
    assert "1 found" in found and "Cara Candidate" in found
    assert "Not invited" in client.get("/people?q=team00").get_data(as_text=True)
    assert "0 found" in client.get("/people?q=%25").get_data(as_text=True)  # % is a character, not a wildcard
    assert "0 found" in client.get("/people?q=otto").get_data(as_text=True)

    assert client.get(f"/people/{org.other.id}/edit").status_code == 404  # not theirs to see
    assert client.get(f"/people/{org.boss.id}/edit").status_code == 404
    assert client.get(f"/people/{org.manager.id}/edit").status_code == 403  # themselves: seen, not managed
    for outside in ("other.manager@example.com", "ghost@example.com"):  # the same words: nothing leaks
        response = post_form(client, "/people/new", {"email": "new@example.com", "name": "New", "manager": outside})
        assert response.status_code == 422
        assert f"No one you can choose has the email {outside}" in response.get_data(as_text=True)
        assert 'value="new@example.com"' in response.get_data(as_text=True)  # what was typed is kept
    page = client.get(f"/people/{org.candidate.id}/edit").get_data(as_text=True)
    assert 'name="email" value="candidate@example.com" maxlength="254"\n       disabled' in page
    assert 'type="checkbox" name="admin"' not in page
    mark = seen(client, org.candidate)
    for form, status in (({"email": "cara@example.com"}, 403), ({"manager": ""}, 403),
                         ({"manager": "boss@example.com"}, 422), ({"manager": "team00@example.com"}, 302)):
        response = post_form(client, f"/people/{org.candidate.id}/edit", {"name": "Cara", **form})
        assert response.status_code == status, (form, response.get_data(as_text=True)[:300])
    db.session.expire_all()
    candidate = db.session.get(User, org.candidate.id)
    assert (candidate.email, candidate.name, candidate.manager.email) == ("candidate@example.com", "Cara",
                                                                           "team00@example.com")
    assert post_form(client, f"/people/{org.candidate.id}/edit", {"name": "Cara C", "seen": mark}).status_code == 409
    candidate = client.application.test_client()
    login(candidate, "candidate@example.com")
    assert candidate.get("/people").status_code == 403 and candidate.get("/people/import").status_code == 403


def test_edits_are_based_on_what_was_seen_and_reporting_lines_never_loop(client, org):
    login(client, "admin@example.com")
    mark = seen(client, org.candidate)
    service.update_person(org.admin, org.candidate, {"name": "Cara by someone else"})
    db.session.commit()
    stale = post_form(client, f"/people/{org.candidate.id}/edit",
                      {"seen": mark, "name": "Cara Mine", "email": "candidate@example.com",
                       "manager": "manager@example.com", "primary": "vp_engineering"})
    text = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Nothing was saved" in text
    assert 'value="Cara Mine"' in text and "Now: Cara by someone else" in text
    retry = post_form(client, f"/people/{org.candidate.id}/edit",
                      {"seen": SEEN.search(text).group(1), "name": "Cara Mine", "email": "candidate@example.com",
                       "manager": "manager@example.com", "primary": "vp_engineering", "frameworks": "em_scorecard",
                       "admin": "on"})
    assert retry.status_code == 302
    db.session.expire_all()
    cara = db.session.get(User, org.candidate.id)
    assert cara.name == "Cara Mine" and cara.is_admin and [f.slug for f in cara.other_targets] == ["em_scorecard"]

    for person, manager, words in ((org.boss, "candidate@example.com", "Cara Mine is below Bo Director"),
                                   (org.manager, "manager@example.com", "Mia Manager cannot report to themselves")):
        response = post_form(client, f"/people/{person.id}/edit", {"name": person.name, "manager": manager})
        assert response.status_code == 422 and words in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, org.boss.id).manager_id is None
    own = client.get(f"/people/{org.admin.id}/edit").get_data(as_text=True)
    assert 'type="checkbox" name="admin"' not in own and ">Deactivate</button>" not in own  # not on oneself
    assert [d for _, _, d in audit("role_changed")] == [{"admin": [False, True]}]
    assert audit("user_edited")[-1][2]["targets"] == [["vp_engineering"], ["vp_engineering", "em_scorecard"]]
    assert audit("user_edited")[-1][2]["name"] == ["Cara by someone else", "Cara Mine"]


def test_two_concurrent_edits_cannot_close_a_loop_together(app, org):
    """A under B and B under A at once: the second waits for the first's lock, then sees the
    line it committed and is refused."""
    service.update_person(org.admin, org.boss, {"manager": "other.manager@example.com"})  # holds the lock
    outcome = {}

    def the_other_edit():
        with app.app_context():
            admin, other_manager = db.session.get(User, org.admin.id), db.session.get(User, org.other_manager.id)
            try:
                service.update_person(admin, other_manager, {"manager": "boss@example.com"})
                db.session.commit()
                outcome["result"] = "saved"
            except ValidationError as error:
                db.session.rollback()
                outcome["result"] = error.fields["manager"]

    thread = threading.Thread(target=the_other_edit)
    thread.start()
    thread.join(timeout=0.5)
    assert thread.is_alive()  # waiting for the first edit's lock
    db.session.commit()
    thread.join(timeout=30)
    assert outcome["result"] == "Oli Manager cannot report to Bo Director: Bo Director is below Oli Manager."
    db.session.expire_all()
    assert db.session.get(User, org.other_manager.id).manager_id is None


def test_only_an_admin_deactivates_an_admin(app, client, org):
    """A manager above an admin may not deactivate them: it could leave no admin at all."""
    service.update_person(org.admin, org.candidate, {"admin": True})
    db.session.commit()
    login(client, "manager@example.com")
    assert f"/people/{org.candidate.id}/deactivate" not in client.get("/people?q=cara").get_data(as_text=True)
    response = post_form(client, f"/people/{org.candidate.id}/deactivate")
    assert response.status_code == 403 and "Only an admin can deactivate an admin." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, org.candidate.id).active
    admin = app.test_client()
    login(admin, "admin@example.com")
    assert post_form(admin, f"/people/{org.candidate.id}/deactivate").status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, org.candidate.id).active


def test_deactivation_ends_the_session_and_token_on_the_next_request(app, client, org, smtp):
    for user in db.session.scalars(select(User)):
        user.created_at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    evidence = org.log(org.candidate, [("planning", "em")])
    browser = app.test_client()
    login(browser, "candidate@example.com")
    token = issue_token(org.candidate)
    db.session.commit()
    assert browser.get("/").status_code == 200
    assert client.get(f"{API}/artifacts", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    login(client, "manager@example.com")
    assert post_form(client, f"/people/{org.candidate.id}/deactivate").status_code == 302
    assert browser.get("/").headers["Location"].startswith("/login")
    assert_error(client.get(f"{API}/artifacts", headers={"Authorization": f"Bearer {token}"}), 401)
    assert login(app.test_client(), "candidate@example.com").status_code == 200  # refused: the form again
    assert "Deactivated" in client.get("/people?q=cara").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Artifact, evidence.id) is not None  # their evidence stays
    assert db.session.scalar(select(ApiToken).where(ApiToken.user_id == org.candidate.id)) is None
    send_kind("monthly_reminder", Period(2026, 10), now=datetime(2026, 11, 1, 9, tzinfo=timezone.utc))
    assert "candidate@example.com" not in [m["To"].addresses[0].addr_spec for m in smtp.messages]
    assert post_form(client, f"/people/{org.candidate.id}/deactivate").status_code == 409

    assert post_form(client, f"/people/{org.candidate.id}/reactivate").status_code == 302
    assert login(app.test_client(), "candidate@example.com", PASSWORD).status_code == 302
    assert post_form(client, f"/people/{org.manager.id}/deactivate").status_code == 403  # not themselves
    assert [(actor, target) for actor, target, _ in audit("deactivated") + audit("reactivated")] == \
        [("manager@example.com", "candidate@example.com")] * 2
    assert audit("deactivated")[0][2] == {"tokens_revoked": 1}
