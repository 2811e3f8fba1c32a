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
        batch_op.add_column(sa.Column('origin', sa.String(length=16), server_default='imported', nullable=False))
        batch_op.add_column(sa.Column('bands', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('proof_pack', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('stage_names', sa.JSON(), nullable=True))
    with op.batch_alter_table('levels', schema=None) as batch_op:
        batch_op.add_column(sa.Column('points', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('competencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guidance', sa.JSON(), nullable=True))
    op.execute("UPDATE levels SET points = position + 1")
    _mark_untouched_bundled_copy()


def _mark_untouched_bundled_copy():
    """Before this revision every framework looked alike. A `vp_engineering` whose levels and
    descriptors are exactly the bundled ones was installed from the package: mark it bundled,
    so `frameworks sync` may upgrade it. Anything else (an admin's edit) stays imported and
    is never overwritten."""
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parents[2] / "tracker" / "frameworks" / "data" / "vp_engineering.yaml"
    bundled = yaml.safe_load(path.read_text(encoding="utf-8"))
    connection = op.get_bind()
    framework_id = connection.execute(sa.text("SELECT id FROM frameworks WHERE slug = 'vp_engineering'")).scalar()
    if framework_id is None:
        return
    levels = connection.execute(sa.text(
        "SELECT slug, name FROM levels WHERE framework_id = :id ORDER BY position"), {"id": framework_id}).all()
    descriptors = connection.execute(sa.text(
        "SELECT c.slug, l.slug, d.text FROM descriptors d JOIN competencies c ON c.id = d.competency_id "
        "JOIN levels l ON l.id = d.level_id WHERE c.framework_id = :id"), {"id": framework_id}).all()
    expected_levels = [(level["slug"], level["name"]) for level in bundled["levels"]]
    expected_descriptors = {(c["slug"], level, text.strip()) for c in bundled["competencies"]
                            for level, text in c["descriptors"].items()}
    if ([tuple(row) for row in levels] == expected_levels
            and {(c, lvl, text.strip()) for c, lvl, text in descriptors} == expected_descriptors):
        connection.execute(sa.text("UPDATE frameworks SET origin = 'bundled' WHERE id = :id"), {"id": framework_id})


def downgrade():
    with op.batch_alter_table('competencies', schema=None) as batch_op:
        batch_op.drop_column('guidance')
    with op.batch_alter_table('levels', schema=None) as batch_op:
        batch_op.drop_column('points')
    with op.batch_alter_table('frameworks', schema=None) as batch_op:
        for column in ('stage_names', 'proof_pack', 'bands', 'origin', 'content_version', 'kind'):
            batch_op.drop_column(column)
