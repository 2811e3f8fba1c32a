"""A mail as sent: text and HTML parts from `templates/email/`, a Message-ID, and the
one-click unsubscribe headers of RFC 2369 and RFC 8058."""
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import urlsplit

from flask import current_app, render_template


# Lines up to the 998 characters RFC 5322 allows: at the default 78, a long unsubscribe
# address would be folded into an encoded word that mail clients do not read as a link.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


def build_message(to_name, to_address, subject, template, context, unsubscribe_url=None):
    config = current_app.config
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = config["MAIL_FROM"]
    message["To"] = formataddr((to_name, to_address))
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=urlsplit(config["BASE_URL"]).hostname or "localhost")
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    context = {**context, "unsubscribe_url": unsubscribe_url, "base_url": config["BASE_URL"]}
    message.set_content(render_template(f"email/{template}.txt", **context))
    message.add_alternative(render_template(f"email/{template}.html", **context), subtype="html")
    return message
