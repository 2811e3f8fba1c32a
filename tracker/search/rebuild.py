"""Write the search documents of all evidence, a batch at a time, from the stored rows: after
the index is created (its migration) and after bulk loads that bypass the artifact service."""
import json

import sqlalchemy as sa

from tracker.search.document import TEXT_FIELDS, compose

BATCH = 2000


def index_all(bind, engine, replace=False):
    """Index every artifact; `replace` what is there already (else the index must be empty)."""
    write = engine.store if replace else engine.insert
    after = 0
    while True:
        rows = bind.execute(sa.text(f"SELECT id, owner_id, type, details, {', '.join(TEXT_FIELDS)} FROM artifacts "
                                    f"WHERE id > :after ORDER BY id LIMIT {BATCH}"), {"after": after}).mappings().all()
        if not rows:
            return
        metrics = {}
        for row in bind.execute(sa.text("SELECT artifact_id, name, unit FROM metrics WHERE artifact_id BETWEEN :low "
                                        "AND :high ORDER BY artifact_id, position"),
                                {"low": rows[0]["id"], "high": rows[-1]["id"]}):
            metrics.setdefault(row.artifact_id, []).append(f"{row.name} {row.unit}")
        write(bind, [{"id": row["id"], "owner_id": row["owner_id"], "document": compose(
            row["type"], [row[name] or "" for name in TEXT_FIELDS],
            json.loads(row["details"]) if isinstance(row["details"], str) else row["details"],
            metrics.get(row["id"], []))} for row in rows])
        after = rows[-1]["id"]
