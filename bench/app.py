"""The app the benchmark serves: the real application plus a bare endpoint that runs
`SELECT 1` through the same database session, the yardstick every page is measured by."""
import os

import sqlalchemy as sa

from tracker import create_app
from tracker.extensions import db


def build_app(url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})

    @app.get("/_bench/bare")
    def bare():
        db.session.execute(sa.text("SELECT 1"))
        return "ok"

    return app


def __getattr__(name):
    """`bench.app:application` for gunicorn, built from BENCH_DATABASE_URL on first use."""
    if name == "application":
        return build_app(os.environ["BENCH_DATABASE_URL"])
    raise AttributeError(name)
