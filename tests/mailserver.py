"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and can refuse.
Conftests that need it import the `smtp` fixture from here."""
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """The handler: every accepted message, parsed; `refuse` messages are answered 451."""

    def __init__(self):
        self.messages = []
        self.peers = set()  # the client's (address, port): one per connection
        self.raw = []  # the bytes as received
        self.refuse = 0
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.peers.add(session.peer)
        self.raw.append(envelope.content)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if m["To"].addresses[0].addr_spec == address]

    def subjects(self):
        return sorted((m["To"].addresses[0].addr_spec, m["Subject"]) for m in self.messages)

    @staticmethod
    def text(message):
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html(message):
        return message.get_body(("html",)).get_content()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    before = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT", "BASE_URL")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, BASE_URL="https://tracker.example")
    inbox.port = controller.port
    yield inbox
    app.config.update(before)
    controller.stop()
