"""Review sessions in the API: POST /reviews, GET /reviews/{id}, and the notes, agreed levels,
action items and close of a session."""
from datetime import date, datetime, timedelta, timezone

import jsonschema_rs
import pytest

from tests.api.helpers import (ADMIN, BOSS, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER, assert_error, check_all,
                               count)
from tracker.api.openapi import openapi_document
from tracker.extensions import db
from tracker.models import OutboxMail, ReviewNote, ReviewSession
from tracker.reviews import contributions

KEYS = {"id", "candidate", "manager", "state", "starts_at", "duration_minutes", "location", "version", "agenda",
        "notes", "agreed_levels", "action_items", "decisions"}
PLUS_TWO = timezone(timedelta(hours=2))


def next_week():
    """A start a week from now, to the second, given with a +02:00 offset."""
    return (datetime.now(timezone.utc) + timedelta(days=7)).replace(microsecond=0).astimezone(PLUS_TWO)


def schedule(api, as_=MANAGER, candidate=CANDIDATE, **fields):
    body = {"candidate": candidate, "starts_at": next_week().isoformat(), "duration_minutes": 45, **fields}
    return api.post("/reviews", as_=as_, json=body)


@pytest.fixture()
def review_id(api, org):
    response = schedule(api)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["id"]


def show(api, review_id, as_):
    response = api.get(f"/reviews/{review_id}", as_=as_)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def put_levels(api, review_id, levels, as_=MANAGER, framework="vp_engineering", headers=None):
    return api.open("PUT", f"/reviews/{review_id}/agreed-levels", as_=as_, headers=headers,
                    json={"framework": framework, "levels": levels})


def conforms(body, schema_name):
    """Problems with `body` against the OpenAPI document's schema `schema_name` (none: it conforms)."""
    document = openapi_document()
    validator = jsonschema_rs.Draft202012Validator({"$ref": f"#/components/schemas/{schema_name}",
                                                    "components": document["components"]})
    return [error.message for error in validator.iter_errors(body)]


PLANNING = {"competency": "planning", "level": "emerging_vp", "rationale": "Ran the Q3 planning for two teams."}


def test_the_manager_schedules_a_session_with_their_report(api, org):
    starts = next_week()
    response = schedule(api, location="Room 4")
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == KEYS
    assert (body["candidate"], body["manager"], body["state"]) == (CANDIDATE, MANAGER, "scheduled")
    assert (body["duration_minutes"], body["location"], body["version"]) == (45, "Room 4", 1)
    assert body["starts_at"] == starts.astimezone(timezone.utc).isoformat()  # the same moment, in UTC
    assert body["notes"] == body["agreed_levels"] == body["action_items"] == body["decisions"] == []
    assert response.headers["Location"].endswith(f"/api/v1/reviews/{body['id']}")
    assert response.headers["ETag"] == '"1"'
    assert conforms(body, "Review") == []
    assert show(api, body["id"], MANAGER).get_json() == body
    assert count(OutboxMail) > 0  # the invitations went out with the session


def test_only_the_candidates_manager_or_an_admin_schedules(api, org):
    def refused(who, candidate):
        assert_error(schedule(api, as_=who, candidate=candidate), 422, "validation_failed", ["candidate"])

    check_all([(CANDIDATE, CANDIDATE),  # not with oneself
               (CANDIDATE, MANAGER),  # not with one's own manager
               (BOSS, CANDIDATE),  # a skip-level manager does not run the report's sessions
               (OTHER_MANAGER, CANDIDATE),  # someone else's report
               (MANAGER, "nobody@example.com"),
               (MANAGER, 42)], refused)
    assert count(ReviewSession) == 0
    assert count(OutboxMail) == 0
    response = schedule(api, as_=ADMIN)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["manager"] == ADMIN


def test_schedule_input_is_checked_field_by_field(api, org):
    naive = next_week().replace(tzinfo=None).isoformat()
    error = assert_error(schedule(api, starts_at=naive), 422, "validation_failed", ["starts_at"])
    assert "offset" in error["fields"]["starts_at"]
    assert_error(schedule(api, starts_at="next tuesday"), 422, fields=["starts_at"])
    assert_error(schedule(api, duration_minutes=5), 422, fields=["duration_minutes"])
    assert_error(schedule(api, agenda="mine"), 422, fields=["agenda"])
    assert_error(api.post("/reviews", as_=MANAGER, json=["not", "an", "object"]), 400)
    assert_error(api.post("/reviews", json={"candidate": CANDIDATE}), 401)
    assert count(ReviewSession) == 0


