import click
from flask.cli import AppGroup

from tracker.demo.seed import seed_demo

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
def seed_command():
    """Create a demo team with a year of evidence (skipped if it exists)."""
    result = seed_demo()
    if result is None:
        click.echo("The demo team is already there; nothing was added.")
        return
    click.echo(f"Seeded {len(result['people'])} people and {result['artifacts']} pieces of evidence.")
    click.echo(f"Every demo login uses the password: {result['password']}")
    for user in result["people"]:
        role = "admin" if user.is_admin else ("manager" if user.reports else "candidate")
        click.echo(f"  {user.email:<40} {role}")
