"""Account tests send real mail to the loopback SMTP server."""
from tests.mailserver import smtp  # noqa: F401  (a fixture the tests here use)
