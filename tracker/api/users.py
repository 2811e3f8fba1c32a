"""People in the API: list and search, add (with an invitation), change, and invite again.
The same validator and services as the people pages, so the same rules and authorisation."""
from flask import g, jsonify, request

from tracker import access
from tracker.api import bp
from tracker.api.auth import json_body, page_parameter, refuse_unknown_parameters, token_required, visible_person
from tracker.auth.service import email_problem
from tracker.errors import Forbidden, NotFound, ValidationError
from tracker.frameworks.targets import targets_of
from tracker.people import invitations, listing, service
from tracker.transaction import transactional


def user_to_dict(person, state):
    targets = targets_of(person)
    return {"email": person.email, "name": person.name,
            "manager": person.manager.email if person.manager else None,
            "admin": person.is_admin, "active": person.active, "state": state.key,
            "invitation_expires_at": state.until.isoformat() if state.until else None,
            "targets": {"frameworks": [f.slug for f in targets], "primary": targets[0].slug},
            "version": service.fingerprint(person)}


def _one(person, status=200):
    response = jsonify(user_to_dict(person, invitations.states_of([person])[person.id]))
    response.status_code = status
    return response


def _manageable(email):
    if not isinstance(email, str) or email_problem(email):
        raise NotFound(f"No user {email!r} that you can see.")
    person = visible_person(email)
    if not access.can_manage_person(g.api_user, person):
        raise Forbidden(f"Only admins and people above {person.name} can change their details.")
    return person


@bp.get("/users")
@token_required
def list_users():
    refuse_unknown_parameters({"q", "page", "per_page"})
    page = page_parameter("page", 1, listing.MAX_PAGE)
    per_page = page_parameter("per_page", listing.PER_PAGE, listing.MAX_PER_PAGE)
    results = listing.search_people(g.api_user, request.args.get("q", ""), page, per_page)
    states = invitations.states_of(results.items)
    return jsonify({"items": [user_to_dict(p, states[p.id]) for p in results.items], "total": results.total,
                    "page": page, "per_page": per_page})


@bp.post("/users")
@token_required
@transactional
def create_user():
    return _one(service.create_person(g.api_user, json_body()), 201)


@bp.patch("/users/<email>")
@token_required
@transactional
def update_user(email):
    person = _manageable(email)
    body = json_body()
    seen = body.pop("version", None)
    if seen is not None and not isinstance(seen, str):
        raise ValidationError({"version": "Must be the `version` string the person had when you read them."})
    return _one(service.update_person(g.api_user, person, body, seen=seen))


@bp.post("/invitations")
@token_required
@transactional
def invite():
    body = json_body()
    errors = {key or "(empty name)": "Unknown field." for key in body if key != "email"}
    if not isinstance(body.get("email"), str) or email_problem(body["email"]):
        errors["email"] = "Give the email address of the person to invite."
    if errors:
        raise ValidationError(errors)
    person = _manageable(body["email"])
    invitations.invite(g.api_user, person)
    return _one(person, 201)
