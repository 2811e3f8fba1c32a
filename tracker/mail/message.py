"""A mail as sent: text and HTML parts from `templates/email/`, a Message-ID, and the
one-click unsubscribe headers of RFC 2369 and RFC 8058.

The message is written out directly as MIME (multipart/alternative, UTF-8 parts in
quoted-printable): the `email` package's generator spends most of its time refolding
headers, and a reminder run writes thousands of messages. Header values keep their full
length (RFC 5322 allows 998 characters a line), so the unsubscribe address stays one
<link> that mail clients can read; names and subjects outside ASCII become RFC 2047
encoded words. The tests read every message back with the `email` parser.
"""
import base64
import binascii
import secrets
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from urllib.parse import urlsplit

from flask import current_app, render_template


@dataclass(frozen=True)
class OutgoingMail:
    sender: str
    recipient: str
    message_id: str
    data: bytes  # the whole message, CRLF line ends


def _words(text):
    """A header value on one line: line breaks become spaces, text outside ASCII an RFC
    2047 encoded word."""
    text = " ".join(text.splitlines())
    return text if text.isascii() else Header(text, "utf-8").encode(linesep="\r\n")


def _address(name, address):
    """`Name <address>`, the name quoted or encoded as it needs."""
    if not address.isascii() or any(character.isspace() for character in address):
        raise ValueError(f"{address!r} cannot be sent to: it has spaces, or needs SMTPUTF8, which this sender "
                         "does not use")
    name = " ".join(name.splitlines())
    return formataddr((name, address)) if name.isascii() else f"{_words(name)} <{address}>"


def _part(content_type, text):
    body = binascii.b2a_qp(text.replace("\r\n", "\n").encode("utf-8")).replace(b"\n", b"\r\n")
    return (f"Content-Type: {content_type}; charset=\"utf-8\"\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode("ascii") + body + b"\r\n"


@dataclass(frozen=True)
class Attachment:
    filename: str  # ASCII
    content_type: str  # e.g. 'text/calendar; method=REQUEST'
    data: bytes


def _attachment(attachment):
    body = base64.encodebytes(attachment.data).replace(b"\n", b"\r\n")
    return (f"Content-Type: {attachment.content_type}; name=\"{attachment.filename}\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            f"Content-Disposition: attachment; filename=\"{attachment.filename}\"\r\n\r\n").encode("ascii") + body


def _multipart(boundary, parts):
    marker = f"--{boundary}\r\n".encode("ascii")
    return b"".join(marker + part for part in parts) + f"--{boundary}--\r\n".encode("ascii")


def build_message(to_name, to_address, subject, template, context, unsubscribe_url=None, attachments=()):
    """The mail, text and HTML as alternatives; with `attachments` (Attachment), all of
    them in a multipart/mixed after the text."""
    config = current_app.config
    context = {**context, "unsubscribe_url": unsubscribe_url, "base_url": config["BASE_URL"]}
    message_id = make_msgid(domain=urlsplit(config["BASE_URL"]).hostname or "localhost")
    boundary = f"=_{secrets.token_hex(16)}"
    sender_name, sender = parseaddr(config["MAIL_FROM"])
    headers = [("From", _address(sender_name, sender)), ("To", _address(to_name, to_address)),
               ("Subject", _words(subject)), ("Date", formatdate(localtime=False)), ("Message-ID", message_id)]
    if unsubscribe_url:
        headers += [("List-Unsubscribe", f"<{unsubscribe_url}>"),
                    ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    body = _multipart(boundary, [_part("text/plain", render_template(f"email/{template}.txt", **context)),
                                        _part("text/html", render_template(f"email/{template}.html", **context))])
    content_type = f'multipart/alternative; boundary="{boundary}"'
    if attachments:
        outer = f"=_{secrets.token_hex(16)}"
        inner = f"Content-Type: {content_type}\r\n\r\n".encode("ascii") + body
        body = _multipart(outer, [inner, *map(_attachment, attachments)])
        content_type = f'multipart/mixed; boundary="{outer}"'
    headers += [("MIME-Version", "1.0"), ("Content-Type", content_type)]
    head = "".join(f"{name}: {value}\r\n" for name, value in headers).encode("ascii")
    data = head + b"\r\n" + body
    return OutgoingMail(sender=sender, recipient=to_address, message_id=message_id, data=data)
