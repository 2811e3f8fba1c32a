"""JSON Schemas of the API's request and response bodies (the OpenAPI document's components).

They describe what the validators in `tracker.artifacts.validation` and
`tracker.reviews.validation` and the serialisers actually accept and return; `tests/api/test_schemathesis.py` checks the two agree by
sending generated requests and validating every response against these schemas.
"""
from tracker.artifacts.kinds import KINDS
from tracker.artifacts.validation import MAX_LINKS, MAX_METRICS, TEXT_FIELDS
from tracker.corroboration.validation import NAME_LIMIT as CORROBORATION_NAME_LIMIT
from tracker.corroboration.validation import ROLE_LIMIT as CORROBORATION_ROLE_LIMIT
from tracker.models import ARTIFACT_TYPES, METRIC_CATEGORIES, STATES, VISIBILITIES, ReviewState
from tracker.reviews.questions import QUESTIONS
from tracker.reviews.validation import (LOCATION_LIMIT, MAX_MINUTES, MIN_MINUTES, NOTE_LIMIT, RATIONALE_LIMIT,
                                        TITLE_LIMIT)

STAR = ("situation", "task", "action", "result")
NUMBER_TEXT = r"^\s*([+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)?\s*$"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema):
    """Optional input that the validator reads as empty when null."""
    return {"anyOf": [schema, {"type": "null"}]}


def _text(limit, **extra):
    return _nullable({"type": "string", "maxLength": limit, **extra})


def _strings(*names):
    return {name: {"type": "string"} for name in names}


def _object(required, properties):
    """An object with exactly these properties (the review validators refuse unknown fields)."""
    return {"type": "object", "required": list(required), "additionalProperties": False, "properties": properties}


def _artifact_input(required, extra):
    properties = {
        "type": {"enum": list(ARTIFACT_TYPES)},
        "title": {"type": "string", "maxLength": 200, "pattern": r"\S"},
        "occurred_on": {"type": "string", "format": "date",
                        "description": "Not in the future, not before 1990."},
        **{name: _text(limit) for name, limit in TEXT_FIELDS.items()},
        "links": {"anyOf": [{"type": "array", "maxItems": MAX_LINKS,
                             "items": {"type": "string", "maxLength": 2000, "description": "An http(s) address."}},
                            {"type": "string", "description": "One http(s) address per line."},
                            {"type": "null"}]},
        "visibility": {"enum": [*VISIBILITIES, "", None], "description": "Empty or null means manager."},
        "confidential": {"type": ["boolean", "null"],
                         "description": "A redacted brag document shows it only as a placeholder; null means false. "
                                        "Not part of what a verification covers."},
        "claims": _nullable({"type": "array", "items": ref("Claim")}),
        "metrics": _nullable({"type": "array", "maxItems": MAX_METRICS, "items": ref("MetricInput")}),
        "details": _DETAILS,
        **extra,
    }
    properties["summary"]["description"] = "Markdown; sanitised when shown."
    return {"type": "object", "required": required, "additionalProperties": False, "properties": properties}


COLUMN_TYPES = {"text": {"type": "string"}, "long": {"type": "string"}, "number": {"type": ["number", "string", "null"]},
                "score": {"type": "integer", "minimum": 1, "maximum": 5}, "date": {"type": ["string", "null"], "format": "date"},
                "parent": {"type": ["integer", "null"], "minimum": 0,
                           "description": "The index of an earlier row this one hangs under; null at the top."}}


def _section(section):
    if section.kind == "text":
        return {"type": "string", "maxLength": section.limit, "description": section.label}
    if section.kind == "items":
        return {"type": "array", "maxItems": section.most, "items": {"type": "string"}, "description": section.label}
    columns = {c.name: {"enum": list(c.choices)} if c.kind == "choice" else COLUMN_TYPES[c.kind]
               for c in section.columns}
    return {"type": "array", "maxItems": section.most, "description": section.label, "items": {
        "type": "object", "additionalProperties": False, "properties": columns,
        "required": [c.name for c in section.columns if c.required]}}


def _details_schemas():
    """One schema per evidence type with sections: what `details` holds for it."""
    return {f"Details_{slug}": {"type": "object", "additionalProperties": False,
                                "description": f"`details` of a {slug} artifact; every section optional.",
                                "properties": {s.name: _section(s) for s in kind.sections}}
            for slug, kind in KINDS.items() if kind.sections}


