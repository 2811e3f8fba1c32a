"""Every web route against every role: anonymous, the candidate, another candidate, the
candidate's manager, another manager, and an admin."""
import re
from datetime import date

import pytest

from tests.api.helpers import version_of
from tests.conftest import csrf_token, login, post_form

ROLES = ["anonymous", "candidate", "other", "manager", "other_manager", "admin"]
EMAILS = {"candidate": "candidate@example.com", "other": "other@example.com",
          "manager": "manager@example.com", "other_manager": "other.manager@example.com",
          "admin": "admin@example.com"}


def expect(candidate, other, manager, other_manager, admin):
    return {"candidate": candidate, "other": other, "manager": manager,
            "other_manager": other_manager, "admin": admin}


EVERYONE = expect(200, 200, 200, 200, 200)
NEW_EVIDENCE = {"type": "impact_note", "title": "Cut costs", "occurred_on": "2026-10-01",
                "summary": "Saved money.", "visibility": "manager"}

# (method, path template, expected status per signed-in role)
ROUTES = [
    ("GET", "/", EVERYONE),
    ("GET", "/artifacts/", EVERYONE),
    ("GET", "/artifacts/new", EVERYONE),
    ("GET", "/artifacts/new?owner={candidate_id}", expect(200, 404, 200, 404, 200)),
    ("GET", "/artifacts/{shared}", expect(200, 404, 200, 404, 200)),
    ("GET", "/artifacts/{private}", expect(200, 404, 404, 404, 404)),
    ("GET", "/artifacts/{shared}/edit", expect(200, 404, 403, 404, 200)),
    ("GET", "/artifacts/{private}/edit", expect(200, 404, 404, 404, 404)),
    ("GET", "/artifacts/trash", EVERYONE),
    ("GET", "/artifacts/quick", EVERYONE),
    ("POST", "/artifacts/quick", expect(302, 302, 302, 302, 302)),
    ("GET", "/artifacts/queue", expect(403, 403, 200, 200, 200)),
    ("GET", "/artifacts/queue?person=candidate@example.com", expect(403, 403, 200, 200, 200)),
    ("POST", "/artifacts/queue/verify", expect(403, 403, 302, 302, 302)),
    ("GET", "/readiness", EVERYONE),
    ("GET", "/readiness/{candidate_id}", expect(200, 404, 200, 404, 200)),
    ("GET", "/team", expect(403, 403, 200, 200, 200)),
    ("GET", "/team.svg", expect(403, 403, 200, 200, 200)),
    ("GET", "/readiness/{candidate_id}/chart.svg", expect(200, 404, 200, 404, 200)),
    ("POST", "/artifacts/new", EVERYONE | {k: 302 for k in EMAILS}),
    ("POST", "/artifacts/new?owner={candidate_id}", expect(302, 404, 302, 404, 302)),
    ("POST", "/artifacts/{shared}/edit", expect(302, 404, 403, 404, 302)),
    ("POST", "/artifacts/{shared}/verification", expect(403, 404, 302, 404, 302)),
    ("POST", "/artifacts/{draft}/submit", expect(302, 404, 403, 404, 302)),
    ("POST", "/artifacts/{shared}/delete", expect(302, 404, 403, 404, 403)),
    ("POST", "/artifacts/{deleted}/restore", expect(302, 404, 404, 404, 404)),
    ("GET", "/artifacts/{shared}/attachments/{attachment}", expect(200, 404, 200, 404, 200)),
    ("POST", "/artifacts/{shared}/attachments", expect(302, 404, 403, 404, 302)),
    ("POST", "/artifacts/{shared}/attachments/{attachment}/delete", expect(302, 404, 403, 404, 302)),
    ("POST", "/readiness/{candidate_id}/targets", expect(403, 404, 302, 404, 302)),
    ("GET", "/settings", EVERYONE),
    ("POST", "/settings", expect(302, 302, 302, 302, 302)),
    ("GET", "/admin/mail", expect(404, 404, 404, 404, 200)),
    ("POST", "/admin/mail/retry", expect(404, 404, 404, 404, 302)),
    ("GET", "/admin/settings", expect(404, 404, 404, 404, 200)),
    ("POST", "/admin/settings", expect(404, 404, 404, 404, 302)),  # no company name in the form: cleared
    ("GET", "/self-assessment", EVERYONE),
    ("POST", "/self-assessment", expect(422, 422, 422, 422, 422)),  # the generic form answers no question
    ("GET", "/people/{candidate_id}/self-assessments", expect(200, 404, 200, 404, 200)),
    ("GET", "/reviews", EVERYONE),
    ("GET", "/people/{candidate_id}/reviews", expect(200, 404, 200, 404, 200)),
    ("POST", "/reviews", expect(422, 422, 422, 422, 422)),  # the generic form names nobody to meet
    ("GET", "/reviews/{review}", expect(200, 404, 200, 404, 200)),
    ("POST", "/reviews/{review}/topics", expect(422, 404, 422, 404, 403)),  # no topic text in the form
    ("POST", "/reviews/{review}/notes", expect(422, 404, 422, 404, 403)),
    ("POST", "/reviews/{review}/action-items", expect(422, 404, 422, 404, 403)),  # no owner
    ("POST", "/reviews/action-items/{action_item}/done", expect(302, 404, 302, 404, 403)),
    ("POST", "/reviews/{review}/agreed-levels", expect(403, 404, 422, 404, 422)),  # no framework
    ("POST", "/reviews/{review}/decide", expect(403, 404, 302, 404, 302)),
    ("POST", "/reviews/{review}/reschedule", expect(403, 404, 422, 404, 422)),  # no date
    ("POST", "/reviews/{review}/cancel", expect(403, 404, 302, 404, 302)),
    ("POST", "/reviews/{review}/close", expect(403, 404, 302, 404, 302)),
    ("GET", "/brag-document", EVERYONE),
    ("GET", "/brag-document?format=markdown", EVERYONE),  # each their own
    ("GET", "/brag-document?format=markdown&redacted=true", EVERYONE),
    ("GET", "/people/{candidate_id}/packet", expect(200, 404, 200, 404, 200)),
    ("GET", "/people/{candidate_id}/packet.pdf", expect(200, 404, 200, 404, 200)),
    ("POST", "/people/{candidate_id}/packet/explanations", expect(422, 404, 422, 404, 422)),  # no competency
    ("POST", "/people/{candidate_id}/packet/endorsements", expect(403, 404, 422, 404, 422)),  # no statement
    ("GET", "/my-data", EVERYONE),
    ("GET", "/my-data.zip", EVERYONE),  # each their own
    ("GET", "/notifications", EVERYONE),
    ("POST", "/notifications/read", expect(302, 302, 302, 302, 302)),
    ("POST", "/artifacts/{shared}/corroborations", expect(422, 404, 403, 404, 403)),  # nobody named
    ("POST", "/corroborations/{corroboration}/withdraw", expect(302, 404, 403, 404, 403)),
    ("GET", "/people", expect(403, 403, 200, 200, 200)),
    ("GET", "/people?q=cara&page=2", expect(403, 403, 200, 200, 200)),
    ("GET", "/people/new", expect(403, 403, 200, 200, 200)),
    ("POST", "/people/new", expect(403, 403, 422, 422, 422)),  # no email nor name in the form
    ("GET", "/people/{candidate_id}/edit", expect(403, 404, 200, 404, 200)),
    ("POST", "/people/{candidate_id}/edit", expect(403, 404, 302, 404, 302)),
    ("POST", "/people/{candidate_id}/invitation", expect(403, 404, 409, 404, 409)),  # has a password
    ("POST", "/people/{candidate_id}/invitation/revoke", expect(403, 404, 409, 404, 409)),  # none open
    ("POST", "/people/{candidate_id}/deactivate", expect(403, 404, 302, 404, 302)),
    ("POST", "/people/{candidate_id}/reactivate", expect(403, 404, 409, 404, 409)),  # already active
    ("GET", "/people/import", expect(403, 403, 200, 200, 200)),
    ("POST", "/people/import", expect(403, 403, 422, 422, 422)),  # no file
    ("GET", "/invitations/not-a-token", expect(404, 404, 404, 404, 404) | {"anonymous": 404}),
    ("POST", "/invitations/not-a-token", expect(404, 404, 404, 404, 404) | {"anonymous": 404}),
    ("POST", "/logout", expect(302, 302, 302, 302, 302)),
    # Open to anyone (an "anonymous" entry says what a visitor gets). Single sign-on is not set
    # up in the test app, so its pages are not there (tests/sso/ covers them set up).
    ("GET", "/login/sso", expect(404, 404, 404, 404, 404) | {"anonymous": 404}),
    ("GET", "/login/sso/callback", expect(404, 404, 404, 404, 404) | {"anonymous": 404}),
    # The stakeholder's page: the link is the key, signed in or not (the form carries no link: refused).
    ("GET", "/corroborate?token={corroboration_token}", EVERYONE | {"anonymous": 200}),
    ("POST", "/corroborate", expect(404, 404, 404, 404, 404) | {"anonymous": 404}),
    # Your settings, and resetting a password by mail (the reset pages are open to anyone).
    ("GET", "/settings/password", EVERYONE),
    ("POST", "/settings/password", expect(422, 422, 422, 422, 422)),  # no current password in the form
    ("POST", "/settings/profile", expect(422, 422, 422, 422, 422)),  # no name in the form
    ("POST", "/settings/tokens/{api_token}/revoke", expect(302, 404, 404, 404, 404)),
    ("GET", "/admin/audit", expect(404, 404, 404, 404, 200)),
    ("GET", "/password-reset", EVERYONE | {"anonymous": 200}),
    ("POST", "/password-reset", expect(422, 422, 422, 422, 422) | {"anonymous": 422}),  # no email
    ("GET", "/password-reset/{reset_link}", EVERYONE | {"anonymous": 200}),
    ("POST", "/password-reset/{reset_link}", expect(422, 422, 422, 422, 422) | {"anonymous": 422}),  # no password
    ("GET", "/password-reset/not-a-token", expect(404, 404, 404, 404, 404) | {"anonymous": 404}),
]


