"""Fixtures for the JSON API tests."""
import pytest

from tests.api.helpers import ApiClient


@pytest.fixture()
def api(client):
    return ApiClient(client)


@pytest.fixture()
def no_propagate(app):
    """Let an unhandled exception become the app's 500 response instead of re-raising it,
    so a test can assert 'never 500' and show what a client would receive."""
    before = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = before
