"""Mail about one's own account, written into the outbox (sent after the commit)."""
from flask import current_app

from tracker.accounts.links import LIFETIMES
from tracker.mail.outbox import enqueue
from tracker.models import LinkPurpose


def send_password_reset(user, token):
    hours = int(LIFETIMES[LinkPurpose.PASSWORD_RESET].total_seconds() // 3600)
    url = f"{current_app.config['BASE_URL']}/password-reset/{token}"
    return enqueue(user, "password_reset", "Reset your password", "accounts/password_reset",
            {"recipient": user, "url": url, "hours": hours})
