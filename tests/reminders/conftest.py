"""Reminder tests: the loopback SMTP server, and an organisation whose accounts predate the
months mail is sent about."""
import pytest

from tests.mailserver import smtp  # noqa: F401  (a fixture the tests here use)


@pytest.fixture()
def org(org):
    """The organisation, with accounts made at the start of the year: the months the tests
    send mail about are after everyone joined."""
    from datetime import datetime, timezone

    from tracker.extensions import db
    from tracker.models import User

    for user in db.session.query(User):
        user.created_at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    db.session.commit()
    return org
