"""Evidence for brag-document tests: the candidate's, in every state, over two years, and
some that must never show (someone else's, deleted)."""
from datetime import date

import pytest

from tracker.artifacts import service as artifacts
from tracker.extensions import db

START, END = date(2025, 1, 1), date(2026, 11, 21)
RANGE = {"from": START.isoformat(), "to": END.isoformat()}


@pytest.fixture()
def evidence(org):
    candidate = org.candidate
    org.log(candidate, [("planning", "em"), ("hiring", "emerging_vp")], occurred_on=date(2026, 3, 10),
            title="Cut cloud spend", summary="Moved batch jobs to **spot instances**.",
            situation="Cloud bill grew 40% a year.", task="Halve the growth.", action="Rightsized clusters.",
            result="Spend fell by a third.", links=["https://example.com/memo"],
            metrics=[{"name": "Cloud spend", "baseline": 120, "result": 80, "unit": "k", "category": "cost"}])
    org.log(candidate, occurred_on=date(2026, 5, 2), state="submitted", title="Hiring plan for platform",
            summary="Plan for six hires.",
            metrics=[{"name": "Time to hire", "baseline": 60, "result": 45, "unit": "days", "category": "speed"}])
    org.log(candidate, occurred_on=date(2026, 4, 1), state="draft", visibility="private",
            title="Private reflection", summary="Only for me.")
    org.log(candidate, occurred_on=date(2025, 6, 1), title="Ran the quarterly planning", summary="No numbers.")
    gone = org.log(candidate, occurred_on=date(2026, 2, 1), title="Deleted thing")
    artifacts.delete_artifact(candidate, gone)
    org.log(org.other, occurred_on=date(2026, 3, 11), title="Otto's secret win")
    db.session.commit()
    return org
