"""Read the evidence form into the plain dict that `validation.clean_artifact` checks."""
from tracker.artifacts.kinds import KINDS
from tracker.artifacts.validation import MAX_METRICS, TEXT_FIELDS
from tracker.formatting import format_number
from tracker.ids import parse_whole

FORM_METRIC_ROWS = 3
METRIC_KEYS = ("name", "baseline", "result", "unit", "category")


def claim_field(framework, competency, primary):
    """The form field of a claim: `claim-planning` on the primary target, else
    `claim-it_director--vendor_management`."""
    slug = competency if isinstance(competency, str) else competency.slug
    return f"claim-{slug}" if framework.slug == primary else f"claim-{framework.slug}--{slug}"


def artifact_form_data(form, frameworks):
    """`frameworks`: {slug: Framework} whose claims the form offers, primary first."""
    data = {key: form.get(key, "") for key in ("type", "title", "occurred_on", "visibility", *TEXT_FIELDS)}
    data["links"] = form.get("links", "")
    data["confidential"] = form.get("confidential") == "true"
    primary = next(iter(frameworks))
    data["claims"] = [
        {"framework": framework.slug, "competency": c.slug, "level": form.get(claim_field(framework, c, primary))}
        for framework in frameworks.values() for c in framework.competencies
        if form.get(claim_field(framework, c, primary))
    ]
    data["metrics"] = []
    rows = parse_whole(form.get("metric_rows", ""), minimum=0, maximum=MAX_METRICS + 1)
    for index in range(FORM_METRIC_ROWS if rows is None else rows):
        row = {key: form.get(f"metric-{index}-{key}", "").strip() for key in METRIC_KEYS}
        if any(row[key] for key in ("name", "baseline", "result", "unit")):
            data["metrics"].append(row)
    if data["type"] in KINDS:  # only the chosen type's sections: the others' fields are hidden
        data["details"] = KINDS[data["type"]].read_form(form)
    return data


def sections_by_type(form):
    """Every type's sections as the form holds them, so a re-rendered form keeps what was typed
    under a type that is not (or no longer) the chosen one."""
    return {slug: kind.read_form(form) for slug, kind in KINDS.items() if kind.sections}


def artifact_as_form(artifact):
    """The form's initial values for editing an artifact."""
    values = {key: getattr(artifact, key) or "" for key in ("type", "title", "visibility", *TEXT_FIELDS)}
    values["occurred_on"] = artifact.occurred_on.isoformat()
    values["version"] = artifact.version
    values["links"] = "\n".join(artifact.links or [])
    values["confidential"] = artifact.confidential
    values["details"] = dict(artifact.details or {})
    values["claims"] = [{"framework": c.competency.framework.slug, "competency": c.competency.slug,
                         "level": c.level.slug} for c in artifact.claims]
    values["metrics"] = [
        {"name": m.name, "baseline": format_number(m.baseline), "result": format_number(m.result),
         "unit": m.unit, "category": m.category}
        for m in artifact.metrics
    ]
    return values


FIELD_LABELS = {"occurred_on": "Date", "type": "Type", "title": "Title", "summary": "Summary",
                "situation": "Situation", "task": "Task", "action": "Action", "result": "Result",
                "scope": "Scope", "stakeholders": "Stakeholders", "links": "Links",
                "visibility": "Who can see it", "confidential": "Confidential", "claims": "Claims",
                "metrics": "Outcome metrics", "star": "STAR narrative", "attachments": "Files", "state": "State",
                "verification": "Verification", "deleted": "Trash", "details": "Structured sections",
                "coach_score": "Coach score"}


def field_label(path):
    """`metrics[0].baseline` -> `Metric 1: baseline`, `occurred_on` -> `Date`,
    `details.risks[3].likelihood` -> `Risks, row 4: likelihood`."""
    if path.startswith("details."):
        section, _, rest = path.removeprefix("details.").partition("[")
        title = section.replace("_", " ").capitalize()
        index, _, key = rest.partition("]")
        if not index.isdigit():
            return title
        key = key.removeprefix(".").replace("_", " ")
        return f"{title}, row {int(index) + 1}" + (f": {key}" if key else "")
    head, _, rest = path.partition("[")
    if not rest:
        return FIELD_LABELS.get(path, path)
    index, _, key = rest.partition("].")
    noun = {"metrics": "Metric", "claims": "Claim"}.get(head, head)
    number = int(index) + 1 if index.isdigit() else index
    return f"{noun} {number}: {key}" if key else f"{noun} {number}"


EVENT_LABELS = {"changes_requested": "sent back", "verified": "verified", "submitted": "submitted",
                "edited": "edited", "deleted": "moved to the trash", "restored": "restored"}


def event_label(event):
    """What a history entry did, in words: `created and submitted`, `created as a draft`, ..."""
    if event.kind == "created":
        return "created and submitted" if event.to_state == "submitted" else "created as a draft"
    return EVENT_LABELS.get(event.kind, event.kind.replace("_", " "))
