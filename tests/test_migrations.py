"""The committed migrations build the schema from nothing, tear it down, and build it again,
on SQLite and (with TRACKER_TEST_DATABASE_URL) on PostgreSQL."""
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.conftest import dispose, make_app, server_url
from tracker.extensions import db

TABLES = {"users", "api_tokens", "frameworks", "levels", "competencies", "descriptors", "artifacts",
          "attachments", "user_targets",
          "claims", "metrics", "artifact_events"}


@pytest.fixture()
def empty_url(tmp_path):
    url = server_url()
    if not url:
        yield "sqlite:///" + str(tmp_path / "fresh.sqlite3")
        return
    name = "tracker_migrations_check"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    yield sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def tables():
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_from_empty(empty_url):
    app = make_app(empty_url)
    with app.app_context():
        assert tables() == set()
        upgrade()
        assert tables() == TABLES
        slugs = db.session.scalars(sa.text("SELECT slug FROM frameworks ORDER BY slug")).all()
        assert slugs == ["cto_readiness", "em_scorecard", "it_director", "vp_engineering"]
        db.session.remove()  # end the read transaction, or PostgreSQL's DROP TABLE waits on it
        downgrade(revision="base")
        assert tables() == set()
        upgrade()
        assert tables() == TABLES
        assert db.session.scalar(sa.text("SELECT count(*) FROM competencies")) == 8 + 9 + 9 + 9
    dispose(app)


def test_models_match_the_migrations(app):
    """Autogenerate finds nothing to add: the committed migrations are complete."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_db_upgrade_command_on_a_fresh_database(empty_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # operators run it from anywhere, not only the checkout's root
    app = make_app(empty_url)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert tables() == TABLES
        assert db.session.scalar(sa.text("SELECT count(*) FROM frameworks")) == 4
    again = app.test_cli_runner().invoke(args=["db", "upgrade"])  # idempotent
    assert again.exit_code == 0
    dispose(app)