_DETAILS = {"anyOf": [{"type": "object"}, {"type": "null"}],
            "description": "The type's own sections: see the Details_<type> schemas. Types without sections "
                           "take {}. Changing the type of evidence that has sections needs details too."}
_VERSION = {"type": "integer", "minimum": 1,
            "description": "The version the change is based on; an older one is refused with 409."}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message", "fields"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
    "Claim": {"type": "object", "required": ["competency", "level"], "properties": {
        "framework": {"type": ["string", "null"],
                      "description": "A target framework's slug; default the owner's primary target."},
        "competency": {"type": "string", "description": "A competency slug."},
        "level": {"type": "string", "description": "A level slug."}}},
    "ClaimOut": {"type": "object", "required": ["framework", "competency", "level"], "properties": {
        "framework": {"type": "string"}, "competency": {"type": "string"}, "level": {"type": "string"}}},
    "MetricInput": {"type": "object", "required": ["name", "result", "category"], "properties": {
        "name": {"type": "string", "maxLength": 200, "pattern": r"\S"},
        "baseline": {"type": ["number", "string", "null"], "pattern": NUMBER_TEXT},
        "result": {"type": ["number", "string"], "pattern": NUMBER_TEXT},
        "unit": _text(32),
        "category": {"enum": list(METRIC_CATEGORIES)}}},
    "Metric": {"type": "object", "required": ["name", "baseline", "result", "unit", "category"], "properties": {
        "name": {"type": "string"}, "baseline": {"type": ["number", "null"]}, "result": {"type": ["number", "null"]},
        "unit": {"type": "string"}, "category": {"enum": list(METRIC_CATEGORIES)}}},
    "ArtifactInput": _artifact_input(["type", "title", "occurred_on"], {
        "owner": {"type": ["string", "null"], "description": "The owner's email; empty or null means the caller."},
        "state": {"enum": ["draft", "submitted"], "description": "Default submitted."}}),
    "ArtifactPatch": _artifact_input([], {"version": _VERSION}),
    "Decision": {"type": "object", "required": ["decision"], "properties": {
        "decision": {"enum": ["verified", "changes_requested"]},
        "comment": _text(5000, description="Required when sending back."),
        "version": _VERSION}},
    "Artifact": {"type": "object", "additionalProperties": False, "required": [
        "id", "owner", "author", "type", "title", "occurred_on", "summary", "star", "scope", "stakeholders",
        "links", "details", "visibility", "confidential", "claims", "metrics", "attachments", "state", "coach_score",
        "verification", "created_at", "updated_at", "deleted", "version"], "properties": {
        "id": {"type": "integer"}, "owner": {"type": "string"}, "author": {"type": "string"},
        "type": {"enum": list(ARTIFACT_TYPES)}, "title": {"type": "string"},
        "occurred_on": {"type": "string", "format": "date"}, "summary": {"type": "string"},
        "star": {"type": "object", "required": list(STAR), "properties": {k: {"type": "string"} for k in STAR}},
        "scope": {"type": "string"}, "stakeholders": {"type": "string"},
        "links": {"type": "array", "items": {"type": "string"}},
        "details": {"type": "object", "description": "The type's own sections (Details_<type>)."},
        "coach_score": {"type": "integer", "minimum": 0, "maximum": 5,
                        "description": "The evidence coach's score; below 4 it needs work."},
        "visibility": {"enum": list(VISIBILITIES)}, "confidential": {"type": "boolean"},
        "claims": {"type": "array", "items": ref("ClaimOut")},
        "metrics": {"type": "array", "items": ref("Metric")},
        "attachments": {"type": "array", "items": {"type": "object", "required": [
            "id", "filename", "content_type", "size", "sha256"], "properties": {
            "id": {"type": "integer"}, "filename": {"type": "string"}, "content_type": {"type": "string"},
            "size": {"type": "integer"}, "sha256": {"type": "string"}}}},
        "state": {"enum": list(STATES)},
        "verification": {"type": "object", "required": ["by", "at", "comment"], "properties": {
            "by": {"type": ["string", "null"]}, "at": {"type": ["string", "null"], "format": "date-time"},
            "comment": {"type": "string"}}},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "deleted": {"type": "boolean"}, "version": {"type": "integer", "minimum": 1}}},
    "ArtifactPage": {"type": "object", "required": ["items", "total", "capped", "page", "per_page"], "properties": {
        "items": {"type": "array", "items": ref("Artifact")}, "total": {"type": "integer"},
        "capped": {"type": "boolean", "description": "More than `total`: a search ranks at most 1,000 matches and "
                                                     "a list counts at most 10,000 items; narrow it for an exact count."},
        "page": {"type": "integer"}, "per_page": {"type": "integer"}}},
    "Framework": {"type": "object", "required": ["slug", "name", "description", "levels", "thresholds",
                                                 "competencies"], "properties": {
        "slug": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
        "levels": {"type": "array", "items": {"type": "object", "required": ["slug", "name", "description"],
                                              "properties": {"slug": {"type": "string"}, "name": {"type": "string"},
                                                             "description": {"type": "string"}}}},
        "thresholds": {"type": "object", "additionalProperties": {"type": "integer"}},
        "competencies": {"type": "array", "items": {"type": "object", "required": [
            "slug", "name", "summary", "descriptors", "evidence_hints", "weak_signals"], "properties": {
            "slug": {"type": "string"}, "name": {"type": "string"}, "summary": {"type": "string"},
            "descriptors": {"type": "object", "additionalProperties": {"type": "string"}},
            "evidence_hints": {"type": "array", "items": {"type": "string"}},
            "weak_signals": {"type": "array", "items": {"type": "string"}}}}}}},
    "FrameworkSummary": {"type": "object", "required": ["slug", "name", "kind"], "properties": {
        "slug": {"type": "string"}, "name": {"type": "string"}, "kind": {"enum": ["ladder", "scorecard"]}}},
    "Readiness": {"type": "object", "additionalProperties": False, "required": [
        "user", "framework", "kind", "as_of", "stage", "band", "advice", "total", "max_total", "headline",
        "dimensions"], "properties": {
        "user": {"type": "string"}, "framework": {"type": "string"}, "kind": {"enum": ["ladder", "scorecard"]},
        "as_of": {"type": "string", "format": "date"},
        "stage": {"enum": ["manager", "transition", "ready", None], "description": "Ladders; null for scorecards."},
        "band": {"type": ["string", "null"], "description": "Scorecards: the band the total falls in."},
        "advice": {"type": ["string", "null"], "description": "Scorecards: the band's next move."},
        "total": {"type": ["integer", "null"]}, "max_total": {"type": ["integer", "null"]},
        "headline": {"type": "string", "description": "The standing in words."},
        "dimensions": {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": [
            "competency", "level", "agreed_level", "self_rating", "score", "counts", "pending", "latest",
            "next_step"], "properties": {
            "competency": {"type": "string"}, "level": {"type": ["string", "null"]},
            "agreed_level": {"type": ["string", "null"]}, "self_rating": {"type": ["string", "null"]},
            "score": {"type": "integer", "minimum": 0},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"},
                       "description": "Counting claims at exactly each level."},
            "pending": {"type": "integer", "description": "Claims awaiting verification (they do not count yet)."},
            "latest": {"type": ["string", "null"], "format": "date"},
            "next_step": {"type": ["string", "null"], "description": "What would lift it; null at the top level."},
        }}}}},
    "Targets": {"type": "object", "required": ["frameworks", "primary"], "properties": {
        "frameworks": {"type": "array", "minItems": 1, "maxItems": 10, "uniqueItems": True,
                       "items": {"type": "string"}, "description": "Framework slugs."},
        "primary": {"type": "string", "description": "One of `frameworks`."}}},
    "SelfAssessmentInput": {"type": "object", "required": ["answers"], "properties": {
        "answers": {"type": "array", "items": {"type": "object", "required": ["question", "rating"], "properties": {
            "question": {"enum": [q.slug for q in QUESTIONS]},
            "rating": {"type": "integer", "minimum": 1, "maximum": 5},
            "note": _text(1000)}}, "description": "Every question, once."},
        "ratings": _nullable({"type": "object", "description": "{framework slug: {competency slug: level slug}} for "
                                                               "the person's target frameworks; any may be left out.",
                              "additionalProperties": {"type": "object",
                                                       "additionalProperties": {"type": ["string", "null"]}}})}},
    "SelfAssessment": {"type": "object", "required": ["id", "user", "created_at", "answers", "ratings"],
                       "properties": {
        "id": {"type": "integer"}, "user": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"},
        "answers": {"type": "array", "items": {"type": "object", "properties": {
            "question": {"type": "string"}, "rating": {"type": "integer"}, "note": {"type": "string"}}}},
        "ratings": {"type": "object"}}},
    "Token": {"type": "object", "required": ["token"], "properties": {"token": {"type": "string"}}},
    "HeldToken": {"type": "object", "required": ["id", "created_at", "expires_at", "current"], "properties": {
        "id": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"},
        "expires_at": {"type": "string", "format": "date-time"},
        "current": {"type": "boolean", "description": "The token this request was made with."}}},
    "Credentials": {"type": "object", "required": ["email", "password"], "properties": {
        "email": {"type": "string", "minLength": 1}, "password": {"type": "string", "minLength": 1}}},
}
SCHEMAS.update(_details_schemas())


