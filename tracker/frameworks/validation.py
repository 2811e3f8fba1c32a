"""Validate a framework document (parsed YAML) into a clean dict, naming every bad field."""
import re

from tracker.frameworks import sections

SLUG = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
KINDS = ("ladder", "scorecard")
THRESHOLD_DEFAULTS = {"min_evidence": 2, "min_distinct_months": 2, "ready_rows": 6, "transition_rows": 3}
LADDER_ONLY = ("ready_rows", "transition_rows")


class FrameworkError(ValueError):
    """A framework document is invalid. `errors` maps field paths to messages."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))


def _text(errors, path, value, required=True, limit=2000):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[path] = "is required"
        return ""
    if not isinstance(value, str):
        errors[path] = "must be text"
        return ""
    if len(value) > limit:
        errors[path] = f"must be at most {limit} characters"
    return value.strip()


def _slug(errors, path, value):
    if not isinstance(value, str) or not SLUG.match(value):
        errors[path] = "must be a slug: lowercase letters, digits and underscores, starting with a letter"
        return ""
    return value


def _text_list(errors, path, value):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        errors[path] = "must be a list of non-empty texts"
        return []
    return [item.strip() for item in value]


def _unique(errors, path, items):
    seen = set()
    for index, item in enumerate(items):
        if item["slug"] and item["slug"] in seen:
            errors[f"{path}[{index}].slug"] = f"duplicate slug {item['slug']!r}"
        seen.add(item["slug"])


def _whole(errors, path, value, default, minimum=1, maximum=100):
    value = default if value is None else value
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        errors[path] = f"must be a whole number from {minimum} to {maximum}"
        return default
    return value


def validate_framework(doc):
    """Return the cleaned framework or raise FrameworkError naming each bad field."""
    if not isinstance(doc, dict):
        raise FrameworkError({"(document)": "must be a mapping with slug, name, levels and competencies"})
    errors = {}
    kind = doc.get("kind", "ladder")
    if kind not in KINDS:
        errors["kind"] = f"must be one of: {', '.join(KINDS)}"
        kind = "ladder"
    clean = {
        "slug": _slug(errors, "slug", doc.get("slug")),
        "name": _text(errors, "name", doc.get("name"), limit=120),
        "description": _text(errors, "description", doc.get("description"), required=False),
        "kind": kind,
        "version": _whole(errors, "version", doc.get("version"), 1, maximum=10**6),
    }
    thresholds = doc.get("thresholds") or {}
    if not isinstance(thresholds, dict):
        errors["thresholds"] = "must be a mapping"
        thresholds = {}
    for key in thresholds:
        if key not in THRESHOLD_DEFAULTS:
            errors[f"thresholds.{key}"] = f"unknown threshold; known: {', '.join(THRESHOLD_DEFAULTS)}"
        elif key in LADDER_ONLY and kind != "ladder":
            errors[f"thresholds.{key}"] = "applies to ladder frameworks only; scorecards use bands"
    for key, default in THRESHOLD_DEFAULTS.items():
        clean[key] = _whole(errors, f"thresholds.{key}", thresholds.get(key), default)

    levels = doc.get("levels")
    clean["levels"] = []
    if not isinstance(levels, list) or len(levels) < 2:
        errors["levels"] = "must list at least two levels, lowest first"
        levels = []
    for index, level in enumerate(levels):
        path = f"levels[{index}]"
        if not isinstance(level, dict):
            errors[path] = "must be a mapping with slug and name"
            continue
        points = level.get("points")
        if points is None and kind == "scorecard":
            errors[f"{path}.points"] = "is required: what the level scores"
        clean["levels"].append({
            "slug": _slug(errors, f"{path}.slug", level.get("slug")),
            "name": _text(errors, f"{path}.name", level.get("name"), limit=120),
            "description": _text(errors, f"{path}.description", level.get("description"), required=False),
            "points": _whole(errors, f"{path}.points", points, index + 1),
        })
    _unique(errors, "levels", clean["levels"])
    points = [level["points"] for level in clean["levels"]]
    if any(low >= high for low, high in zip(points, points[1:])):
        errors["levels"] = "points must rise from each level to the next"
    level_slugs = [level["slug"] for level in clean["levels"]]

    competencies = doc.get("competencies")
    clean["competencies"] = []
    if not isinstance(competencies, list) or not competencies:
        errors["competencies"] = "must list at least one competency"
        competencies = []
    for index, competency in enumerate(competencies):
        path = f"competencies[{index}]"
        if not isinstance(competency, dict):
            errors[path] = "must be a mapping with slug, name and descriptors"
            continue
        descriptors = competency.get("descriptors")
        clean_descriptors = {}
        if not isinstance(descriptors, dict):
            errors[f"{path}.descriptors"] = "must map each level slug to a description"
        else:
            for slug in descriptors:
                if slug not in level_slugs:
                    errors[f"{path}.descriptors.{slug}"] = "is not one of the framework's levels"
            for slug in level_slugs:
                clean_descriptors[slug] = _text(errors, f"{path}.descriptors.{slug}", descriptors.get(slug))
        clean["competencies"].append({
            "slug": _slug(errors, f"{path}.slug", competency.get("slug")),
            "name": _text(errors, f"{path}.name", competency.get("name"), limit=120),
            "summary": _text(errors, f"{path}.summary", competency.get("summary"), required=False),
            "descriptors": clean_descriptors,
            "evidence_hints": _text_list(errors, f"{path}.evidence_hints", competency.get("evidence_hints")),
            "weak_signals": _text_list(errors, f"{path}.weak_signals", competency.get("weak_signals")),
            "guidance": sections.guidance(errors, f"{path}.guidance", competency.get("guidance")),
        })
    _unique(errors, "competencies", clean["competencies"])
    competency_slugs = [c["slug"] for c in clean["competencies"]]
    max_total = len(competency_slugs) * (points[-1] if points else 0)
    clean["bands"] = sections.bands(errors, doc.get("bands"), kind, max_total)
    clean["proof_pack"] = sections.proof_pack(errors, doc.get("proof_pack"), competency_slugs)
    clean["stage_names"] = sections.stage_names(errors, doc.get("stages"), kind)
    if not errors and clean["min_distinct_months"] > clean["min_evidence"]:
        errors["thresholds.min_distinct_months"] = (
            "cannot exceed min_evidence: fewer pieces of evidence cannot span more months")
    if not errors and kind == "ladder" and clean["ready_rows"] > len(clean["competencies"]):
        errors["thresholds.ready_rows"] = "cannot exceed the number of competencies"
    if not errors and kind == "ladder" and clean["transition_rows"] > len(clean["competencies"]):
        errors["thresholds.transition_rows"] = "cannot exceed the number of competencies"
    if errors:
        raise FrameworkError(errors)
    return clean
