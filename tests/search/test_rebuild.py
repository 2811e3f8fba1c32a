"""`search rebuild` indexes evidence that went around the application (a bulk load, a restore)."""
from datetime import date, datetime, timezone

import sqlalchemy as sa

from tracker.artifacts.listing import search_artifacts
from tracker.extensions import db
from tracker.models import Artifact


def test_rebuild_indexes_what_a_bulk_load_wrote_and_forgets_what_it_replaced(runner, org):
    stale = org.log(org.candidate, title="Vendor consolidation")
    now = datetime.now(timezone.utc)
    db.session.execute(sa.insert(Artifact.__table__).values(
        id=stale.id + 1, owner_id=org.candidate.id, author_id=org.candidate.id, type="risk_register",
        title="Loaded in bulk", occurred_on=date(2026, 2, 1), summary="", situation="", task="", action="",
        result="", scope="", stakeholders="", links=[], visibility="manager", state="verified",
        decision_comment="", version=1, created_at=now, updated_at=now,
        details={"risks": [{"risk": "Kestrel outage", "likelihood": 2, "impact": 3, "owner": "", "mitigation": "",
                            "due": None, "status": "open"}]}))
    db.session.execute(sa.update(Artifact.__table__).where(Artifact.id == stale.id).values(title="Supplier review"))
    db.session.commit()
    assert search_artifacts(org.candidate, q="kestrel").items == []  # not indexed yet

    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexed 2 pieces of evidence." in result.output
    db.session.expire_all()
    assert [a.title for a in search_artifacts(org.candidate, q="kestrel").items] == ["Loaded in bulk"]
    assert [a.title for a in search_artifacts(org.candidate, q="supplier").items] == ["Supplier review"]
    assert search_artifacts(org.candidate, q="vendor").items == []
