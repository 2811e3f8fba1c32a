"""The 30-second log: an impact note from five fields (title, outcome category, one
metric, one paragraph, one claim on the primary target) and, if given, a file, logged and
sent for verification in one step. The monthly reminder links here, dated in the month it
is about."""
from datetime import date

from tracker.artifacts import attachments, service
from tracker.dates import parse_iso_date

METRIC_KEYS = ("name", "baseline", "result", "unit")


def claim_choices(framework):
    """[(value, label)] of every competency at every level of `framework`."""
    return [(f"{competency.slug}:{level.slug}", f"{competency.name} · {level.name}")
            for competency in framework.competencies for level in framework.levels]


def suggested_date(text, today=None):
    """The date asked for (`?on=` from a reminder) if it is a real day no later than today,
    else today."""
    today = today or date.today()
    asked = parse_iso_date(text or "")
    return asked if asked is not None and asked <= today else today


def quick_note_data(form, framework):
    """The plain dict `validation.clean_artifact` checks, from the quick form."""
    data = {"type": "impact_note", "visibility": "manager", "title": form.get("title", ""),
            "summary": form.get("summary", ""), "occurred_on": form.get("occurred_on") or date.today().isoformat()}
    metric = {key: form.get(f"metric_{key}", "").strip() for key in METRIC_KEYS}
    metric["category"] = form.get("category", "")
    data["metrics"] = [metric] if any(metric[key] for key in METRIC_KEYS) else []
    competency, _, level = form.get("claim", "").partition(":")
    data["claims"] = [{"framework": framework.slug, "competency": competency, "level": level}] if competency else []
    return data


def log_quick_note(actor, data, filename="", content=b""):
    """Log the note for the actor and attach the file, as one use case: a refused file
    leaves no note behind (the caller rolls back on ValidationError)."""
    artifact = service.create_artifact(actor, actor, data, submit=True)
    if filename:
        attachments.add_attachment(actor, artifact, filename, content)
    return artifact
