"""`flask --app tracker db upgrade`: Flask-Migrate's migrations, then what a database at the
newest schema needs before the app serves it (the bundled frameworks, the stored readiness).
The other `db` commands are Flask-Migrate's own."""
import click
import flask_migrate
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate.cli import db as migrate_commands

from tracker.extensions import db
from tracker.frameworks.service import sync_bundled_frameworks
from tracker.readiness.status import fill_if_empty


def at_head():
    config = current_app.extensions["migrate"].migrate.get_config(current_app.extensions["migrate"].directory)
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current == ScriptDirectory.from_config(config).get_current_head()


def finish_upgrade():
    """Once the schema is at head: install or upgrade the bundled frameworks (as `frameworks
    sync` does), then build the stored readiness if the database has evidence but none.
    Each step commits; returns ({slug: outcome}, whether the readiness was rebuilt)."""
    if not at_head():
        return {}, False
    report = sync_bundled_frameworks()
    db.session.commit()
    rebuilt = fill_if_empty(db.session)
    db.session.commit()
    return report, rebuilt


def upgrade_database(revision="head"):
    """Everything `db upgrade` does, for callers without a command line (tests, benchmarks)."""
    flask_migrate.upgrade(revision=revision)
    return finish_upgrade()


def _upgrade_command():
    original = migrate_commands.commands["upgrade"]

    @click.pass_context
    @with_appcontext
    def upgrade(context, **options):
        context.invoke(original, **options)
        if options.get("sql"):
            return
        report, rebuilt = finish_upgrade()
        for slug, outcome in report.items():
            click.echo(f"Framework {slug}: {outcome}")
        if rebuilt:
            click.echo("Stored readiness rebuilt from the evidence.")

    return click.Command("upgrade", callback=upgrade, params=original.params,
                         help="Upgrade to a later version, then install or upgrade the bundled frameworks.")


def database_commands():
    """The `db` group: Flask-Migrate's commands with `upgrade` finished as above."""
    group = AppGroup("db", help=migrate_commands.help, callback=migrate_commands.callback,
                     params=migrate_commands.params)
    for name, command in migrate_commands.commands.items():
        group.add_command(command, name)
    group.add_command(_upgrade_command(), "upgrade")
    return group
