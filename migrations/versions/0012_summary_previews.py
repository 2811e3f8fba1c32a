"""summary previews: each summary's first paragraphs as cleaned HTML, made when it is saved

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade():
    with op.batch_alter_table('artifacts') as batch_op:
        batch_op.add_column(sa.Column('summary_preview', sa.Text(), nullable=False, server_default=''))
    from tracker.markdown import markdown_preview

    bind = op.get_bind()
    after = 0
    while True:
        rows = bind.execute(sa.text(f"SELECT id, summary FROM artifacts WHERE id > :after AND summary <> '' "
                                    f"ORDER BY id LIMIT {BATCH}"), {"after": after}).all()
        if not rows:
            return
        bind.execute(sa.text("UPDATE artifacts SET summary_preview = :preview WHERE id = :id"),
                     [{"id": row.id, "preview": str(markdown_preview(row.summary))} for row in rows])
        after = rows[-1].id


def downgrade():
    with op.batch_alter_table('artifacts') as batch_op:
        batch_op.drop_column('summary_preview')
