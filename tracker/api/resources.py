"""The smaller API resources: tokens, frameworks and readiness (artifacts have their own module)."""
from flask import g, jsonify

from tracker.api import bp
from tracker.api.auth import Unauthorized, json_body, token_required, visible_person
from tracker.auth.limits import sign_in_limited
from tracker.auth.service import authenticate, issue_token, revoke_token
from tracker.errors import NotFound, ValidationError
from tracker.extensions import db
from tracker.frameworks.service import export_framework, get_framework
from tracker.readiness.service import readiness_for


@bp.post("/tokens")
@sign_in_limited
def create_token():
    body = json_body()
    errors = {key: "This field is required." for key in ("email", "password")
              if not isinstance(body.get(key), str) or not body.get(key)}
    if errors:
        raise ValidationError(errors)
    user = authenticate(body["email"], body["password"])
    if user is None:
        raise Unauthorized("That email and password do not match an active account.")
    return jsonify({"token": issue_token(user)}), 201


@bp.delete("/tokens/current")
@token_required
def revoke_current_token():
    """Revoke the token this request was made with; it stops working at once."""
    revoke_token(g.api_token)
    db.session.commit()
    return "", 204


@bp.get("/frameworks/<slug>")
@token_required
def framework(slug):
    found = get_framework(slug)
    if found is None:
        raise NotFound(f"No framework {slug!r}.")
    return jsonify(export_framework(found))


@bp.get("/users/<email>/readiness")
@token_required
def readiness(email):
    person = visible_person(email)
    result = readiness_for(person)
    levels = result.framework.levels
    return jsonify({
        "user": person.email,
        "framework": result.framework.slug,
        "stage": result.stage,
        "dimensions": [
            {
                "competency": d.competency.slug,
                "level": d.level.slug if d.level else None,
                "agreed_level": d.agreed_level.slug if d.agreed_level else None,
                "counts": d.counts(levels),
            }
            for d in result.dimensions
        ],
    })