@pytest.fixture()
def objects(org):
    shared = org.log(org.candidate, [("planning", "em")], state="submitted")
    private = org.log(org.candidate, state="draft", visibility="private")
    draft = org.log(org.candidate, state="draft")
    deleted = org.log(org.candidate)
    from tracker.artifacts.attachments import add_attachment
    from tracker.artifacts.service import delete_artifact
    delete_artifact(org.candidate, deleted)
    attachment = add_attachment(org.candidate, shared, "notes.txt", b"proof")
    from tests.reviews.helpers import act, schedule
    review = schedule(org)
    item = act(review, "candidate@example.com", "Draft the plan")
    from tracker.accounts import links
    from tracker.auth.service import issue_token, token_row
    from tracker.models import LinkPurpose
    api_token = token_row(issue_token(org.candidate)).id
    _, reset_link = links.issue(LinkPurpose.PASSWORD_RESET, user=org.candidate)
    from tests.corroboration.conftest import ask
    corroboration, corroboration_token = ask(org, shared)
    return {"corroboration": corroboration.id, "corroboration_token": corroboration_token,
            "api_token": api_token, "reset_link": reset_link,
            "attachment": attachment.id, "shared": shared.id, "private": private.id, "draft": draft.id, "deleted": deleted.id,
            "candidate_id": org.candidate.id, "review": review.id, "action_item": item.id}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, template, expected", ROUTES, ids=[f"{m} {t}" for m, t, _ in ROUTES])
