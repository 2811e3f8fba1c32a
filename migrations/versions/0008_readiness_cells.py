"""stored readiness per person, competency and level, and per person and framework, so pages read a fixed number of rows

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 18:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('readiness_cells',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('level_id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('verified', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.Column('at_or_above', sa.Integer(), nullable=False),
    sa.Column('months', sa.Text(), nullable=False),
    sa.Column('reached_on', sa.Date(), nullable=True),
    sa.Column('newest', sa.Text(), nullable=False),
    sa.Column('last_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['competency_id'], ['competencies.id'], name=op.f('fk_readiness_cells_competency_id_competencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_readiness_cells_framework_id_frameworks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['level_id'], ['levels.id'], name=op.f('fk_readiness_cells_level_id_levels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_readiness_cells_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'competency_id', 'level_id', name=op.f('pk_readiness_cells'))
    )
    op.create_table('readiness_standing',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('tops', sa.Integer(), nullable=False),
    sa.Column('mids', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_readiness_standing_framework_id_frameworks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_readiness_standing_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'framework_id', name=op.f('pk_readiness_standing'))
    )


def downgrade():
    op.drop_table('readiness_standing')
    op.drop_table('readiness_cells')