def test_who_may_read_a_session(api, review_id):
    for who in (CANDIDATE, MANAGER, BOSS, ADMIN):
        assert show(api, review_id, who).get_json()["id"] == review_id

    def hidden(who, path):
        assert_error(api.get(path, as_=who), 404, "not_found")

    check_all([(OTHER_MANAGER, f"/reviews/{review_id}"), (OTHER, f"/reviews/{review_id}"),
               (MANAGER, f"/reviews/{review_id + 1000}"), (MANAGER, "/reviews/0")], hidden)


def test_a_private_note_is_its_authors_alone(api, review_id):
    secret = "Thinking of moving Cara to the platform group."
    response = api.post(f"/reviews/{review_id}/notes", as_=MANAGER, json={"body": secret, "private": True})
    assert response.status_code == 201, response.get_data(as_text=True)
    note = response.get_json()
    assert (note["author"], note["body"], note["private"]) == (MANAGER, secret, True)
    assert conforms(note, "ReviewNote") == []
    shared = api.post(f"/reviews/{review_id}/notes", as_=CANDIDATE, json={"body": "Both of us read this."})
    assert shared.status_code == 201 and shared.get_json()["private"] is False

    bodies = [n["body"] for n in show(api, review_id, MANAGER).get_json()["notes"]]
    assert bodies == [secret, "Both of us read this."]
    for who in (CANDIDATE, BOSS, ADMIN):
        response = show(api, review_id, who)
        assert secret not in response.get_data(as_text=True), who
        assert [n["body"] for n in response.get_json()["notes"]] == ["Both of us read this."], who


def test_only_the_two_sides_add_notes_to_an_open_session(api, review_id):
    path = f"/reviews/{review_id}/notes"

    def refused(who, body, status, fields):
        assert_error(api.post(path, as_=who, json=body), status, fields=fields)

    check_all([(BOSS, {"body": "Skip-level view."}, 403, ()),
               (ADMIN, {"body": "Admin view."}, 403, ()),
               (OTHER_MANAGER, {"body": "Outsider."}, 404, ()),
               (MANAGER, {"body": "   "}, 422, ["body"]),
               (MANAGER, {"body": "Fine.", "private": "yes"}, 422, ["private"]),
               (MANAGER, {"body": "Fine.", "author": ADMIN}, 422, ["author"])], refused)
    assert count(ReviewNote) == 0


def test_the_manager_records_agreed_levels(api, org, review_id):
    response = put_levels(api, review_id, [PLANNING])
    assert response.status_code == 200, response.get_data(as_text=True)
    levels = response.get_json()
    assert [(r["framework"], r["competency"], r["level"], r["recorded_by"]) for r in levels] == [
        ("vp_engineering", "planning", "emerging_vp", MANAGER)]
    assert all(conforms(row, "AgreedLevel") == [] for row in levels)
    assert response.headers["ETag"] == '"2"'
    assert show(api, review_id, CANDIDATE).get_json()["agreed_levels"] == levels

    hiring = {"competency": "hiring", "level": "em", "rationale": "Hired four engineers with a clear bar."}
    replaced = put_levels(api, review_id, [hiring], headers={"If-Match": '"2"'})
    assert replaced.status_code == 200, replaced.get_data(as_text=True)
    assert [r["competency"] for r in replaced.get_json()] == ["hiring"]


def test_agreed_levels_are_refused_to_others_and_checked(api, review_id):
    def refused(who, levels, status, fields, headers=None):
        assert_error(put_levels(api, review_id, levels, as_=who, headers=headers), status, fields=fields)

    check_all([(CANDIDATE, [PLANNING], 403, ()),
               (BOSS, [PLANNING], 403, ()),
               (OTHER_MANAGER, [PLANNING], 404, ()),
               (MANAGER, [{**PLANNING, "level": "cto"}], 422, ["levels[0].level"]),
               (MANAGER, [PLANNING, PLANNING], 422, ["levels[1].competency"]),
               (MANAGER, [{**PLANNING, "rationale": ""}], 422, ["levels[0].rationale"]),
               (MANAGER, [PLANNING], 422, ["If-Match"], {"If-Match": "soon"})], refused)
    assert show(api, review_id, MANAGER).get_json()["agreed_levels"] == []
    assert_error(put_levels(api, review_id, [PLANNING], framework="cto_readiness"), 422, fields=["framework"])


def test_agreed_levels_on_a_stale_version_change_nothing(api, review_id):
    assert api.post(f"/reviews/{review_id}/notes", as_=CANDIDATE, json={"body": "Before the levels."}).status_code == 201
    assert show(api, review_id, MANAGER).get_json()["version"] == 1  # additions do not move the version
    assert put_levels(api, review_id, [PLANNING]).status_code == 200  # version 1 -> 2
    stale = put_levels(api, review_id, [{**PLANNING, "level": "proven_vp"}], headers={"If-Match": '"1"'})
    error = assert_error(stale, 409, "version_conflict", ["version"])
    assert "version 2" in error["message"]
    assert [r["level"] for r in show(api, review_id, MANAGER).get_json()["agreed_levels"]] == ["emerging_vp"]


