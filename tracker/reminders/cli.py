"""`flask --app tracker reminders send`: one run by hand (the scheduler process is in scheduler_cli)."""
import sys

import click
from flask.cli import AppGroup

from tracker.reminders.kinds import KINDS
from tracker.reminders.periods import Period
from tracker.reminders.runs import count_due, send_kind

reminders_cli = AppGroup("reminders", help="Send the monthly reminders, nudges and digests.")

MONTHLY = ("monthly_reminder", "digest")


def _period(_context, _parameter, value):
    period = Period.parse(value)
    if period is None:
        raise click.BadParameter(f"give the month as YYYY-MM, e.g. 2026-10; got {value!r}")
    return period


@reminders_cli.command("send")
@click.option("--period", required=True, callback=_period, help="The month the mails are about, YYYY-MM.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(sorted(KINDS)),
              help="Only this kind (repeatable). Default: the monthly reminder and the digest.")
@click.option("--dry-run", is_flag=True, help="Print who would get what, and send nothing.")
def send_command(period, kinds, dry_run):
    """Send what is due for one month: each person gets each kind once, however often this
    runs."""
    for slug in kinds or MONTHLY:
        report = _run(slug, period, dry_run, count_due(KINDS[slug], period))
        if dry_run:
            for email, subject in report.planned:
                click.echo(f"{slug}\t{email}\t{subject}")
            click.echo(f"{KINDS[slug].label}, {period}: {len(report.planned)} would be sent (dry run).")
        elif not (report.sent or report.failed or report.skipped):
            click.echo(f"{KINDS[slug].label}, {period}: nothing to send; everyone it is for has had it.")
        else:
            click.echo(f"{KINDS[slug].label}, {period}: {report.sent} sent, {report.failed} failed, "
                       f"{report.skipped} already taken by another run.")
        if report.stopped:
            click.echo(report.stopped, err=True)


def _run(slug, period, dry_run, total):
    """One kind's run with a progress bar on a terminal, plain lines otherwise."""
    if sys.stdout.isatty() and not dry_run:
        with click.progressbar(length=total, label=KINDS[slug].label) as bar:
            return send_kind(slug, period, trigger="command", progress=bar.update)
    done = [0]

    def line(count):
        done[0] += count
        click.echo(f"{KINDS[slug].label}: {done[0]} of {total} looked at")

    return send_kind(slug, period, trigger="command", dry_run=dry_run, progress=None if dry_run else line)
