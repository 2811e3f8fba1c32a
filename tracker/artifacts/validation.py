"""Turn raw artifact input (a JSON body or a parsed form) into clean values, or field errors.

The web form and the JSON API both call `clean_artifact`, so a rule lives in one place.
"""
from datetime import date, timedelta
from urllib.parse import urlparse

from tracker.artifacts.cleaning import choice, clean_number, clean_text
from tracker.artifacts.kinds import kind_of
from tracker.dates import parse_iso_date
from tracker.errors import ValidationError
from tracker.models import ARTIFACT_TYPES, METRIC_CATEGORIES, VISIBILITIES
from tracker.text import has_bidi_controls

TEXT_FIELDS = {"summary": 20000, "situation": 10000, "task": 10000, "action": 10000,
               "result": 10000, "scope": 2000, "stakeholders": 2000}
SINGLE_LINE_FIELDS = {"scope", "stakeholders"}
MAX_LINKS, MAX_METRICS = 20, 20
EDITABLE = ("type", "title", "occurred_on", "visibility", "confidential", "links", "claims", "metrics", "details",
            *TEXT_FIELDS)


def _date(errors, value, today):
    parsed = value if isinstance(value, date) else parse_iso_date(value)
    if parsed is None:
        errors["occurred_on"] = "Give the date as YYYY-MM-DD."
        return None
    if parsed > today + timedelta(days=1):
        errors["occurred_on"] = "The date cannot be in the future."
    elif parsed.year < 1990:
        errors["occurred_on"] = "The date is too far in the past."
    return parsed


def _metrics(errors, value):
    if not isinstance(value, list):
        errors["metrics"] = "Must be a list of metrics."
        return []
    if len(value) > MAX_METRICS:
        errors["metrics"] = f"At most {MAX_METRICS} metrics."
        return []
    clean = []
    for index, metric in enumerate(value):
        path = f"metrics[{index}]"
        if not isinstance(metric, dict):
            errors[path] = "Must be an object with name, baseline, result, unit and category."
            continue
        item = {"name": clean_text(errors, f"{path}.name", metric.get("name"), 200, required=True, single_line=True),
                "unit": clean_text(errors, f"{path}.unit", metric.get("unit"), 32, single_line=True)}
        for key in ("baseline", "result"):
            try:
                item[key] = clean_number(metric.get(key))
            except (TypeError, ValueError, OverflowError):
                errors[f"{path}.{key}"] = "Must be a number."
                item[key] = None
        if item["result"] is None and f"{path}.result" not in errors:
            errors[f"{path}.result"] = "Give the result the metric reached."
        category = choice(metric.get("category"))
        if category not in METRIC_CATEGORIES:
            errors[f"{path}.category"] = f"Choose one of: {', '.join(METRIC_CATEGORIES)}."
        item["category"] = category
        clean.append(item)
    return clean


def _claims(errors, value, frameworks):
    """Claims [{framework?, competency, level}]; `framework` defaults to the first of
    `frameworks` ({slug: Framework}, the owner's primary target first)."""
    if not isinstance(value, list):
        errors["claims"] = "Must be a list of {competency, level}."
        return []
    primary = next(iter(frameworks))
    clean, seen = [], set()
    for index, claim in enumerate(value):
        path = f"claims[{index}]"
        if not isinstance(claim, dict):
            errors[path] = "Must be an object with competency and level."
            continue
        slug = claim.get("framework") if claim.get("framework") not in (None, "") else primary
        framework = frameworks.get(choice(slug))
        if framework is None:
            errors[f"{path}.framework"] = (
                f"Not one of the owner's target frameworks: {slug!r}; one of: {', '.join(frameworks)}.")
            continue
        competency = next((c for c in framework.competencies if c.slug == choice(claim.get("competency"))), None)
        level = next((lvl for lvl in framework.levels if lvl.slug == choice(claim.get("level"))), None)
        if competency is None:
            errors[f"{path}.competency"] = (
                f"Unknown competency {claim.get('competency')!r} in {framework.name}.")
        elif competency.id in seen:
            errors[f"{path}.competency"] = f"{competency.name} is claimed twice; claim it once."
        if level is None:
            errors[f"{path}.level"] = (f"Unknown level {claim.get('level')!r}; one of: "
                                       f"{', '.join(lvl.slug for lvl in framework.levels)}.")
        if competency is not None and level is not None and competency.id not in seen:
            clean.append((competency, level))
        if competency is not None:
            seen.add(competency.id)
    return clean


