"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json."""
from flask import jsonify

from tracker.api import bp
from tracker.models import ARTIFACT_TYPES, METRIC_CATEGORIES


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema):
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*statuses):
    return {str(status): {"description": "Error", **_json(_ref("Error"))} for status in statuses}


ARTIFACT_INPUT = {
    "type": "object",
    "properties": {
        "owner": {"type": "string", "format": "email", "description": "Defaults to the caller."},
        "type": {"enum": list(ARTIFACT_TYPES)},
        "title": {"type": "string", "maxLength": 200},
        "occurred_on": {"type": "string", "format": "date"},
        "summary": {"type": "string", "description": "Markdown; sanitised when shown."},
        **{key: {"type": "string"} for key in ("situation", "task", "action", "result", "scope", "stakeholders")},
        "links": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "visibility": {"enum": ["manager", "private"]},
        "state": {"enum": ["draft", "submitted"], "description": "On create only; default submitted."},
        "claims": {"type": "array", "items": _ref("Claim")},
        "metrics": {"type": "array", "items": _ref("Metric")},
    },
}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message", "fields"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
    "Claim": {"type": "object", "required": ["competency", "level"],
              "properties": {"competency": {"type": "string"}, "level": {"type": "string"}}},
    "Metric": {"type": "object", "required": ["name", "result", "category"], "properties": {
        "name": {"type": "string"}, "baseline": {"type": ["number", "null"]},
        "result": {"type": "number"}, "unit": {"type": "string"},
        "category": {"enum": list(METRIC_CATEGORIES)}}},
    "ArtifactInput": ARTIFACT_INPUT,
    "Artifact": {"type": "object", "properties": {
        "id": {"type": "integer"}, "owner": {"type": "string"}, "author": {"type": "string"},
        "state": {"enum": ["draft", "submitted", "verified", "changes_requested"]},
        "verification": {"type": "object"}, "deleted": {"type": "boolean"},
        **{k: v for k, v in ARTIFACT_INPUT["properties"].items() if k not in ("owner", "state")}}},
    "Readiness": {"type": "object", "properties": {
        "user": {"type": "string"}, "framework": {"type": "string"},
        "stage": {"enum": ["manager", "transition", "ready"]},
        "dimensions": {"type": "array", "items": {"type": "object", "properties": {
            "competency": {"type": "string"}, "level": {"type": ["string", "null"]},
            "agreed_level": {"type": ["string", "null"]},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}}}}}}},
}

ID = [{"name": "artifact_id", "in": "path", "required": True, "schema": {"type": "integer"}}]

PATHS = {
    "/tokens": {"post": {
        "summary": "Exchange email and password for a bearer token", "security": [],
        "requestBody": _json({"type": "object", "required": ["email", "password"], "properties": {
            "email": {"type": "string"}, "password": {"type": "string"}}}),
        "responses": {"201": {"description": "Token", **_json({"type": "object", "properties": {
            "token": {"type": "string"}}})}, **_errors(400, 401, 422, 429)}}},
    "/tokens/current": {"delete": {
        "summary": "Revoke the token this request is made with",
        "responses": {"204": {"description": "Revoked"}, **_errors(401)}}},
    "/frameworks/{slug}": {"get": {
        "summary": "A framework's levels, competencies, descriptors and thresholds",
        "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Framework", **_json({"type": "object"})}, **_errors(401, 404)}}},
    "/artifacts": {
        "get": {"summary": "Evidence the caller may see, newest first",
                "parameters": [{"name": n, "in": "query", "schema": {"type": t}} for n, t in (
                    ("owner", "string"), ("competency", "string"), ("type", "string"), ("q", "string"),
                    ("page", "integer"), ("per_page", "integer"))],
                "responses": {"200": {"description": "A page of evidence", **_json({"type": "object", "properties": {
                    "items": {"type": "array", "items": _ref("Artifact")}, "total": {"type": "integer"},
                    "page": {"type": "integer"}, "per_page": {"type": "integer"}}})}, **_errors(401, 404, 422)}},
        "post": {"summary": "Log evidence", "requestBody": _json(_ref("ArtifactInput")),
                 "responses": {"201": {"description": "Created", **_json(_ref("Artifact"))},
                               **_errors(400, 401, 403, 404, 413, 422)}}},
    "/artifacts/{artifact_id}": {
        "parameters": ID,
        "get": {"summary": "One piece of evidence",
                "responses": {"200": {"description": "Evidence", **_json(_ref("Artifact"))}, **_errors(401, 404)}},
        "patch": {"summary": "Edit evidence; changing verified content returns it to submitted",
                  "requestBody": _json(_ref("ArtifactInput")),
                  "responses": {"200": {"description": "Evidence", **_json(_ref("Artifact"))},
                                **_errors(400, 401, 403, 404, 422)}},
        "delete": {"summary": "Move evidence to the owner's trash (restorable)",
                   "responses": {"204": {"description": "Deleted"}, **_errors(401, 403, 404)}}},
    "/artifacts/{artifact_id}/verification": {"parameters": ID, "post": {
        "summary": "Verify evidence or request changes (owner's manager or an admin)",
        "requestBody": _json({"type": "object", "required": ["decision"], "properties": {
            "decision": {"enum": ["verified", "changes_requested"]}, "comment": {"type": "string"}}}),
        "responses": {"200": {"description": "Evidence", **_json(_ref("Artifact"))},
                      **_errors(400, 401, 403, 404, 409, 422)}}},
    "/users/{email}/readiness": {"get": {
        "summary": "Evidence level per competency and the stage",
        "parameters": [{"name": "email", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Readiness", **_json(_ref("Readiness"))}, **_errors(401, 404)}}},
}


@bp.get("/openapi.json")
def openapi():
    return jsonify({
        "openapi": "3.1.0",
        "info": {"title": "Promotion-evidence tracker API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {"schemas": SCHEMAS, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": PATHS,
    })
