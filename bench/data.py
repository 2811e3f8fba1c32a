"""Rows for generated organisations, inserted in bulk (both benchmarks use them)."""
import sqlalchemy as sa

from tracker.artifacts.coach import review
from tracker.extensions import db
from tracker.markdown import markdown_preview

SUMMARY = "Cut p95 latency by **40%**."
RARE_SUMMARY = "Kestrel rollout: cut p95 latency by **40%**."
PREVIEWS = {text: str(markdown_preview(text)) for text in (SUMMARY, RARE_SUMMARY)}
COACH_SCORES = {text: review(f"Outcome\n{text}", {"metrics"}).score for text in (SUMMARY, RARE_SUMMARY)}


def evidence_row(artifact_id, owner_id, occurred_on, state, now, summary=SUMMARY):
    """One impact note of `owner_id`, shared with the management chain."""
    return {"id": artifact_id, "owner_id": owner_id, "author_id": owner_id, "type": "impact_note",
            "title": f"Outcome {artifact_id}", "occurred_on": occurred_on,
            "summary": summary, "summary_preview": PREVIEWS[summary], "situation": "", "task": "", "action": "",
            "result": "", "scope": "", "stakeholders": "", "links": [], "visibility": "manager",
            "state": state, "decision_comment": "", "version": 1, "created_at": now, "updated_at": now,
            "details": {}, "coach_score": COACH_SCORES[summary]}


def claim_rows(rng, framework, artifact_id):
    """Claims on two competencies of `framework`, at random levels."""
    return [{"artifact_id": artifact_id, "competency_id": competency.id, "level_id": rng.choice(framework.levels).id}
            for competency in rng.sample(framework.competencies, 2)]


def insert_all(table, rows, batch=5000):
    for start in range(0, len(rows), batch):
        db.session.execute(sa.insert(table), rows[start:start + batch])
