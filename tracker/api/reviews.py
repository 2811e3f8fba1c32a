"""Review sessions in the API: schedule one, read it (with the notes the caller may read),
add notes and action items, record agreed levels, close it. The services decide who may do
what, exactly as for the session's page; a session's ETag is its version."""
from flask import g, jsonify, request, url_for

from tracker import access
from tracker.api import bp
from tracker.api.auth import json_body, token_required
from tracker.artifacts.versions import parse_version
from tracker.reviews import contributions, sessions
from tracker.reviews.agenda import action_to_dict
from tracker.reviews.agreed import agreed_in, agreed_to_dict
from tracker.reviews.notes import note_to_dict
from tracker.reviews.serialisation import review_to_dict
from tracker.transaction import transactional


def _if_match():
    """The session version a change is based on (If-Match), or None: the current one."""
    return parse_version(request.headers.get("If-Match"), field="If-Match", of="the session")


def _with_version(body, review, status=200):
    response = jsonify(body)
    response.status_code = status
    response.set_etag(str(review.version))
    return response


@bp.post("/reviews")
@token_required
@transactional
def schedule_review():
    body = json_body()
    candidate = access.visible_person_by_email(g.api_user, body.get("candidate"))
    review = sessions.schedule_review(g.api_user, candidate, body)
    response = _with_version(review_to_dict(review, g.api_user), review, 201)
    response.headers["Location"] = url_for("api.get_review", review_id=review.id)
    return response


@bp.get("/reviews/<int:review_id>")
@token_required
def get_review(review_id):
    review = sessions.load_review(g.api_user, review_id)
    return _with_version(review_to_dict(review, g.api_user), review)


@bp.post("/reviews/<int:review_id>/notes")
@token_required
@transactional
def add_note(review_id):
    review = sessions.load_review(g.api_user, review_id)
    note = contributions.add_note(g.api_user, review, json_body())
    return jsonify(note_to_dict(note)), 201


@bp.put("/reviews/<int:review_id>/agreed-levels")
@token_required
@transactional
def set_agreed_levels(review_id):
    review = sessions.load_review(g.api_user, review_id)
    contributions.set_agreed_levels(g.api_user, review, json_body(), based_on=_if_match())
    return _with_version([agreed_to_dict(row) for row in agreed_in(review)], review)


@bp.post("/reviews/<int:review_id>/action-items")
@token_required
@transactional
def add_action_item(review_id):
    review = sessions.load_review(g.api_user, review_id)
    item = contributions.add_action_item(g.api_user, review, json_body())
    return jsonify(action_to_dict(item)), 201


@bp.post("/reviews/<int:review_id>/close")
@token_required
@transactional
def close_review(review_id):
    review = sessions.load_review(g.api_user, review_id)
    sessions.close_review(g.api_user, review, based_on=_if_match())
    return _with_version(review_to_dict(review, g.api_user), review)
