"""The mail that asks a stakeholder for a statement. It goes to an address, not an account,
through the outbox: written in the request's transaction, sent after the response."""
from flask import current_app

from tracker.mail.outbox import enqueue_to_address

KIND = "corroboration_request"


def statement_url(token):
    """The stakeholder's page, also outside a request."""
    return f"{current_app.config['BASE_URL']}/corroborate?token={token}"


def send_request(row, token):
    candidate = row.requested_by
    subject = f"{candidate.name} asks for your statement on “{row.artifact.title}”"
    context = {"row": row, "candidate": candidate, "url": statement_url(token), "expires": row.link.expires_at}
    enqueue_to_address(row.name, row.email, KIND, subject, "corroboration/request", context)
