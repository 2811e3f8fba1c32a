"""full-text search: one document per piece of evidence, FTS5 on SQLite, tsvector + GIN on PostgreSQL

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None



def upgrade():
    from tracker.search import backend
    from tracker.search.rebuild import index_all

    bind = op.get_bind()
    engine = backend(bind)
    engine.create(bind)
    index_all(bind, engine)  # the evidence logged before this version


def downgrade():
    from tracker.search import backend

    bind = op.get_bind()
    backend(bind).drop(bind)
