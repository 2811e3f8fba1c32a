import click
from flask.cli import AppGroup

from tracker.auth.service import create_user, find_user, issue_token
from tracker.errors import ValidationError

users_cli = AppGroup("users", help="Manage user accounts.")
tokens_cli = AppGroup("tokens", help="Issue API tokens.")


def fail_with(error):
    lines = [f"  {field}: {message}" for field, message in error.fields.items()]
    raise click.ClickException("\n".join(["Nothing was saved:", *lines]))


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="Give the user admin rights.")
@click.option("--manager", "manager_email", help="Email of the user's manager.")
@click.option("--framework", "framework_slug", help="Framework slug (default: vp_engineering).")
def create_user_command(email, name, password, admin, manager_email, framework_slug):
    """Create a user."""
    try:
        user = create_user(email, name, password, admin=admin, manager_email=manager_email,
                           framework_slug=framework_slug)
    except ValidationError as error:
        fail_with(error)
    click.echo(f"Created {'admin ' if user.is_admin else ''}user {user.email} (id {user.id}).")


@tokens_cli.command("create")
@click.option("--email", required=True)
def create_token_command(email):
    """Issue an API token and print it (it is shown only once)."""
    user = find_user(email)
    if user is None or not user.active:
        raise click.ClickException(f"No active user with email {email}.")
    click.echo(issue_token(user))
