"""Sign-in limits: one budget across the form and the token endpoint, per address and per
account; a storage outage falls back to per-process counting instead of failing."""
import logging
import os
import uuid

import pytest

from tests.conftest import PASSWORD, csrf_token
from tracker.extensions import limiter

REDIS_URL = os.environ.get("TRACKER_TEST_REDIS_URL")


@pytest.fixture()
def limited(another_app):
    """Apps with the limiter on; the shared limiter is reset and switched off afterwards."""
    def build(**overrides):
        return another_app(RATELIMIT_ENABLED=True, **overrides)
    yield build
    another_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")  # re-binds the shared limiter
    limiter._storage_dead = False  # forget an outage a test staged, so the next test starts clean
    limiter.reset()
    limiter.enabled = False


def wrong_login(client, token, email="x@example.com", address="198.51.100.1"):
    return client.post("/login", data={"email": email, "password": "nope", "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address}).status_code


def wrong_token(client, email="x@example.com", address="198.51.100.1"):
    return client.post("/api/v1/tokens", json={"email": email, "password": "nope"},
                       environ_base={"REMOTE_ADDR": address}).status_code


def test_the_form_and_the_token_endpoint_share_one_budget(limited, org):
    app = limited()
    client = app.test_client()
    with app.app_context():
        token = csrf_token(client)
        statuses = [wrong_login(client, token) for _ in range(5)] + [wrong_token(client) for _ in range(5)]
        assert statuses == [200] * 5 + [401] * 5
        assert wrong_token(client) == 429
        assert wrong_login(client, token) == 429


def test_one_account_is_limited_across_addresses(limited, org):
    app = limited()
    client = app.test_client()
    with app.app_context():
        token = csrf_token(client)
        statuses = [wrong_login(client, token, "candidate@example.com", f"198.51.100.{n}") for n in range(10)]
        assert statuses == [200] * 10
        assert wrong_token(client, "Candidate@Example.com", "203.0.113.77") == 429  # same account, new address
        assert wrong_token(client, "other@example.com", "203.0.113.77") == 401  # another account is fine


def test_storage_down_still_throttles_and_never_500s(limited, org, caplog):
    app = limited(RATELIMIT_STORAGE_URI="redis://127.0.0.1:9")  # nothing listens there
    client = app.test_client()
    with app.app_context(), caplog.at_level(logging.WARNING):
        response = client.post("/api/v1/tokens", json={"email": "candidate@example.com", "password": PASSWORD})
        assert response.status_code == 201
        statuses = [wrong_token(client) for _ in range(11)]
    assert 429 in statuses and set(statuses[:statuses.index(429)]) == {401}
    assert statuses.index(429) >= 9  # counted per process: the budget, not fewer
    assert any("storage" in record.getMessage().lower() for record in caplog.records)


def test_production_with_memory_storage_warns_at_start(monkeypatch, database_url, caplog):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("TRACKER_SECRET_KEY", "a-long-production-secret")
    from tests.conftest import dispose
    from tracker import create_app
    with caplog.at_level(logging.WARNING):
        app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False})
    dispose(app)
    assert any("memory://" in record.getMessage() for record in caplog.records)


@pytest.mark.skipif(not REDIS_URL, reason="set TRACKER_TEST_REDIS_URL (CI does) to test a shared Redis")
def test_two_workers_on_redis_share_the_budget(limited, org):
    prefix = f"tracker-test-{uuid.uuid4().hex}"
    first = limited(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    second = limited(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    with first.app_context():
        assert [wrong_token(first.test_client()) for _ in range(5)] == [401] * 5
    with second.app_context():
        assert [wrong_token(second.test_client()) for _ in range(5)] == [401] * 5
        assert wrong_token(second.test_client()) == 429
    import redis
    connection = redis.Redis.from_url(REDIS_URL)
    assert connection.keys(f"*{prefix}*")  # the counts live in Redis, not in this process
    connection.close()
