"""Stakeholder corroboration over the API: the same service, validator and access rules as
the evidence page (tracker.corroboration)."""
from flask import g, jsonify

from tracker import access
from tracker.api import bp
from tracker.api.auth import json_body, token_required
from tracker.artifacts.service import load_artifact
from tracker.corroboration import service
from tracker.transaction import transactional


def _response(row, status=200):
    response = jsonify(service.to_dict(row, full=True))
    response.status_code = status
    return response


@bp.get("/artifacts/<int:artifact_id>/corroborations")
@token_required
def list_corroborations(artifact_id):
    artifact = load_artifact(g.api_user, artifact_id)
    full = access.can_manage_corroboration(g.api_user, artifact)
    return jsonify([service.to_dict(row, full) for row in service.visible_requests(g.api_user, artifact)])


@bp.post("/artifacts/<int:artifact_id>/corroborations")
@token_required
@transactional
def request_corroboration(artifact_id):
    artifact = load_artifact(g.api_user, artifact_id)
    return _response(service.request_corroboration(g.api_user, artifact, json_body()), status=201)


@bp.post("/corroborations/<int:corroboration_id>/withdraw")
@token_required
@transactional
def withdraw_corroboration(corroboration_id):
    row = service.load_corroboration(g.api_user, corroboration_id)
    return _response(service.withdraw(g.api_user, row))
