import click
from flask.cli import AppGroup

from tracker.extensions import db
from tracker.frameworks.service import (export_yaml, get_framework, import_framework, parse_yaml,
                                        sync_bundled_frameworks)
from tracker.frameworks.validation import FrameworkError

frameworks_cli = AppGroup("frameworks", help="Import, export and sync career frameworks (YAML).")


@frameworks_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Create or update a framework from a YAML file."""
    try:
        with open(path, encoding="utf-8") as handle:
            framework = import_framework(parse_yaml(handle.read()))
        db.session.commit()
    except (FrameworkError, UnicodeDecodeError) as error:
        db.session.rollback()
        fields = getattr(error, "errors", {"(file)": "is not UTF-8 text"})
        lines = [f"  {field}: {message}" for field, message in fields.items()]
        raise click.ClickException("\n".join([f"{path} was not imported:", *lines])) from error
    click.echo(f"Imported framework {framework.slug} ({len(framework.competencies)} competencies, "
               f"{len(framework.levels)} levels).")


@frameworks_cli.command("export")
@click.argument("slug")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def export_command(slug, output):
    """Print a framework as YAML that `frameworks import` accepts."""
    framework = get_framework(slug)
    if framework is None:
        raise click.ClickException(f"No framework {slug!r}.")
    text = export_yaml(framework)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote {output}.")
    else:
        click.echo(text, nl=False)


@frameworks_cli.command("sync")
def sync_command():
    """Install or upgrade the bundled frameworks (`db upgrade` runs this too). Frameworks an
    admin imported are left as they are."""
    try:
        report = sync_bundled_frameworks()
        db.session.commit()
    except FrameworkError as error:
        db.session.rollback()
        lines = [f"  {field}: {message}" for field, message in error.errors.items()]
        raise click.ClickException("\n".join(["Nothing was changed:", *lines])) from error
    for slug, outcome in report.items():
        click.echo(f"{slug}: {outcome}")
