"""The users API: the same validator, services and authorisation as the people pages."""
from sqlalchemy import select

from tests.api.helpers import ADMIN, CANDIDATE, MANAGER, OTHER, OTHER_MANAGER, assert_error
from tests.people.conftest import invitation_path
from tracker.extensions import db
from tracker.models import AuditEvent, User


def test_list_create_change_and_invite_through_the_api(api, org, smtp):
    listed = api.get("/users?per_page=2&q=example", as_=MANAGER).get_json()
    assert (listed["total"], listed["page"], listed["per_page"]) == (2, 1, 2)
    assert [u["email"] for u in listed["items"]] == [CANDIDATE, MANAGER]
    cara = listed["items"][0]
    assert cara == {"email": CANDIDATE, "name": "Cara Candidate", "manager": MANAGER, "admin": False, "active": True,
                    "state": "active", "invitation_expires_at": None, "version": cara["version"],
                    "targets": {"frameworks": ["vp_engineering"], "primary": "vp_engineering"}}
    assert api.get("/users", as_=CANDIDATE).get_json()["total"] == 1  # only themselves
    assert api.get("/users", as_=ADMIN).get_json()["total"] == 6
    assert_error(api.get("/users?per_page=0", as_=ADMIN), 422, fields=["per_page"])
    assert_error(api.get("/users?sort=name", as_=ADMIN), 422, fields=["sort"])

    made = api.post("/users", as_=MANAGER,
                    json={"email": "Nia@Example.com", "name": " Nia ", "framework": "em_scorecard"})
    assert made.status_code == 201, made.get_json()
    nia = made.get_json()
    assert (nia["email"], nia["name"], nia["manager"], nia["state"]) == ("nia@example.com", "Nia", MANAGER, "invited")
    assert nia["targets"]["primary"] == "em_scorecard" and nia["invitation_expires_at"]
    first = invitation_path(smtp, "nia@example.com")
    assert_error(api.post("/users", as_=MANAGER, json={"email": "x", "name": "", "manager": OTHER, "boss": 1}),
                 422, "validation_failed", fields=["email", "name", "manager", "boss"])
    assert_error(api.post("/users", as_=MANAGER, json={"email": "a@example.com", "name": "A", "admin": True}), 403)
    assert_error(api.post("/users", as_=CANDIDATE, json={"email": "a@example.com", "name": "A"}), 403)
    assert_error(api.post("/users", as_=ADMIN, json={"email": CANDIDATE, "name": "A"}), 422, fields=["email"])

    again = api.post("/invitations", as_=MANAGER, json={"email": "nia@example.com"})
    assert again.status_code == 201 and invitation_path(smtp, "nia@example.com") != first
    assert_error(api.post("/invitations", as_=MANAGER, json={"email": CANDIDATE}), 409)  # has a password
    assert_error(api.post("/invitations", as_=MANAGER, json={"email": OTHER}), 404)  # not theirs to see
    assert_error(api.post("/invitations", as_=MANAGER, json={"email": 3, "x": 1}), 422, fields=["email", "x"])

    changed = api.patch(f"/users/{CANDIDATE}", as_=MANAGER,
                        json={"name": "Cara C", "manager": "nia@example.com", "version": cara["version"],
                              "targets": {"frameworks": ["vp_engineering", "em_scorecard"], "primary": "em_scorecard"}})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["manager"] == "nia@example.com"
    assert changed.get_json()["targets"] == {"frameworks": ["em_scorecard", "vp_engineering"],
                                             "primary": "em_scorecard"}
    assert_error(api.patch(f"/users/{CANDIDATE}", as_=MANAGER, json={"name": "Old view", "version": cara["version"]}),
                 409, "version_conflict")
    assert_error(api.patch(f"/users/{MANAGER}", as_=ADMIN, json={"manager": CANDIDATE}), 422, fields=["manager"])
    assert_error(api.patch(f"/users/{CANDIDATE}", as_=MANAGER, json={"targets": {"frameworks": [], "primary": "x"}}),
                 422, fields=["targets.frameworks", "targets.primary"])
    assert_error(api.patch(f"/users/{CANDIDATE}", as_=MANAGER, json={"admin": True}), 403)
    assert_error(api.patch(f"/users/{CANDIDATE}", as_=MANAGER, json={"email": "cara@example.com"}), 403)
    assert_error(api.patch(f"/users/{CANDIDATE}", as_=OTHER_MANAGER, json={"name": "X"}), 404)
    assert_error(api.patch(f"/users/{MANAGER}", as_=MANAGER, json={"name": "Me"}), 403)  # seen, not managed
    assert_error(api.patch(f"/users/{ADMIN}", as_=ADMIN, json={"admin": False}), 403)  # not their own flag

    promoted = api.patch(f"/users/{MANAGER}", as_=ADMIN, json={"admin": True, "email": "mia@example.com"})
    assert promoted.status_code == 200 and promoted.get_json()["email"] == "mia@example.com"
    token = api.token(OTHER)
    assert api.patch(f"/users/{OTHER}", as_=ADMIN, json={"active": False}).get_json()["state"] == "deactivated"
    assert_error(api.get("/users", headers={"Authorization": f"Bearer {token}"}), 401)  # at once
    db.session.expire_all()
    assert not db.session.scalar(select(User).where(User.email == OTHER)).active
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    for action in ("user_created", "invitation_sent", "manager_changed", "user_edited", "role_changed",
                   "deactivated"):
        assert action in actions, action
