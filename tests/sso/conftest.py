from urllib.parse import urlsplit

import pytest
import requests

from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, Provider, Running


@pytest.fixture()
def provider():
    provider = Provider()
    running = Running(provider)
    yield provider
    running.stop()


@pytest.fixture()
def sso_settings(provider):
    return {"OIDC_ISSUER": provider.url, "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_ALLOWED_DOMAINS": ("example.com",)}


@pytest.fixture()
def sso_app(app, another_app, sso_settings):
    return another_app(**sso_settings)


def sign_in(client, query=""):
    """Through /login/sso, the provider (over HTTP, as a browser would go) and back to the
    callback; returns the callback's response and its path."""
    start = client.get("/login/sso" + query)
    assert start.status_code == 302, start.get_data(as_text=True)
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_provider.headers["Location"])
    callback = f"{back.path}?{back.query}"
    return client.get(callback), callback