def test_action_items_belong_to_one_of_the_two_sides(api, review_id):
    path = f"/reviews/{review_id}/action-items"
    due = (date.today() + timedelta(days=14)).isoformat()
    response = api.post(path, as_=CANDIDATE, json={"title": "Draft the hiring plan", "owner": CANDIDATE, "due": due})
    assert response.status_code == 201, response.get_data(as_text=True)
    item = response.get_json()
    assert (item["title"], item["owner"], item["due"], item["done"]) == ("Draft the hiring plan", CANDIDATE, due,
                                                                          False)
    assert conforms(item, "ActionItem") == []
    assert show(api, review_id, BOSS).get_json()["action_items"] == [item]

    def refused(who, body, status, fields):
        assert_error(api.post(path, as_=who, json=body), status, fields=fields)

    check_all([(MANAGER, {"title": "Sync with finance", "owner": BOSS}, 422, ["owner"]),
               (MANAGER, {"title": "Sync with finance", "owner": "nobody@example.com"}, 422, ["owner"]),
               (MANAGER, {"title": "Sync with finance", "owner": MANAGER, "due": "31/12/2026"}, 422, ["due"]),
               (MANAGER, {"title": "", "owner": MANAGER}, 422, ["title"]),
               (BOSS, {"title": "Sync with finance", "owner": MANAGER}, 403, ())], refused)
    assert len(show(api, review_id, MANAGER).get_json()["action_items"]) == 1


def test_closing_freezes_the_session(api, review_id):
    assert_error(api.post(f"/reviews/{review_id}/close", as_=CANDIDATE), 403, "forbidden")
    assert_error(api.post(f"/reviews/{review_id}/close", as_=BOSS), 403, "forbidden")
    response = api.post(f"/reviews/{review_id}/close", as_=MANAGER)
    assert response.status_code == 200, response.get_data(as_text=True)
    closed = response.get_json()
    assert closed["state"] == "closed" and closed["version"] == 2
    assert conforms(closed, "Review") == []
    assert show(api, review_id, CANDIDATE).get_json()["agenda"] == closed["agenda"]

    def refused(path, body):
        assert_error(api.post(path, as_=MANAGER, json=body), 409, "conflict")

    check_all([(f"/reviews/{review_id}/notes", {"body": "One more thing."}),
               (f"/reviews/{review_id}/notes", {"body": "A private afterthought.", "private": True}),
               (f"/reviews/{review_id}/action-items", {"title": "Late item", "owner": MANAGER}),
               (f"/reviews/{review_id}/close", None)], refused)
    assert_error(put_levels(api, review_id, [PLANNING]), 409, "conflict")
    assert count(ReviewNote) == 0


def test_closing_on_a_stale_version_leaves_it_open(api, review_id):
    assert put_levels(api, review_id, [PLANNING]).status_code == 200  # version 1 -> 2
    assert_error(api.post(f"/reviews/{review_id}/close", as_=MANAGER, headers={"If-Match": '"1"'}), 409,
                 "version_conflict")
    assert show(api, review_id, MANAGER).get_json()["state"] == "scheduled"
    response = api.post(f"/reviews/{review_id}/close", as_=MANAGER, headers={"If-Match": '"2"'})
    assert response.status_code == 200 and response.get_json()["state"] == "closed"


def test_the_agreed_level_shows_in_readiness_once_the_session_closed(api, review_id):
    def planning():
        response = api.get(f"/users/{CANDIDATE}/readiness", as_=CANDIDATE)
        assert response.status_code == 200, response.get_data(as_text=True)
        return next(d for d in response.get_json()["dimensions"] if d["competency"] == "planning")

    assert put_levels(api, review_id, [PLANNING]).status_code == 200
    assert planning()["agreed_level"] is None  # not while the session is open
    assert api.post(f"/reviews/{review_id}/close", as_=MANAGER).status_code == 200
    dimension = planning()
    assert dimension["agreed_level"] == "emerging_vp"
    assert dimension["level"] is None  # beside the evidence level, never in place of it


def test_decisions_made_in_the_session_are_listed(api, org, review_id):
    artifact = org.log(org.candidate, [("planning", "em")], state="submitted")
    review = db.session.get(ReviewSession, review_id)
    contributions.decide_in_session(org.manager, review, artifact.id, "verified", "Solid.", based_on=artifact.version)
    db.session.commit()
    body = show(api, review_id, CANDIDATE).get_json()
    assert [(d["artifact"], d["decision"], d["comment"]) for d in body["decisions"]] == [
        (artifact.id, "verified", "Solid.")]
    assert conforms(body, "Review") == []
