"""stored readiness status per person and competency, kept current with every change

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 17:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('readiness_status',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('level_id', sa.Integer(), nullable=True),
    sa.Column('counting', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.Column('latest', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['competency_id'], ['competencies.id'], name=op.f('fk_readiness_status_competency_id_competencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_readiness_status_framework_id_frameworks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['level_id'], ['levels.id'], name=op.f('fk_readiness_status_level_id_levels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_readiness_status_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'competency_id', name=op.f('pk_readiness_status'))
    )
    with op.batch_alter_table('readiness_status', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_readiness_status_framework_id'), ['framework_id'], unique=False)


def downgrade():
    with op.batch_alter_table('readiness_status', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_readiness_status_framework_id'))
    op.drop_table('readiness_status')
