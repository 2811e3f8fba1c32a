import click
from flask.cli import AppGroup

from tracker.auth.service import (create_user, find_user, issue_token, prune_expired_tokens, revoke_token,
                                   tokens_of)
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.models import ApiToken
from tracker.models.base import utcnow
from tracker.transaction import transactional

users_cli = AppGroup("users", help="Manage user accounts.")
tokens_cli = AppGroup("tokens", help="Issue, list and revoke API tokens.")


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
@transactional
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
@transactional
def create_token_command(email):
    """Issue an API token and print it (it is shown only once)."""
    user = find_user(email)
    if user is None or not user.active:
        raise click.ClickException(f"No active user with email {email}.")
    click.echo(issue_token(user))


def _user_or_fail(email):
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"No user with email {email}.")
    return user


@tokens_cli.command("list")
@click.option("--email", required=True)
def list_tokens_command(email):
    """List a user's API tokens (ids and dates; the tokens themselves are never stored)."""
    rows = tokens_of(_user_or_fail(email))
    now = utcnow()
    for row in rows:
        status = "expired" if row.expires_at <= now else "valid"
        click.echo(f"{row.id}\tcreated {row.created_at:%Y-%m-%d %H:%M} UTC\t"
                   f"expires {row.expires_at:%Y-%m-%d %H:%M} UTC\t{status}")
    if not rows:
        click.echo(f"{email} holds no API tokens.")


@tokens_cli.command("revoke")
@click.option("--id", "token_id", type=int, help="Revoke the token with this id (see tokens list).")
@click.option("--email", help="With --all: revoke every token of this user.")
@click.option("--all", "revoke_all", is_flag=True)
@transactional
def revoke_tokens_command(token_id, email, revoke_all):
    """Revoke one token (--id N) or all of a user's tokens (--email E --all)."""
    if (token_id is None) == (not (email and revoke_all)):
        raise click.UsageError("Give either --id N, or --email E --all.")
    if token_id is not None:
        row = db.session.get(ApiToken, token_id)
        if row is None:
            raise click.ClickException(f"No token with id {token_id}.")
        rows = [row]
    else:
        rows = tokens_of(_user_or_fail(email))
    for row in rows:
        revoke_token(row)
    click.echo(f"Revoked {len(rows)} token{'s' if len(rows) != 1 else ''}.")


@tokens_cli.command("prune")
@transactional
def prune_tokens_command():
    """Delete expired tokens (issuing a token does this too)."""
    removed = prune_expired_tokens()
    click.echo(f"Removed {removed} expired token{'s' if removed != 1 else ''}.")


from tracker.people.cli import import_users_command  # noqa: E402  (its own module: the CSV import)

users_cli.add_command(import_users_command)
