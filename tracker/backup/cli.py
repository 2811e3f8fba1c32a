"""`flask --app tracker export --all -o FILE.zip` and `flask --app tracker import FILE.zip`:
a whole installation (every table and every attachment) to one zip file and back."""
import os
import sys
from contextlib import contextmanager

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from tracker.backup import archive, restore
from tracker.extensions import db


@contextmanager
def _progress(label, total):
    """A progress bar on a terminal; plain lines otherwise (logs, cron mail)."""
    if sys.stdout.isatty():
        with click.progressbar(length=total, label=label) as bar:
            yield bar.update
        return
    done = [0]

    def line(count):
        if count:
            done[0] += count
            click.echo(f"{label}: {done[0]} of {total}")

    yield line


@contextmanager
def _snapshot():
    """A connection that sees the database as of one moment, so the tables and files of a
    backup fit together while the application keeps writing. PostgreSQL: a repeatable-read
    transaction. SQLite: an explicit BEGIN, as the driver starts no transaction for reads
    and each query would otherwise see the latest commit."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        else:
            connection.exec_driver_sql("BEGIN")
        yield connection


@click.command("export")
@click.option("--all", "everything", is_flag=True, help="Everything: every table and every attachment.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The zip file to write.")
@with_appcontext
def export_command(everything, output):
    """Write a full backup (every table and attachment) to a zip file that `import` restores."""
    if not everything:
        raise click.UsageError("Give --all: a backup holds everything in the database.")
    with _snapshot() as connection:
        revision = archive.schema_revision(connection)
        if revision != archive.head_revision():
            click.echo(f"The database is at schema revision {revision or '(none)'}, not this version's "
                       f"{archive.head_revision()}. Run `flask --app tracker db upgrade` first.", err=True)
            sys.exit(1)
        files = connection.scalar(sa.text("SELECT count(*) FROM attachments"))
        with _progress("Exporting", len(archive.tables()) + files) as progress:
            try:
                manifest = archive.write_backup(connection, os.path.abspath(output), revision, progress)
            except (OSError, ValueError) as error:
                click.echo(f"Export stopped, nothing written: {error}", err=True)
                sys.exit(1)
    click.echo(f"Wrote {output}: {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
               f"{len(manifest['attachments'])} attachments, schema revision {revision}.")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Delete everything in this database first.")
@with_appcontext
def import_command(path, replace):
    """Restore a backup made by `export --all` into an empty database (or, with --replace, into
    this one after deleting everything in it), then rebuild the search index."""
    try:
        backup, manifest = restore.open_backup(path)
        with backup:
            restore.check_schema(manifest)
            restore.check_target(manifest, replace)
            total = sum(manifest["tables"].values()) + len(manifest.get("attachments", []))
            with _progress("Importing", total) as progress:
                restore.restore(backup, manifest, progress)
    except restore.Refused as refusal:
        db.session.rollback()
        click.echo(f"Import refused: {refusal}", err=True)
        sys.exit(1)
    click.echo(f"Imported {path}: {sum(manifest['tables'].values())} rows, "
               f"{len(manifest.get('attachments', []))} attachments; search index rebuilt.")
