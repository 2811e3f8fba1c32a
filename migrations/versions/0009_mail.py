"""mail: a delivery ledger (once per person, kind and period), opt-outs per kind, runs

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 19:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_deliveries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_deliveries')),
    sa.UniqueConstraint('user_id', 'kind', 'period', name='uq_mail_deliveries_user_kind_period')
    )
    op.create_index('ix_mail_deliveries_due', 'mail_deliveries', ['state', 'next_attempt_at'], unique=False)
    op.create_index('ix_mail_deliveries_kind_period', 'mail_deliveries', ['kind', 'period'], unique=False)
    op.create_table('mail_opt_outs',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_opt_outs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_mail_opt_outs'))
    )
    op.create_table('mail_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_runs'))
    )
    op.create_index(op.f('ix_mail_runs_started_at'), 'mail_runs', ['started_at'], unique=False)
    # People who had turned reminders off keep them off, now per kind.
    op.execute("INSERT INTO mail_opt_outs (user_id, kind, created_at) "
               "SELECT id, 'monthly_reminder', CURRENT_TIMESTAMP FROM users WHERE reminders_enabled = false")
    op.execute("INSERT INTO mail_opt_outs (user_id, kind, created_at) "
               "SELECT id, 'nudge', CURRENT_TIMESTAMP FROM users WHERE reminders_enabled = false")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('reminders_enabled')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_enabled', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute("UPDATE users SET reminders_enabled = false WHERE id IN "
               "(SELECT user_id FROM mail_opt_outs WHERE kind = 'monthly_reminder')")
    op.drop_index(op.f('ix_mail_runs_started_at'), table_name='mail_runs')
    op.drop_table('mail_runs')
    op.drop_table('mail_opt_outs')
    op.drop_index('ix_mail_deliveries_kind_period', table_name='mail_deliveries')
    op.drop_index('ix_mail_deliveries_due', table_name='mail_deliveries')
    op.drop_table('mail_deliveries')
