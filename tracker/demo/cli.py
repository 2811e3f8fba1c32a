import click
from flask.cli import AppGroup

from tracker.demo.seed import demo_logins, seed_demo
from tracker.transaction import unit_of_work

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
def seed_command():
    """Create a demo team with a year of evidence (skipped if it exists). One transaction: a
    failure part-way leaves no partial demo."""
    with unit_of_work():
        result = seed_demo()
    if result is None:
        click.echo("The demo team is already there; nothing was added.")
    else:
        click.echo(f"Seeded {result['people']} people and {result['artifacts']} pieces of evidence.")
    password, logins = demo_logins()
    click.echo(f"Demo logins (password {password}):")
    for email, role in logins:
        click.echo(f"  {email:<38} {role}")
