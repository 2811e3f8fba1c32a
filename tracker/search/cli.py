"""`flask --app tracker search rebuild`: write every piece of evidence's search document
again, after a bulk load or a restore that went around the application."""
import click
from flask.cli import AppGroup
from sqlalchemy import func, select, text

from tracker.extensions import db
from tracker.models import Artifact
from tracker.search import backend
from tracker.search.rebuild import index_all

search_cli = AppGroup("search", help="The full-text search index.")


@search_cli.command("rebuild")
def rebuild_command():
    """Replace the whole index from the stored evidence, in one transaction."""
    db.session.execute(text("DELETE FROM artifact_search"))
    index_all(db.session, backend())
    db.session.commit()
    click.echo(f"Indexed {db.session.scalar(select(func.count(Artifact.id)))} pieces of evidence.")
