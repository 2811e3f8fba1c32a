"""Self-assessments in the API: `GET|POST /users/{email}/self-assessments`."""
from flask import g, jsonify

from tracker.api import bp
from tracker.api.auth import json_body, token_required, visible_person
from tracker.reviews.self_assessment import history, record_self_assessment, to_dict
from tracker.transaction import transactional


@bp.get("/users/<email>/self-assessments")
@token_required
def list_self_assessments(email):
    person = visible_person(email)
    return jsonify([to_dict(item) for item in history(person)])


@bp.post("/users/<email>/self-assessments")
@token_required
@transactional
def create_self_assessment(email):
    person = visible_person(email)
    assessment = record_self_assessment(g.api_user, person, json_body())
    return jsonify(to_dict(assessment)), 201
