"""list indexes: evidence awaiting verification by person and by date (partial), and all evidence by date

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27 23:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

AWAITING = "state = 'submitted' AND visibility = 'manager' AND deleted_at IS NULL"


def upgrade():
    op.drop_index('ix_artifacts_owner_state', table_name='artifacts')
    where = {"sqlite_where": sa.text(AWAITING), "postgresql_where": sa.text(AWAITING)}
    op.create_index('ix_artifacts_awaiting_owner', 'artifacts', ['owner_id', 'occurred_on', 'id'], **where)
    op.create_index('ix_artifacts_awaiting_date', 'artifacts', ['occurred_on', 'id', 'owner_id'], **where)
    op.create_index('ix_artifacts_occurred', 'artifacts', ['occurred_on', 'id'])


def downgrade():
    op.drop_index('ix_artifacts_occurred', table_name='artifacts')
    op.drop_index('ix_artifacts_awaiting_date', table_name='artifacts')
    op.drop_index('ix_artifacts_awaiting_owner', table_name='artifacts')
    op.create_index('ix_artifacts_owner_state', 'artifacts', ['owner_id', 'state'], unique=False)
