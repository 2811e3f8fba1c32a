"""Corroboration tests: requests made through the service or the page, links read from the
mail (the real loopback SMTP server's, or the outbox row the request wrote)."""
import re
from email import message_from_bytes, policy

from sqlalchemy import select

from tests.mailserver import smtp  # noqa: F401  (a fixture the tests here use)
from tracker.corroboration.service import request_corroboration
from tracker.extensions import db
from tracker.models import OutboxMail

STAKEHOLDER = {"name": "Dana Lee", "email": "dana.lee@finance.example", "role": "Finance partner"}
LINK = re.compile(r"https?://\S+/corroborate\?token=([\w.\-]+)")


def token_in(text):
    return LINK.search(text).group(1)


def ask(org, artifact, **fields):
    """Ask through the service, as the candidate; returns (request, the token its mail carries)."""
    row = request_corroboration(org.candidate, artifact, {**STAKEHOLDER, **fields})
    db.session.commit()
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.recipient == row.email)
                              .order_by(OutboxMail.id.desc())).first()
    message = message_from_bytes(mail.data, policy=policy.default)
    return row, token_in(message.get_body(("plain",)).get_content())
