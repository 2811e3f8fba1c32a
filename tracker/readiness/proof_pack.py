"""A framework's proof pack as a checklist: each item is met by verified, shared evidence
of one of its types, dated on or before the day the readiness is shown for."""
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import ARTIFACT_TYPES, Artifact


def proof_pack_status(person, framework, as_of):
    """The framework's items, each with its type and signal names and `met_by`: up to three
    (artifact id, title) of evidence that meets it, newest first."""
    items = framework.proof_pack or []
    if not items:
        return []
    wanted = {t for item in items for t in item["types"]}
    rows = db.session.execute(
        select(Artifact.type, Artifact.id, Artifact.title)
        .where(Artifact.owner_id == person.id, Artifact.state == "verified", Artifact.visibility == "manager",
               Artifact.deleted_at.is_(None), Artifact.occurred_on <= as_of, Artifact.type.in_(wanted))
        .order_by(Artifact.occurred_on.desc(), Artifact.id.desc())
    ).all()
    names = {c.slug: c.name for c in framework.competencies}
    return [{**item, "type_names": [ARTIFACT_TYPES[t] for t in item["types"]],
             "signal_names": [names.get(s, s) for s in item["signals"]],
             "met_by": [(row.id, row.title) for row in rows if row.type in item["types"]][:3]}
            for item in items]
