"""review sessions: scheduled reviews with topics, notes, agreed levels, action items and decisions; an outbox for the mails they send

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-28 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_outbox_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_mail_outbox_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_outbox_user_id'), ['user_id'], unique=False)

    op.create_table('review_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=500), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('frozen_agenda', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['users.id'], name=op.f('fk_review_sessions_candidate_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_review_sessions_manager_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_sessions'))
    )
    with op.batch_alter_table('review_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_review_sessions_candidate_starts', ['candidate_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_sessions_manager_id'), ['manager_id'], unique=False)

    op.create_table('agreed_levels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('framework', sa.String(length=64), nullable=False),
    sa.Column('competency', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=64), nullable=False),
    sa.Column('rationale', sa.String(length=1000), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['users.id'], name=op.f('fk_agreed_levels_candidate_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_agreed_levels_recorded_by_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['review_sessions.id'], name=op.f('fk_agreed_levels_session_id_review_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreed_levels')),
    sa.UniqueConstraint('session_id', 'framework', 'competency', name='uq_agreed_levels_session_competency')
    )
    with op.batch_alter_table('agreed_levels', schema=None) as batch_op:
        batch_op.create_index('ix_agreed_levels_candidate', ['candidate_id', 'framework'], unique=False)

    op.create_table('review_action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['users.id'], name=op.f('fk_review_action_items_candidate_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_review_action_items_owner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['review_sessions.id'], name=op.f('fk_review_action_items_session_id_review_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_action_items'))
    )
    with op.batch_alter_table('review_action_items', schema=None) as batch_op:
        batch_op.create_index('ix_review_action_items_candidate_done', ['candidate_id', 'done_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_action_items_session_id'), ['session_id'], unique=False)

    op.create_table('review_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('artifact_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=32), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['artifact_id'], ['artifacts.id'], name=op.f('fk_review_decisions_artifact_id_artifacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['review_sessions.id'], name=op.f('fk_review_decisions_session_id_review_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_decisions'))
    )
    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decisions_session_id'), ['session_id'], unique=False)

    op.create_table('review_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('private', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_review_notes_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['review_sessions.id'], name=op.f('fk_review_notes_session_id_review_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_notes'))
    )
    with op.batch_alter_table('review_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_notes_session_id'), ['session_id'], unique=False)

    op.create_table('review_topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_review_topics_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['review_sessions.id'], name=op.f('fk_review_topics_session_id_review_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_topics'))
    )
    with op.batch_alter_table('review_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_topics_session_id'), ['session_id'], unique=False)



def downgrade():
    with op.batch_alter_table('review_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_topics_session_id'))

    op.drop_table('review_topics')
    with op.batch_alter_table('review_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_notes_session_id'))

    op.drop_table('review_notes')
    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decisions_session_id'))

    op.drop_table('review_decisions')
    with op.batch_alter_table('review_action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_action_items_session_id'))
        batch_op.drop_index('ix_review_action_items_candidate_done')

    op.drop_table('review_action_items')
    with op.batch_alter_table('agreed_levels', schema=None) as batch_op:
        batch_op.drop_index('ix_agreed_levels_candidate')

    op.drop_table('agreed_levels')
    with op.batch_alter_table('review_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_sessions_manager_id'))
        batch_op.drop_index('ix_review_sessions_candidate_starts')

    op.drop_table('review_sessions')
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_outbox_user_id'))
        batch_op.drop_index('ix_mail_outbox_due')

    op.drop_table('mail_outbox')
