"""Asking for a reset link and reading it from the mail, as a person would."""
import re

from tests.conftest import csrf_token
from tests.mailserver import Inbox

LINK = re.compile(r"https://tracker\.example(/password-reset/\S+)")


def ask_reset(client, email):
    return client.post("/password-reset", data={"email": email, "csrf_token": csrf_token(client, "/password-reset")})


def reset_path(smtp, email, index=-1):
    """The path of the link in the `index`-th reset mail to `email` (the newest by default)."""
    message = smtp.to(email)[index]
    assert message["Subject"] == "Reset your password"
    path = LINK.search(Inbox.text(message)).group(1)
    assert f"https://tracker.example{path}" in Inbox.html(message)
    return path


def set_password(client, path, new, again=None):
    return client.post(path, data={"new_password": new, "new_password_again": new if again is None else again,
                                   "csrf_token": csrf_token(client, "/password-reset")})
