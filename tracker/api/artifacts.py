from flask import g, jsonify, request, url_for

from tracker.api import bp
from tracker.api.auth import json_body, page_parameter, refuse_unknown_parameters, token_required, visible_person
from tracker.artifacts import listing, service
from tracker.artifacts.versions import parse_version
from tracker.errors import ValidationError
from tracker.models import ARTIFACT_TYPES
from tracker.transaction import transactional

MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000


@bp.post("/artifacts")
@token_required
@transactional
def create_artifact():
    body = json_body()
    owner_email = body.pop("owner", None)
    if owner_email is not None and not isinstance(owner_email, str):
        raise ValidationError({"owner": "Must be the owner's email address."})
    owner = visible_person(owner_email) if owner_email else g.api_user
    state = body.pop("state", "submitted")
    if state not in ("draft", "submitted"):
        raise ValidationError({"state": "New evidence is draft or submitted."})
    artifact = service.create_artifact(g.api_user, owner, body, submit=state == "submitted")
    response = artifact_response(artifact, status=201)
    response.headers["Location"] = url_for("api.get_artifact", artifact_id=artifact.id)
    return response


LIST_PARAMETERS = {"owner", "competency", "type", "q", "page", "per_page"}


@bp.get("/artifacts")
@token_required
def list_artifacts():
    refuse_unknown_parameters(LIST_PARAMETERS)
    owner = visible_person(request.args["owner"]) if request.args.get("owner") else None
    type_ = request.args.get("type") or None
    if type_ and type_ not in ARTIFACT_TYPES:
        raise ValidationError({"type": f"Unknown type; one of: {', '.join(ARTIFACT_TYPES)}."})
    page = page_parameter("page", 1, MAX_PAGE)
    per_page = page_parameter("per_page", 50, MAX_PER_PAGE)
    results = listing.search_artifacts(
        g.api_user, owner=owner, competency=request.args.get("competency") or None, type_=type_,
        q=(request.args.get("q") or "").strip()[:200] or None, page=page, per_page=per_page)
    return jsonify({"items": [service.artifact_to_dict(a) for a in results.items], "total": results.total,
                    "capped": results.capped,
                    "page": page, "per_page": per_page})


def based_on(body=None):
    """The version a change is based on: the body's `version`, else `If-Match`, else None."""
    if body is not None and "version" in body:
        version = body.pop("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ValidationError({"version": "Must be the whole-number version of the evidence you are changing."})
        return parse_version(version)
    return parse_version(request.headers.get("If-Match"), field="If-Match")


def artifact_response(artifact, status=200):
    response = jsonify(service.artifact_to_dict(artifact))
    response.status_code = status
    response.set_etag(str(artifact.version))
    return response


@bp.get("/artifacts/<int:artifact_id>")
@token_required
def get_artifact(artifact_id):
    return artifact_response(service.load_artifact(g.api_user, artifact_id))


@bp.patch("/artifacts/<int:artifact_id>")
@token_required
@transactional
def update_artifact(artifact_id):
    artifact = service.load_artifact(g.api_user, artifact_id)
    body = json_body()
    version = based_on(body)
    for key, message in (("owner", "The owner of evidence cannot change."),
                         ("state", "Change the state with POST .../verification, or submit on the page.")):
        if key in body:
            raise ValidationError({key: message})
    return artifact_response(service.update_artifact(g.api_user, artifact, body, based_on=version))


@bp.delete("/artifacts/<int:artifact_id>")
@token_required
@transactional
def delete_artifact(artifact_id):
    artifact = service.load_artifact(g.api_user, artifact_id)
    service.delete_artifact(g.api_user, artifact, based_on=based_on())
    return "", 204


@bp.post("/artifacts/<int:artifact_id>/verification")
@token_required
@transactional
def verify_artifact(artifact_id):
    artifact = service.load_artifact(g.api_user, artifact_id)
    body = json_body()
    version = based_on(body)
    comment = body.get("comment")
    artifact = service.decide(g.api_user, artifact, body.get("decision"), "" if comment is None else comment,
                              based_on=version, version_required=True)
    return artifact_response(artifact)