def _links(errors, value):
    if isinstance(value, str):
        value = [line for line in value.splitlines() if line.strip()]
    if not isinstance(value, list):
        errors["links"] = "Must be a list of web addresses."
        return []
    if len(value) > MAX_LINKS:
        errors["links"] = f"Give at most {MAX_LINKS} links, one per line."
        return []
    clean, bad = [], []
    for link in value:
        link = str(link).strip()
        try:
            parsed = urlparse(link)
        except ValueError:  # e.g. an unclosed IPv6 bracket
            parsed = None
        if (parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc or len(link) > 2000
                or has_bidi_controls(link)):
            bad.append(repr(link[:80]))
        clean.append(link)
    if bad:
        errors["links"] = f"Not http(s) addresses: {', '.join(bad)}."
    return clean


def _list_or_empty(value):
    """Null means none; any other value is checked as given (so `false` is no empty list)."""
    return [] if value is None else value


def _details(errors, data, clean, current):
    """The type's own sections. An edit that changes the type must say what becomes of the
    old type's sections (send `details`, `{}` to drop them), so none are lost unseen."""
    type_ = clean.get("type", current.type if current is not None else None)
    if "details" in data:
        if "type" in errors:
            return
        try:
            clean["details"] = kind_of(type_).clean(data["details"])
        except ValidationError as error:
            errors.update(error.fields)
    elif current is None:
        clean["details"] = {}
    elif "type" in clean and clean["type"] != current.type and current.details:
        errors["details"] = (f"Changing the type leaves the {ARTIFACT_TYPES[current.type].lower()}'s sections "
                             "behind: send details for the new type, or {} to drop them.")


def clean_artifact(data, frameworks, today, partial=False, current=None):
    """Validate `data`; return only the fields it gave (all required ones unless `partial`).
    `frameworks` ({slug: Framework}, primary first) are those claims may name; `current` is
    the artifact an edit changes."""
    if not isinstance(data, dict):
        raise ValidationError({"(body)": "Must be an object."})
    errors, clean = {}, {}
    unknown = set(data) - set(EDITABLE)
    for key in sorted(unknown):
        errors[key] = "Unknown field."

    def given(name):
        return name in data or not partial

    if given("type"):
        if choice(data.get("type")) not in ARTIFACT_TYPES:
            errors["type"] = f"Choose one of: {', '.join(ARTIFACT_TYPES)}."
        clean["type"] = data.get("type")
    if given("title"):
        clean["title"] = clean_text(errors, "title", data.get("title"), 200, required=True, single_line=True)
    if given("occurred_on"):
        clean["occurred_on"] = _date(errors, data.get("occurred_on"), today)
    for name, limit in TEXT_FIELDS.items():
        if given(name):
            clean[name] = clean_text(errors, name, data.get(name), limit, single_line=name in SINGLE_LINE_FIELDS)
    if given("visibility"):
        visibility = data.get("visibility")
        clean["visibility"] = "manager" if visibility in (None, "") else choice(visibility)
        if clean["visibility"] not in VISIBILITIES:
            errors["visibility"] = "Choose manager or private."
    if given("confidential"):
        confidential = data.get("confidential")
        clean["confidential"] = bool(confidential)
        if confidential is not None and not isinstance(confidential, bool):
            errors["confidential"] = "Give true or false."
    if given("links"):
        clean["links"] = _links(errors, _list_or_empty(data.get("links")))
    if given("metrics"):
        clean["metrics"] = _metrics(errors, _list_or_empty(data.get("metrics")))
    if given("claims"):
        clean["claims"] = _claims(errors, _list_or_empty(data.get("claims")), frameworks)
    _details(errors, data, clean, current)
    if errors:
        raise ValidationError(errors)
    return clean
