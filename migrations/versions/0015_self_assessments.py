"""self-assessments: dated answers to the readiness questions and a self-rated level per competency

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 00:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('self_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('ratings', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_self_assessments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessments'))
    )
    op.create_index('ix_self_assessments_user_created', 'self_assessments', ['user_id', 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_self_assessments_user_created', table_name='self_assessments')
    op.drop_table('self_assessments')