_MOMENT = {"type": "string", "format": "date-time"}
_ARRAY = {"type": "array", "items": {"type": "object"}}
_AGENDA_LISTS = ("new_evidence", "awaiting_verification", "level_changes", "lowest", "self_rating_gaps",
                 "topics")

SCHEMAS.update({
    "ReviewInput": _object(("candidate", "starts_at", "duration_minutes"), {
        "candidate": {"type": "string",
                      "description": "The email of one of your reports (an admin: anyone active)."},
        "starts_at": {"type": "string",
                      "description": "ISO 8601 with its UTC offset, e.g. 2026-12-03T15:00:00+01:00; "
                                     "within a year before and two years after today."},
        "duration_minutes": {"type": "integer", "minimum": MIN_MINUTES, "maximum": MAX_MINUTES},
        "location": _text(LOCATION_LIMIT, description="One line: a room or a call link.")}),
    "ReviewNoteInput": _object(("body",), {
        "body": {"type": "string", "maxLength": NOTE_LIMIT, "pattern": r"\S"},
        "private": {"type": "boolean", "description": "Private notes are their author's alone; default false."}}),
    "AgreedLevelsInput": _object(("framework", "levels"), {
        "framework": {"type": "string", "description": "One of the candidate's target frameworks."},
        "levels": {"type": "array", "description": "Replaces what this session agreed for the framework.",
                   "items": _object(("competency", "level", "rationale"), {
                       **_strings("competency", "level"),
                       "rationale": {"type": "string", "maxLength": RATIONALE_LIMIT, "pattern": r"\S"}})}}),
    "ActionItemInput": _object(("title", "owner"), {
        "title": {"type": "string", "maxLength": TITLE_LIMIT, "pattern": r"\S"},
        "owner": {"type": "string",
                  "description": "The email of the candidate or of the manager running the session."},
        "due": {"type": ["string", "null"], "format": "date"}}),
    "ReviewNote": _object(("id", "author", "body", "private", "created_at"), {
        "id": {"type": "integer"}, **_strings("author", "body"), "private": {"type": "boolean"},
        "created_at": _MOMENT}),
    "AgreedLevel": _object(("framework", "competency", "level", "rationale", "recorded_by", "recorded_at"), {
        **_strings("framework", "competency", "level", "rationale", "recorded_by"), "recorded_at": _MOMENT}),
    "ActionItem": _object(("id", "session", "title", "owner", "owner_name", "due", "done"), {
        "id": {"type": "integer"}, "session": {"type": "integer"}, **_strings("title", "owner", "owner_name"),
        "due": {"type": ["string", "null"], "format": "date"}, "done": {"type": "boolean"}}),
    "ReviewDecision": _object(("artifact", "decision", "comment", "decided_at"), {
        "artifact": {"type": "integer"}, "decision": {"enum": ["verified", "changes_requested"]},
        "comment": {"type": "string"}, "decided_at": _MOMENT}),
    "Agenda": _object(("since", "previous_session", *_AGENDA_LISTS, "new_evidence_count", "awaiting_count",
                       "open_action_items"), {
        "since": {"type": ["string", "null"], "format": "date-time",
                  "description": "When the candidate's previous session closed; null before the first."},
        "previous_session": {"type": ["integer", "null"]},
        **{name: _ARRAY for name in _AGENDA_LISTS},
        "new_evidence_count": {"type": "integer"}, "awaiting_count": {"type": "integer"},
        "open_action_items": {"type": "array", "items": ref("ActionItem")},
        "levels": {"type": "object", "additionalProperties": {"type": "object"},
                   "description": "The primary target's evidence levels, {framework: {competency: level or "
                                  "null}}: the next session compares with a closed session's."}}),
    "Review": _object(("id", "candidate", "manager", "state", "starts_at", "duration_minutes", "location",
                       "version", "agenda", "notes", "agreed_levels", "action_items", "decisions"), {
        "id": {"type": "integer"}, **_strings("candidate", "manager", "location"),
        "state": {"enum": [state.value for state in ReviewState]}, "starts_at": _MOMENT,
        "duration_minutes": {"type": "integer"}, "version": {"type": "integer", "minimum": 1},
        "agenda": {**ref("Agenda"), "description": "A closed or cancelled session's is the agenda it ended with."},
        "notes": {"type": "array", "items": ref("ReviewNote"),
                  "description": "Shared notes and the caller's own private ones; nobody else's private notes."},
        "agreed_levels": {"type": "array", "items": ref("AgreedLevel")},
        "action_items": {"type": "array", "items": ref("ActionItem")},
        "decisions": {"type": "array", "items": ref("ReviewDecision"),
                      "description": "Evidence verified or sent back in the session."}}),
})


