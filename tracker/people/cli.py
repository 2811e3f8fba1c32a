"""`flask users import FILE.csv`: the CSV import from the command line (an admin's rights).
The invitations are delivered right after the import commits; mail the server does not take
stays in the outbox for the scheduler's outbox job."""
import click
from sqlalchemy import select

from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.mail.outbox import deliver
from tracker.mail.smtp import MailServerUnavailable
from tracker.models import OutboxMail
from tracker.people.csv_import import describe, import_people
from tracker.transaction import unit_of_work


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_users_command(path):
    """Add people from a CSV file (email, name, manager email, target framework) and invite
    them. Prints a line per row; exits with 1 when any row was refused."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        with unit_of_work():
            rows = import_people(None, data)
            people = [row.person.id for row in rows if row.done]
    except ValidationError as error:
        raise click.ClickException(" ".join(error.fields.values())) from None
    for row in rows:
        click.echo(describe(row))
    refused = sum(1 for row in rows if not row.done)
    click.echo(f"{len(rows) - refused} added, {refused} refused.")
    mails = db.session.scalars(
        select(OutboxMail.id).where(OutboxMail.user_id.in_(people), OutboxMail.kind == "invitation")
        .order_by(OutboxMail.id)).all() if people else []
    if mails:
        try:
            sent = deliver(mails)
        except MailServerUnavailable:
            sent = 0
        if sent < len(mails):
            click.echo(f"{len(mails) - sent} invitations wait in the outbox; the scheduler sends them.")
    if refused:
        raise SystemExit(1)
