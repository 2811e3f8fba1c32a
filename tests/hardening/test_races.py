"""Paired races over real HTTP on loopback (SQLite or PostgreSQL, whichever the suite runs on).

Each race sends two changes based on the same version at the same moment. Exactly one wins
(200) and the other is told (409); the stored evidence equals what the winner sent, never a
mix or a union. Several rounds per race raise the odds that the requests truly overlap.
"""
import json

from tests.api.helpers import CANDIDATE
from tests.hardening.http import Browser, at_once
from tracker.artifacts.attachments import MAX_PER_ARTIFACT
from tracker.auth.service import issue_token
from tracker.extensions import db
from tracker.models import Artifact, Attachment, User

ROUNDS = 4


def stored(artifact_id):
    db.session.expire_all()
    return db.session.get(Artifact, artifact_id)


def race(live_server, requests):
    """Send `requests` [(method, path, body, token)] at the same moment over real HTTP."""
    browser = Browser(live_server)
    return at_once([lambda r=r: browser.json(*r) for r in requests])


def winner(results, bodies):
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409], results
    return bodies[[status for status, _ in results].index(200)]


def rounds(org, claims=()):
    """ROUNDS fresh pieces of submitted evidence: (id, API path) each."""
    for _ in range(ROUNDS):
        artifact = org.log(org.candidate, claims, state="submitted")
        yield artifact.id, f"/artifacts/{artifact.id}"


def test_two_metric_edits_one_wins_and_nothing_merges(live_server, org):
    token = issue_token(org.candidate)
    for artifact_id, path in rounds(org):
        bodies = [{"version": 1, "metrics": [{"name": f"{who} {n}", "result": n, "category": "cost"}
                                             for n in range(3)]} for who in ("first", "second")]
        won = winner(race(live_server, [("PATCH", path, body, token) for body in bodies]), bodies)
        assert [m.name for m in stored(artifact_id).metrics] == [m["name"] for m in won["metrics"]]


def test_two_claim_edits_one_wins_and_no_combination_appears(live_server, org):
    token = issue_token(org.candidate)
    choices = [[("planning", "em"), ("hiring", "em"), ("metrics", "proven_vp")],
               [("planning", "proven_vp"), ("org_design", "emerging_vp"), ("hiring", "emerging_vp")]]
    for artifact_id, path in rounds(org, [("planning", "em")]):
        bodies = [{"version": 1, "claims": [{"competency": c, "level": lvl} for c, lvl in choice]}
                  for choice in choices]
        won = winner(race(live_server, [("PATCH", path, body, token) for body in bodies]), bodies)
        claims = sorted((c.competency.slug, c.level.slug) for c in stored(artifact_id).claims)
        assert claims == sorted((c["competency"], c["level"]) for c in won["claims"])


def test_verify_against_send_back_one_wins(live_server, org):
    token = issue_token(org.manager)
    for artifact_id, path in rounds(org):
        bodies = [{"decision": "verified", "version": 1},
                  {"decision": "changes_requested", "comment": "Add numbers", "version": 1}]
        won = winner(race(live_server, [("POST", path + "/verification", body, token) for body in bodies]), bodies)
        after = stored(artifact_id)
        assert after.state == won["decision"] and after.version == 2
        assert [e.kind for e in after.events] == ["created", won["decision"]]


def test_an_edit_racing_a_verification_never_verifies_unseen_content(live_server, org):
    candidate, manager = issue_token(org.candidate), issue_token(org.manager)
    edit = {"version": 1, "claims": [{"competency": "planning", "level": "proven_vp"}]}
    verify = {"version": 1, "decision": "verified"}
    for artifact_id, path in rounds(org, [("planning", "em")]):
        results = race(live_server, [("PATCH", path, edit, candidate),
                                     ("POST", path + "/verification", verify, manager)])
        after = stored(artifact_id)
        if winner(results, [edit, verify]) is edit:
            assert after.state == "submitted" and after.claims[0].level.slug == "proven_vp"
        else:
            assert after.state == "verified" and after.claims[0].level.slug == "em"


def test_concurrent_uploads_stop_at_the_limit(live_server, org):
    artifact = org.log(org.candidate, state="submitted")
    artifact_id = artifact.id
    path = f"/artifacts/{artifact_id}"
    browsers = [Browser(live_server).login(CANDIDATE) for _ in range(4)]
    tokens = [b.csrf(path) for b in browsers]
    uploads = 2 * MAX_PER_ARTIFACT
    results = at_once([lambda i=i: browsers[i % 4].upload(path + "/attachments", tokens[i % 4],
                                                          f"note-{i}.txt", f"file {i}".encode())
                       for i in range(uploads)])
    assert all(status == 302 for status, _ in results), results
    db.session.expire_all()
    assert db.session.query(Attachment).filter_by(artifact_id=artifact.id).count() == MAX_PER_ARTIFACT
    assert stored(artifact_id).version == 1 + MAX_PER_ARTIFACT


def test_unversioned_edits_never_mix(live_server, org):
    """Without a version each request is based on what it read; overlap still leaves one whole edit."""
    token = issue_token(org.candidate)
    for artifact_id, path in rounds(org):
        bodies = [{"metrics": [{"name": f"{who} {n}", "result": n, "category": "risk"} for n in range(4)]}
                  for who in ("a", "b")]
        results = race(live_server, [("PATCH", path, body, token) for body in bodies])
        assert sorted(status for status, _ in results) in ([200, 200], [200, 409]), results
        names = [m.name for m in stored(artifact_id).metrics]
        assert names in ([m["name"] for m in body["metrics"]] for body in bodies)


def test_two_admins_adding_the_same_email_at_once_get_one_person_and_a_clear_refusal(live_server, org):
    """Both requests pass the look-up for an existing account; the database's unique email
    decides, and the loser is told so instead of failing."""
    token = issue_token(org.admin)
    db.session.commit()
    for round_ in range(ROUNDS):
        email = f"new.person.{round_}@example.com"
        body = {"email": email, "name": "New Person"}
        results = race(live_server, [("POST", "/users", body, token)] * 2)
        statuses = sorted(status for status, _ in results)
        assert statuses == [201, 422], results
        refused = json.loads(next(text for status, text in results if status == 422))
        assert refused["error"]["fields"]["email"] == f"A user with email {email} already exists."
        db.session.expire_all()
        assert db.session.query(User).filter_by(email=email).count() == 1
