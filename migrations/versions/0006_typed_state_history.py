"""typed state history: from and to state on every evidence event

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 16:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('artifact_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_state', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('to_state', sa.String(length=24), nullable=True))
    # Earlier events carry the state only inside their snapshot: copy it into the columns.
    events = sa.table('artifact_events', sa.column('id', sa.Integer), sa.column('artifact_id', sa.Integer),
                      sa.column('snapshot', sa.JSON), sa.column('from_state', sa.String),
                      sa.column('to_state', sa.String))
    connection = op.get_bind()
    previous = {}
    for row in connection.execute(sa.select(events.c.id, events.c.artifact_id, events.c.snapshot)
                                  .order_by(events.c.artifact_id, events.c.id)):
        state = (row.snapshot or {}).get('state')
        connection.execute(events.update().where(events.c.id == row.id)
                           .values(from_state=previous.get(row.artifact_id), to_state=state))
        previous[row.artifact_id] = state


def downgrade():
    with op.batch_alter_table('artifact_events', schema=None) as batch_op:
        batch_op.drop_column('to_state')
        batch_op.drop_column('from_state')
