"""People tests send real mail to the loopback SMTP server."""
import re

from tests.mailserver import smtp  # noqa: F401  (a fixture the tests here use)

LINK = re.compile(r"https://tracker\.example(/invitations/\S+)")


def invitation_path(inbox, address, index=-1):
    """The invitation link's path in the newest (or `index`th) mail to `address`."""
    mails = inbox.to(address)
    assert mails, f"no mail to {address}"
    return LINK.search(inbox.text(mails[index])).group(1)
