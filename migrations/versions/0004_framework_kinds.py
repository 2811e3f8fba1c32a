"""framework kinds: scorecards with points and bands, bundled versions, guidance

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 16:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('frameworks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), server_default='ladder', nullable=False))
        batch_op.add_column(sa.Column('content_version', sa.Integer(), server_default='1', nullable=False))
        # Frameworks that exist before this revision were installed from the package.
        batch_op.add_column(sa.Column('origin', sa.String(length=16), server_default='bundled', nullable=False))
        batch_op.add_column(sa.Column('bands', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('proof_pack', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('stage_names', sa.JSON(), nullable=True))
    with op.batch_alter_table('levels', schema=None) as batch_op:
        batch_op.add_column(sa.Column('points', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('competencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guidance', sa.JSON(), nullable=True))
    op.execute("UPDATE levels SET points = position + 1")


def downgrade():
    with op.batch_alter_table('competencies', schema=None) as batch_op:
        batch_op.drop_column('guidance')
    with op.batch_alter_table('levels', schema=None) as batch_op:
        batch_op.drop_column('points')
    with op.batch_alter_table('frameworks', schema=None) as batch_op:
        for column in ('stage_names', 'proof_pack', 'bands', 'origin', 'content_version', 'kind'):
            batch_op.drop_column(column)