def test_route_by_role(client, objects, role, method, template, expected):
    path = template.format(**objects)
    form = {"decision": "verified", **NEW_EVIDENCE}
    acted_on = re.match(r"/artifacts/(\d+)/", path)
    if acted_on:  # forms carry the version of the evidence the page showed
        form["version"] = str(version_of(int(acted_on.group(1))))
    if path.endswith("/decide"):  # a decision in a session names the evidence and the version seen
        form.update(artifact=str(objects["shared"]), artifact_version=str(version_of(objects["shared"])))
    if role != "anonymous":
        assert login(client, EMAILS[role]).status_code == 302
    if method == "GET":
        response = client.get(path)
    elif role == "anonymous":
        response = client.post(path, data={**form, "csrf_token": csrf_token(client)})
    else:
        response = post_form(client, path, form)
    if role == "anonymous" and "anonymous" not in expected:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
        return
    assert response.status_code == expected[role], response.get_data(as_text=True)[:500]
    response.close()


@pytest.mark.parametrize("path", ["/artifacts/new", "/logout", "/artifacts/{shared}/verification",
                                  "/artifacts/{shared}/delete", "/artifacts/{draft}/submit", "/settings", "/artifacts/quick",
                                  "/admin/mail/retry", "/admin/settings", "/notifications/read",
                                  "/artifacts/queue/verify", "/self-assessment", "/reviews",
                                  "/reviews/{review}/notes", "/reviews/{review}/close",
                                  "/people/{candidate_id}/packet/explanations",
                                  "/people/new", "/people/{candidate_id}/deactivate",
                                  "/artifacts/{shared}/corroborations", "/corroborate",
                                  "/settings/password", "/settings/profile", "/settings/tokens/{api_token}/revoke",
                                  "/password-reset", "/password-reset/{reset_link}"])
def test_every_form_post_needs_a_csrf_token(client, objects, path):
    login(client, EMAILS["candidate"])
    response = client.post(path.format(**objects), data={"decision": "verified", **NEW_EVIDENCE})
    assert response.status_code == 400
    assert client.get("/").status_code == 200  # still signed in: the logout did not happen


def test_verification_moves_evidence_only_for_the_allowed(client, org, objects):
    from tracker.extensions import db
    from tracker.models import Artifact
    version = str(version_of(objects["shared"]))
    login(client, EMAILS["other_manager"])
    post_form(client, f"/artifacts/{objects['shared']}/verification", {"decision": "verified", "version": version})
    assert db.session.get(Artifact, objects["shared"]).state == "submitted"
    assert post_form(client, "/logout").status_code == 302
    login(client, EMAILS["manager"])
    post_form(client, f"/artifacts/{objects['shared']}/verification", {"decision": "verified", "version": version})
    db.session.expire_all()
    assert db.session.get(Artifact, objects["shared"]).state == "verified"
    assert db.session.get(Artifact, objects["shared"]).occurred_on == date(2026, 3, 10)


@pytest.mark.parametrize("path", ["/artifacts/99999999999999999999", "/readiness/99999999999999999999",
                                  "/artifacts/new?owner=99999999999999999999", "/artifacts/new?owner=²"])
def test_absurd_ids_are_not_found(client, org, path):
    login(client, EMAILS["admin"])
    assert client.get(path).status_code == 404
