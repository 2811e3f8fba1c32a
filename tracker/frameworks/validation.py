"""Validate a framework document (parsed YAML) into a clean dict, naming every bad field."""
import re

SLUG = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
THRESHOLD_DEFAULTS = {"min_evidence": 2, "min_distinct_months": 2, "ready_rows": 6, "transition_rows": 3}


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


def validate_framework(doc):
    """Return the cleaned framework or raise FrameworkError naming each bad field."""
    if not isinstance(doc, dict):
        raise FrameworkError({"(document)": "must be a mapping with slug, name, levels and competencies"})
    errors = {}
    clean = {
        "slug": _slug(errors, "slug", doc.get("slug")),
        "name": _text(errors, "name", doc.get("name"), limit=120),
        "description": _text(errors, "description", doc.get("description"), required=False),
    }
    thresholds = doc.get("thresholds") or {}
    if not isinstance(thresholds, dict):
        errors["thresholds"] = "must be a mapping"
        thresholds = {}
    for key in thresholds:
        if key not in THRESHOLD_DEFAULTS:
            errors[f"thresholds.{key}"] = f"unknown threshold; known: {', '.join(THRESHOLD_DEFAULTS)}"
    for key, default in THRESHOLD_DEFAULTS.items():
        value = thresholds.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors[f"thresholds.{key}"] = "must be a whole number of at least 1"
            value = default
        clean[key] = value

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
        clean["levels"].append({
            "slug": _slug(errors, f"{path}.slug", level.get("slug")),
            "name": _text(errors, f"{path}.name", level.get("name"), limit=120),
            "description": _text(errors, f"{path}.description", level.get("description"), required=False),
        })
    _unique(errors, "levels", clean["levels"])
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
        })
    _unique(errors, "competencies", clean["competencies"])
    if not errors and clean["min_distinct_months"] > clean["min_evidence"]:
        errors["thresholds.min_distinct_months"] = (
            "cannot exceed min_evidence: fewer pieces of evidence cannot span more months")
    if not errors and clean["ready_rows"] > len(clean["competencies"]):
        errors["thresholds.ready_rows"] = "cannot exceed the number of competencies"
    if not errors and clean["transition_rows"] > len(clean["competencies"]):
        errors["thresholds.transition_rows"] = "cannot exceed the number of competencies"
    if errors:
        raise FrameworkError(errors)
    return clean
