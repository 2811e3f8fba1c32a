import pytest

from tests.api.helpers import ApiClient


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    """scrypt at full cost takes ~0.1 s per hash; the API tests create six users per test.

    Only the cost parameter changes: the app still hashes and checks passwords for real.
    """
    from werkzeug.security import generate_password_hash

    from tracker.models import users

    def cheap(password, method="pbkdf2:sha256:1000", salt_length=16):
        return generate_password_hash(password, method="pbkdf2:sha256:1000", salt_length=salt_length)

    monkeypatch.setattr(users, "generate_password_hash", cheap)


@pytest.fixture()
def api(client):
    return ApiClient(client)


@pytest.fixture()
def no_propagate(app):
    """Let an unhandled exception become the app's 500 response instead of re-raising it,
    so a test can assert 'never 500' and show what the client would receive."""
    before = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = before