_NULLABLE_MOMENT = {"type": ["string", "null"], "format": "date-time"}
SCHEMAS.update({
    "CorroborationInput": _object(("name", "email", "role"), {
        "name": {"type": "string", "maxLength": CORROBORATION_NAME_LIMIT, "pattern": r"\S"},
        "email": {"type": "string", "maxLength": 254, "description": "The stakeholder's address; not your own."},
        "role": {"type": "string", "maxLength": CORROBORATION_ROLE_LIMIT, "pattern": r"\S",
                 "description": "e.g. Finance partner."}}),
    "Corroboration": _object(("id", "artifact", "name", "role", "email", "statement", "answered_at"), {
        "id": {"type": "integer"}, "artifact": {"type": "integer"}, **_strings("name", "role", "email"),
        "statement": {"type": "string", "description": "Empty until given."}, "answered_at": _NULLABLE_MOMENT,
        "state": {"enum": ["requested", "given", "withdrawn"],
                  "description": "Only in the owner's view, with requested_at, withdrawn_at and expires_at."},
        "requested_at": _MOMENT, "withdrawn_at": _NULLABLE_MOMENT,
        "expires_at": {**_NULLABLE_MOMENT, "description": "When the link stops working."}}),
})


_PERSON_NAME = {"type": "string", "maxLength": 120, "pattern": r"\S"}
_PERSON_EMAIL = {"type": "string", "maxLength": 254}
SCHEMAS.update({
    "UserInput": _object(("email", "name"), {
        "email": _PERSON_EMAIL, "name": _PERSON_NAME,
        "manager": {"type": ["string", "null"], "description": "The manager's email; a manager adding people "
                                                               "names themselves or someone below them (default)."},
        "framework": {"type": ["string", "null"], "description": "The primary target's slug; default the default."},
        "admin": {"type": ["boolean", "null"], "description": "Admins only."}}),
    "UserPatch": _object((), {
        "email": {**_PERSON_EMAIL, "description": "Admins only."}, "name": _PERSON_NAME,
        "manager": {"type": ["string", "null"], "description": "The manager's email; null: nobody (admins only). "
                                                               "Never someone below the person."},
        "targets": _object((), {"frameworks": {"type": "array", "items": {"type": "string"}},
                                "primary": {"type": "string"}}),
        "admin": {"type": ["boolean", "null"], "description": "Admins only, not their own."},
        "active": {"type": ["boolean", "null"], "description": "false deactivates: sessions and tokens end at once."},
        "version": {"type": ["string", "null"], "description": "The `version` read with the person: the change "
                                                               "is refused (409) if they changed since."}}),
    "InvitationInput": _object(("email",), {"email": {"type": "string"}}),
    "User": _object(("email", "name", "manager", "admin", "active", "state", "invitation_expires_at", "targets",
                     "version"), {
        **_strings("email", "name", "version"), "manager": {"type": ["string", "null"]},
        "admin": {"type": "boolean"}, "active": {"type": "boolean"},
        "state": {"enum": ["active", "deactivated", "invited", "invitation_expired", "invitation_revoked",
                           "not_invited"]},
        "invitation_expires_at": {"type": ["string", "null"], "format": "date-time"},
        "targets": ref("Targets")}),
    "UserPage": _object(("items", "total", "page", "per_page"), {
        "items": {"type": "array", "items": ref("User")}, "total": {"type": "integer"},
        "page": {"type": "integer"}, "per_page": {"type": "integer"}}),
})
