"""target frameworks: a person's further targets beside the primary one

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 16:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_targets',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_user_targets_framework_id_frameworks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_targets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'framework_id', name=op.f('pk_user_targets'))
    )


def downgrade():
    op.drop_table('user_targets')
