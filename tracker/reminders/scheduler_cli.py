"""`flask --app tracker scheduler run`: the process that sends the reminders on time."""
import click
from flask import current_app
from flask.cli import AppGroup

scheduler_cli = AppGroup("scheduler", help="The process that sends the reminders on time.")


@scheduler_cli.command("run")
@click.option("--poll-seconds", type=click.IntRange(min=1), default=10, show_default=True,
              help="While another scheduler holds the lock (PostgreSQL), try again this often.")
def run_command(poll_seconds):
    """Send the reminders, nudges and digests when they are due, until SIGTERM or Ctrl-C.
    Run one per installation (more are safe: on PostgreSQL the others wait to take over)."""
    # Imported here, not at the top: building the app registers this command, and the web
    # workers have no use for the scheduler.
    from tracker.reminders.scheduler import run

    run(current_app._get_current_object(), poll_seconds, click.echo)
