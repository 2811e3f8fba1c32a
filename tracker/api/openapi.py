"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

Bodies are described in `tracker.api.schemas`; this module lists the operations, their
parameters and every status they can answer.
"""
from flask import jsonify

from tracker.api import bp
from tracker.api.artifacts import MAX_PAGE, MAX_PER_PAGE
from tracker.api.schemas import SCHEMAS, ref
from tracker.exports import FORMATS
from tracker.models import ARTIFACT_TYPES

ERROR_MEANINGS = {
    400: "The request could not be read (not JSON, NUL or unpaired surrogate in text, nested too deep).",
    401: "No valid bearer token.",
    403: "You may see this, but not do this.",
    404: "Not found, or not yours to see.",
    409: "The evidence or session changed since the version the request was based on, or its state forbids "
         "this.",
    413: "The body is too large.",
    422: "Invalid input; `fields` names each bad field.",
    428: "A decision must name the version it covers (`version` or If-Match).",
    429: "Too many sign-in attempts; wait and try again.",
}


def _json(schema):
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*statuses):
    return {str(status): {"description": ERROR_MEANINGS[status], **_json(ref("Error"))} for status in statuses}


def _ok(status, description, schema=None):
    return {str(status): {"description": description, **(_json(schema) if schema else {})}}


def _body(name):
    return {"required": True, **_json(ref(name))}


READ = (400, 401, 404)  # every authenticated request can be unreadable, unauthenticated or unseen
WRITE = (*READ, 413, 422)
ARTIFACT_ID = {"name": "artifact_id", "in": "path", "required": True,
               "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
REVIEW_ID = {"name": "review_id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
            "description": 'The version the change is based on, as an ETag ("3"); the body\'s `version` wins.'}
SESSION_IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
                    "description": 'The session version the change is based on, as an ETag ("3"); '
                                   'without it, the current one.'}


def _query(name, schema, description=""):
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


PATHS = {
    "/tokens": {"post": {
        "summary": "Exchange email and password for a bearer token (403 when password sign-in is off)",
        "security": [], "requestBody": _body("Credentials"),
        "responses": {**_ok(201, "A new token", ref("Token")), **_errors(400, 401, 403, 413, 422, 429)}},
        "get": {"summary": "The caller's tokens that still work (only digests are kept: each is known by its id)",
                "responses": {**_ok(200, "Tokens", {"type": "array", "items": ref("HeldToken")}),
                              **_errors(400, 401)}}},
    "/tokens/{token_id}": {"delete": {
        "summary": "Revoke one of the caller's own tokens",
        "parameters": [{"name": "token_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}],
        "responses": {**_ok(204, "Revoked"), **_errors(*READ)}}},
    "/tokens/current": {"delete": {
        "summary": "Revoke the token this request is made with",
        "responses": {**_ok(204, "Revoked"), **_errors(400, 401)}}},
    "/frameworks": {"get": {
        "summary": "Every framework: slug, name and kind",
        "responses": {**_ok(200, "Frameworks", {"type": "array", "items": ref("FrameworkSummary")}),
                      **_errors(400, 401)}}},
    "/frameworks/{slug}": {"get": {
        "summary": "A framework's levels, competencies, descriptors and thresholds",
        "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {**_ok(200, "The framework", ref("Framework")), **_errors(*READ)}}},
    "/artifacts": {
        "get": {"summary": "Evidence the caller may see, newest first",
                "parameters": [
                    _query("owner", {"type": "string"}, "An owner's email."),
                    _query("competency", {"type": "string"}, "A competency slug."),
                    _query("type", {"enum": [*ARTIFACT_TYPES, ""]}, "Empty means any type."),
                    _query("q", {"type": "string"}, "Text in the title or summary (first 200 characters used)."),
                    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
                    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE})],
                "responses": {**_ok(200, "A page of evidence", ref("ArtifactPage")), **_errors(*READ, 422)}},
        "post": {"summary": "Log evidence", "requestBody": _body("ArtifactInput"),
                 "responses": {**_ok(201, "Created", ref("Artifact")), **_errors(*WRITE, 403)}}},
    "/artifacts/{artifact_id}": {
        "parameters": [ARTIFACT_ID],
        "get": {"summary": "One piece of evidence; its ETag is its version",
                "responses": {**_ok(200, "The evidence", ref("Artifact")), **_errors(*READ)}},
        "patch": {"summary": "Edit evidence; changing verified content returns it to submitted",
                  "parameters": [IF_MATCH], "requestBody": _body("ArtifactPatch"),
                  "responses": {**_ok(200, "The evidence", ref("Artifact")), **_errors(*WRITE, 403, 409)}},
        "delete": {"summary": "Move evidence to the owner's trash (restorable)", "parameters": [IF_MATCH],
                   "responses": {**_ok(204, "Moved to the trash"), **_errors(*READ, 403, 409, 422)}}},
    "/artifacts/{artifact_id}/verification": {"parameters": [ARTIFACT_ID], "post": {
        "summary": "Verify evidence or request changes (the owner's manager or an admin)",
        "parameters": [IF_MATCH], "requestBody": _body("Decision"),
        "responses": {**_ok(200, "The evidence", ref("Artifact")), **_errors(*WRITE, 403, 409, 428)}}},
    "/artifacts/{artifact_id}/corroborations": {
        "parameters": [ARTIFACT_ID],
        "get": {"summary": "Stakeholders' statements on the evidence: every request (open, given, withdrawn) for "
                           "its owner, the given statements for others who may see it",
                "responses": {**_ok(200, "Requests, newest first", {"type": "array", "items": ref("Corroboration")}),
                              **_errors(*READ)}},
        "post": {"summary": "Ask a stakeholder for a statement (the owner only): they are mailed a single-use "
                            "link, valid 14 days, to a page that shows the evidence's title and summary. "
                            "At most 5 open requests per evidence and 20 requests a day (422 on `request`)",
                 "requestBody": _body("CorroborationInput"),
                 "responses": {**_ok(201, "The request", ref("Corroboration")), **_errors(*WRITE, 403, 409)}}},
    "/corroborations/{corroboration_id}/withdraw": {"post": {
        "summary": "Withdraw an open request (the owner only): its link stops working; 409 once answered or "
                   "withdrawn",
        "parameters": [{"name": "corroboration_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}],
        "responses": {**_ok(200, "The request", ref("Corroboration")), **_errors(*READ, 403, 409)}}},
    "/users": {
        "get": {"summary": "The people the caller may see (an admin: everyone; others: themselves and everyone "
                           "below them), by name",
                "parameters": [_query("q", {"type": "string"}, "Text in the name or email (first 100 characters used)."),
                               _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
                               _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE})],
                "responses": {**_ok(200, "A page of people", ref("UserPage")), **_errors(*READ, 422)}},
        "post": {"summary": "Add a person without a password and mail them an invitation (admins; managers below "
                            "themselves)",
                 "requestBody": _body("UserInput"),
                 "responses": {**_ok(201, "The person", ref("User")), **_errors(*WRITE, 403)}}},
    "/users/{email}": {"patch": {
        "summary": "Change a person's name, email, manager, targets, admin flag or whether they are active "
                   "(admins; managers for people below them: name, manager, targets, active)",
        "parameters": [{"name": "email", "in": "path", "required": True, "schema": {"type": "string"}}],
        "requestBody": _body("UserPatch"),
        "responses": {**_ok(200, "The person", ref("User")), **_errors(*WRITE, 403, 409)}}},
    "/invitations": {"post": {
        "summary": "Mail a person without a password a new invitation; earlier links stop working",
        "requestBody": _body("InvitationInput"),
        "responses": {**_ok(201, "The person", ref("User")), **_errors(*WRITE, 403, 409)}}},
    "/users/{email}/targets": {
        "parameters": [{"name": "email", "in": "path", "required": True, "schema": {"type": "string"}}],
        "get": {"summary": "A person's target frameworks, primary first",
                "responses": {**_ok(200, "Targets", ref("Targets")), **_errors(*READ)}},
        "put": {"summary": "Replace a person's targets (their management chain or an admin)",
                "requestBody": _body("Targets"),
                "responses": {**_ok(200, "Targets", ref("Targets")), **_errors(*WRITE, 403)}}},
    "/users/{email}/readiness": {"get": {
        "summary": "Evidence level per competency, and the stage (ladders) or band and total (scorecards)",
        "parameters": [{"name": "email", "in": "path", "required": True, "schema": {"type": "string"}},
                       _query("framework", {"type": "string"}, "A framework slug; default the person's primary target."),
                       _query("as_of", {"type": "string", "format": "date"},
                              "Readiness as it stood on this day (evidence dated on or before it); default today.")],
        "responses": {**_ok(200, "Readiness", ref("Readiness")), **_errors(*READ, 422)}}},
    "/users/{email}/brag-document": {"get": {
        "summary": "Your evidence for a date range as one document, by year and quarter, newest first "
                   "(only the person themselves)",
        "parameters": [{"name": "email", "in": "path", "required": True, "schema": {"type": "string"}},
                       _query("format", {"enum": list(FORMATS)}, "Default markdown."),
                       _query("from", {"type": "string", "format": "date"},
                              "First day; default a year before `to`. At most five years before `to`."),
                       _query("to", {"type": "string", "format": "date"}, "Last day; default today."),
                       _query("verified_only", {"enum": ["true", "false"]}, "Leave unverified evidence out."),
                       _query("include_private", {"enum": ["true", "false"]}, "Include your private evidence."),
                       _query("redacted", {"enum": ["true", "false"]},
                              "For use outside the company: confidential evidence becomes a placeholder "
                              "(`Confidential: cost outcome, Q2 2026`); the company name (an admin setting) "
                              "reads `the company`; stakeholders, links and attachments are left out; metrics "
                              "show only their relative change; verifications name no verifier.")],
        "responses": {"200": {"description": "The brag document, as a download",
                              "content": {f.media_type: {"schema": {"type": "string"}} for f in FORMATS.values()}},
                      **_errors(*READ, 403, 422)}}},
    "/users/{email}/packet": {"get": {
        "summary": "A promotion packet against a framework: stage, gaps, strongest verified evidence, agreed "
                   "levels, self-assessment and endorsement (the person, their management chain, admins)",
        "parameters": [{"name": "email", "in": "path", "required": True, "schema": {"type": "string"}},
                       _query("framework", {"type": "string"}, "A framework slug; default the person's primary target.")],
        "responses": {"200": {"description": "The packet, as a PDF download",
                              "content": {"application/pdf": {"schema": {"type": "string"}}}},
                      **_errors(*READ, 422)}}},
    "/users/{email}/self-assessments": {
        "parameters": [{"name": "email", "in": "path", "required": True, "schema": {"type": "string"}}],
        "get": {"summary": "A person's self-assessments, newest first (the person, their chain, admins)",
                "responses": {**_ok(200, "Self-assessments", {"type": "array", "items": ref("SelfAssessment")}),
                              **_errors(*READ)}},
        "post": {"summary": "Record your own self-assessment: every question 1-5, levels per competency optional",
                 "requestBody": _body("SelfAssessmentInput"),
                 "responses": {**_ok(201, "The self-assessment", ref("SelfAssessment")), **_errors(*WRITE, 403)}}},
    "/me/export": {"get": {
        "summary": "Everything you own as a zip: my-data.json (docs/my-data.md), the attachments and your "
                   "brag document in Markdown",
        "responses": {"200": {"description": "The zip, as a download",
                              "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
                      **_errors(400, 401, 422)}}},
    "/reviews": {"post": {
        "summary": "Schedule a review session with one of your reports (an admin: with anyone active)",
        "requestBody": _body("ReviewInput"),
        "responses": {**_ok(201, "The session", ref("Review")), **_errors(*WRITE)}}},
    "/reviews/{review_id}": {"parameters": [REVIEW_ID], "get": {
        "summary": "A session: agenda, agreed levels, action items, decisions and the notes you may read; "
                   "its ETag is its version",
        "responses": {**_ok(200, "The session", ref("Review")), **_errors(*READ)}}},
    "/reviews/{review_id}/notes": {"parameters": [REVIEW_ID], "post": {
        "summary": "Add a shared or private note (the two sides, while the session is open)",
        "requestBody": _body("ReviewNoteInput"),
        "responses": {**_ok(201, "The note", ref("ReviewNote")), **_errors(*WRITE, 403, 409)}}},
    "/reviews/{review_id}/agreed-levels": {"parameters": [REVIEW_ID], "put": {
        "summary": "Replace the levels agreed in the session for one framework "
                   "(the manager running it or an admin)",
        "parameters": [SESSION_IF_MATCH], "requestBody": _body("AgreedLevelsInput"),
        "responses": {**_ok(200, "Every level agreed in the session",
                            {"type": "array", "items": ref("AgreedLevel")}), **_errors(*WRITE, 403, 409)}}},
    "/reviews/{review_id}/action-items": {"parameters": [REVIEW_ID], "post": {
        "summary": "Add an action item owned by one of the two sides (the two sides, while the session is open)",
        "requestBody": _body("ActionItemInput"),
        "responses": {**_ok(201, "The action item", ref("ActionItem")), **_errors(*WRITE, 403, 409)}}},
    "/reviews/{review_id}/close": {"parameters": [REVIEW_ID], "post": {
        "summary": "Close the session: its agenda is kept as it stands and both sides get the summary "
                   "(the manager running it or an admin)",
        "parameters": [SESSION_IF_MATCH],
        "responses": {**_ok(200, "The closed session", ref("Review")), **_errors(*READ, 403, 409, 422)}}},
}


def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {"title": "Promotion-evidence tracker API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {"schemas": SCHEMAS, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": PATHS,
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
