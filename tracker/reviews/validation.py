"""One cleaner per review input, for the web forms and the API alike. Each returns clean
values or raises ValidationError with errors by field path (e.g. `levels[2].rationale`)."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from tracker.artifacts.cleaning import clean_text
from tracker.dates import parse_iso_date
from tracker.errors import ValidationError
from tracker.ids import parse_whole
from tracker.models.base import utcnow

MIN_MINUTES, MAX_MINUTES = 15, 480
PAST_LIMIT, FUTURE_LIMIT = timedelta(days=366), timedelta(days=2 * 366)
NOTE_LIMIT, TOPIC_LIMIT, TITLE_LIMIT, RATIONALE_LIMIT, LOCATION_LIMIT = 5000, 300, 300, 1000, 500


def _fields(data, allowed):
    if not isinstance(data, dict):
        raise ValidationError({"(body)": f"Must be an object with {', '.join(allowed)}."})
    return {key: "Unknown field." for key in sorted(set(data) - set(allowed))}


def parse_moment(text, zone=None):
    """An aware datetime from ISO 8601 text. Text without a UTC offset is read in `zone`
    (the web form's fields are in the person's time zone); without a zone it is refused. A
    local time the clocks skip raises SkippedTime; one they pass twice is the first."""
    if not isinstance(text, str) or not 10 < len(text.strip()) <= 40 or not text.isascii():
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        if zone is None:
            return None
        local, moment = moment, moment.replace(tzinfo=zone)
        if moment.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) != local:
            raise SkippedTime(zone)  # the clocks jump over it (spring forward)
    return moment


class SkippedTime(ValueError):
    def __init__(self, zone):
        super().__init__(f"That time does not exist in {zone.key}: the clocks go forward over it. "
                         "Choose another time.")


def clean_schedule(data, zone=None, now=None):
    """{starts_at, duration_minutes, location}; `zone` reads times given without an offset."""
    errors = _fields(data, ("candidate", "starts_at", "duration_minutes", "location"))
    now = now or utcnow()
    try:
        starts_at, skipped = parse_moment(data.get("starts_at"), zone), None
    except SkippedTime as error:
        starts_at, skipped = None, str(error)
    if data.get("starts_at") in (None, ""):
        errors["starts_at"] = "Say when the session starts."
    elif starts_at is None:
        errors["starts_at"] = skipped or (
            "Must be a date and time with its UTC offset, e.g. 2026-12-03T15:00:00+01:00." if zone is None
            else "Must be a real date and time.")
    elif not now - PAST_LIMIT <= starts_at <= now + FUTURE_LIMIT:
        errors["starts_at"] = "Must be within a year before and two years after today."
    minutes = parse_whole(data.get("duration_minutes"), minimum=MIN_MINUTES, maximum=MAX_MINUTES)
    if minutes is None:
        errors["duration_minutes"] = f"Must be a whole number of minutes from {MIN_MINUTES} to {MAX_MINUTES}."
    location = clean_text(errors, "location", data.get("location"), LOCATION_LIMIT, single_line=True)
    if errors:
        raise ValidationError(errors)
    return {"starts_at": starts_at, "duration_minutes": minutes, "location": location}


def clean_note(data):
    errors = _fields(data, ("body", "private"))
    body = clean_text(errors, "body", data.get("body"), NOTE_LIMIT, required=True)
    private = data.get("private", False)
    if not isinstance(private, bool):
        errors["private"] = "Must be true or false."
    if errors:
        raise ValidationError(errors)
    return {"body": body, "private": private}


def clean_topic(data):
    errors = _fields(data, ("text",))
    text = clean_text(errors, "text", data.get("text"), TOPIC_LIMIT, required=True, single_line=True)
    if errors:
        raise ValidationError(errors)
    return {"text": text}


def clean_action_item(data, sides, today=None):
    """{title, owner, due}: the owner is one of `sides` ({email: User}), named by email."""
    errors = _fields(data, ("title", "owner", "due"))
    title = clean_text(errors, "title", data.get("title"), TITLE_LIMIT, required=True, single_line=True)
    owner = data.get("owner")
    owner = sides.get(owner.strip().lower()) if isinstance(owner, str) else None
    if owner is None:
        errors["owner"] = f"Must be one of the two sides of the session: {', '.join(sides)}."
    due = None
    if data.get("due") not in (None, ""):
        due = parse_iso_date(data.get("due"))
        today = today or date.today()
        if due is None:
            errors["due"] = "Must be a date as YYYY-MM-DD."
        elif not today - PAST_LIMIT <= due <= today + FUTURE_LIMIT:
            errors["due"] = "Must be within a year before and two years after today."
    if errors:
        raise ValidationError(errors)
    return {"title": title, "owner": owner, "due": due}


def clean_agreed_levels(data, frameworks):
    """{framework, levels: [{competency, level, rationale}]}: the framework is one of the
    candidate's targets ({slug: Framework}); each competency at most once; a rationale
    for each level agreed."""
    errors = _fields(data, ("framework", "levels"))
    framework = frameworks.get(data.get("framework")) if isinstance(data.get("framework"), str) else None
    if framework is None:
        errors["framework"] = f"Must be one of the candidate's target frameworks: {', '.join(frameworks)}."
        raise ValidationError(errors)
    levels = data.get("levels")
    if not isinstance(levels, list) or len(levels) > len(framework.competencies):
        errors["levels"] = (f"Must be a list of at most {len(framework.competencies)} "
                            "{competency, level, rationale}.")
        raise ValidationError(errors)
    competencies = {c.slug: c for c in framework.competencies}
    level_slugs = [level.slug for level in framework.levels]
    clean, seen = [], set()
    for index, item in enumerate(levels):
        path = f"levels[{index}]"
        if not isinstance(item, dict):
            errors[path] = "Must be an object with competency, level and rationale."
            continue
        errors.update({f"{path}.{key}": "Unknown field." for key in sorted(set(item) - {"competency", "level",
                                                                                       "rationale"})})
        competency = competencies.get(item.get("competency")) if isinstance(item.get("competency"), str) else None
        if competency is None:
            errors[f"{path}.competency"] = f"Must be a competency of {framework.name}."
        elif competency.slug in seen:
            errors[f"{path}.competency"] = "Given twice."
        else:
            seen.add(competency.slug)
        level = item.get("level")
        if level not in level_slugs:
            errors[f"{path}.level"] = f"Choose one of: {', '.join(level_slugs)}."
        rationale = clean_text(errors, f"{path}.rationale", item.get("rationale"), RATIONALE_LIMIT, required=True)
        if competency is not None:
            clean.append({"competency": competency.slug, "level": level, "rationale": rationale})
    if errors:
        raise ValidationError(errors)
    return framework, clean


def zone_of(person):
    """The person's time zone, or UTC if theirs is unknown here."""
    try:
        return ZoneInfo(person.timezone or "UTC")
    except (ValueError, KeyError, OSError):
        return ZoneInfo("UTC")
