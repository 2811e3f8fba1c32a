"""Frameworks, targets and readiness in the API: what the frameworks are, which ones a
person aims for, and where they stand."""
from datetime import date

from flask import g, jsonify, request

from tracker.api import bp
from tracker.api.auth import json_body, refuse_unknown_parameters, token_required, visible_person
from tracker.errors import NotFound, ValidationError
from tracker.frameworks.service import export_framework, get_framework, list_frameworks
from tracker.frameworks.targets import set_targets, targets_of
from tracker.transaction import transactional
from tracker.readiness.service import readiness_for
from tracker.dates import parse_iso_date

READINESS_PARAMETERS = {"framework", "as_of"}


@bp.get("/frameworks")
@token_required
def frameworks():
    return jsonify([{"slug": f.slug, "name": f.name, "kind": f.kind} for f in list_frameworks()])


@bp.get("/frameworks/<slug>")
@token_required
def framework(slug):
    found = get_framework(slug)
    if found is None:
        raise NotFound(f"No framework {slug!r}.")
    return jsonify(export_framework(found))


def readiness_to_dict(person, result):
    """A person's readiness as the API shows it (SPEC section 6)."""
    levels = result.framework.levels
    return {
        "user": person.email,
        "framework": result.framework.slug,
        "kind": result.framework.kind,
        "as_of": result.as_of.isoformat(),
        "stage": result.stage,
        "band": result.band["label"] if result.band else None,
        "advice": result.band["advice"] if result.band else None,
        "total": result.total,
        "max_total": result.max_total,
        "headline": result.headline,
        "dimensions": [
            {
                "competency": d.competency.slug,
                "level": d.level.slug if d.level else None,
                "agreed_level": d.agreed_level.slug if d.agreed_level else None,
                "self_rating": d.self_rating.slug if d.self_rating else None,
                "score": d.score,
                "counts": d.counts(levels),
                "pending": d.pending,
                "latest": d.latest.isoformat() if d.latest else None,
                "next_step": d.next_step,
            }
            for d in result.dimensions
        ],
    }


@bp.get("/users/<email>/readiness")
@token_required
def readiness(email):
    person = visible_person(email)
    refuse_unknown_parameters(READINESS_PARAMETERS)
    framework = None
    if "framework" in request.args:
        framework = get_framework(request.args["framework"])
        if framework is None:
            raise ValidationError({"framework": "No such framework; GET /api/v1/frameworks lists them."})
    as_of = date.today()
    if "as_of" in request.args:
        as_of = parse_iso_date(request.args["as_of"])
        if as_of is None:
            raise ValidationError({"as_of": "Give the date as YYYY-MM-DD."})
    return jsonify(readiness_to_dict(person, readiness_for(person, framework, as_of)))


def targets_to_dict(frameworks):
    return {"frameworks": [f.slug for f in frameworks], "primary": frameworks[0].slug}


@bp.get("/users/<email>/targets")
@token_required
def targets(email):
    return jsonify(targets_to_dict(targets_of(visible_person(email))))


@bp.put("/users/<email>/targets")
@token_required
@transactional
def put_targets(email):
    person = visible_person(email)
    body = json_body()
    frameworks = set_targets(g.api_user, person, body.get("frameworks"), body.get("primary"))
    return jsonify(targets_to_dict(frameworks))
