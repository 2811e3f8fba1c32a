"""structured evidence: each type's own sections (details) and the evidence coach's score

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade():
    with op.batch_alter_table('artifacts') as batch_op:
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('coach_score', sa.SmallInteger(), nullable=False, server_default='0'))
    _score_existing()


def _score_existing():
    """Score the evidence already logged, a batch at a time (no type has sections yet)."""
    from tracker.artifacts.coach import review_evidence

    bind = op.get_bind()
    columns = ("title", "summary", "situation", "task", "action", "result", "scope", "stakeholders")
    after = 0
    while True:
        rows = bind.execute(sa.text(
            f"SELECT id, {', '.join(columns)} FROM artifacts WHERE id > :after ORDER BY id LIMIT {BATCH}"),
            {"after": after}).all()
        if not rows:
            return
        metrics = {}
        for metric in bind.execute(sa.text(
                "SELECT artifact_id, name, unit FROM metrics WHERE result IS NOT NULL "
                "AND artifact_id BETWEEN :low AND :high ORDER BY artifact_id, position"),
                {"low": rows[0].id, "high": rows[-1].id}):
            metrics.setdefault(metric.artifact_id, []).append((metric.name, metric.unit))
        scores = [{"id": row.id, "score": review_evidence(
            {name: getattr(row, name) for name in columns}, metrics.get(row.id, []), "other", {}).score}
            for row in rows]  # as a save scores them; no evidence has sections yet
        bind.execute(sa.text("UPDATE artifacts SET coach_score = :score WHERE id = :id"), scores)
        after = rows[-1].id


def downgrade():
    with op.batch_alter_table('artifacts') as batch_op:
        batch_op.drop_column('coach_score')
        batch_op.drop_column('details')
