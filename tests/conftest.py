"""Shared fixtures. The schema comes from the migrations, on SQLite by default or on the
database named by TRACKER_TEST_DATABASE_URL (e.g. the local PostgreSQL)."""
import os
import re
import shutil
import tempfile
import threading
from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient
from tracker.database_cli import upgrade_database
from werkzeug.serving import make_server

os.environ["TRACKER_ENV"] = "testing"
os.environ.pop("TRACKER_DATABASE_URL", None)

from tracker import create_app  # noqa: E402
from tracker.artifacts import service as artifacts  # noqa: E402
from tracker.auth.service import create_user  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.frameworks.service import sync_bundled_frameworks  # noqa: E402

PASSWORD = "correct-horse-battery"
UPLOADS = tempfile.mkdtemp(prefix="tracker-test-uploads-")
PDF_CACHE = tempfile.mkdtemp(prefix="tracker-test-pdf-cache-")
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def server_url():
    """The server database for tests, or None for SQLite."""
    url = os.environ.get("TRACKER_TEST_DATABASE_URL")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def empty_database(url):
    """Drop everything in a server database so the migrations start from nothing."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@contextmanager
def scratch_database(tmp_path, name):
    """The URL of an empty database of a test's own: a file on SQLite, or a database `name`
    made afresh on the server under test (and dropped afterwards)."""
    url = server_url()
    if not url:
        yield "sqlite:///" + str(tmp_path / f"{name}.sqlite3")
        return
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


class IsolatedClient(FlaskClient):
    """Runs each request in its own application context, as a real server does, so nothing
    (the signed-in user in `g`, the database session) leaks from the test into requests.

    Services leave committing to their caller; what a test set up through them is committed
    before each request, as the request that made it would have done. Responses are read
    whole and closed, as a server does once it has sent them, which runs what waits for
    that (mail handed to the server after the response)."""

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(url, **overrides):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
              "UPLOAD_DIR": UPLOADS, "PDF_CACHE_DIR": PDF_CACHE,
              "SECRET_KEY": "test-secret",
              "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"}  # real scrypt, test-sized cost
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


def dispose(app):
    """Close an extra app's pooled connections (else they are reported as leaked)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def another_app(database_url):
    """Build extra apps on the test database with config overrides; closed afterwards."""
    made = []

    def build(**overrides):
        made.append(make_app(database_url, **overrides))
        return made[-1]

    yield build
    for extra in made:
        dispose(extra)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = server_url()
    if url:
        empty_database(url)
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "tracker.sqlite3")


@pytest.fixture(scope="session")
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        upgrade_database()
    yield app
    dispose(app)
    shutil.rmtree(UPLOADS, ignore_errors=True)
    shutil.rmtree(PDF_CACHE, ignore_errors=True)


FRAMEWORK_TABLES = ("frameworks", "levels", "competencies", "descriptors")


def framework_rows(connection):
    """Every row of the framework tables: what a test must find as it was."""
    return [connection.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            for table in db.metadata.sorted_tables if table.name in FRAMEWORK_TABLES]


@pytest.fixture(scope="session")
def _pristine_frameworks(app):
    """The bundled frameworks as installed; refreshed whenever a test had to reinstall them."""
    with app.app_context(), db.engine.connect() as connection:
        return {"rows": framework_rows(connection)}


@pytest.fixture(autouse=True)
def _fresh_data(request):
    """Each test that uses the database starts with only the bundled frameworks.

    People and evidence are deleted after every test. The frameworks are reinstalled only
    when a test changed them (most do not), which keeps the per-test cost low.
    """
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    pristine = request.getfixturevalue("_pristine_frameworks")
    with app.app_context():
        yield
        shutil.rmtree(app.config["PDF_CACHE_DIR"], ignore_errors=True)  # each test lays its PDFs out
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in FRAMEWORK_TABLES:
                    connection.execute(table.delete())
            connection.execute(sa.text("DELETE FROM artifact_search"))  # made by its migration, not a model
            if framework_rows(connection) == pristine["rows"]:
                return
            for table in reversed(db.metadata.sorted_tables):
                if table.name in FRAMEWORK_TABLES:
                    connection.execute(table.delete())
        sync_bundled_frameworks()
        db.session.commit()
        with db.engine.connect() as connection:
            pristine["rows"] = framework_rows(connection)


@pytest.fixture()
def no_propagate(app):
    """Let an unhandled exception become the app's 500 response instead of re-raising it,
    so a test can assert 'never 500' and show what a client would receive."""
    before = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = before


@pytest.fixture()
def small_bodies(app):
    """MAX_CONTENT_LENGTH of 2 KiB for one test, restored afterwards."""
    before = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 2048
    yield
    app.config["MAX_CONTENT_LENGTH"] = before


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def api(client):
    """The JSON API through the test client, with a token per user (tests/api/helpers.py)."""
    from tests.api.helpers import ApiClient

    return ApiClient(client)


@pytest.fixture()
def live_server(app):
    """The test app on a real HTTP server on loopback (Werkzeug, threaded): concurrent
    requests run in parallel threads with their own database connections."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, path="/login"):
    page = client.get(path)
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, email, password=PASSWORD):
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def post_form(client, path, data=None, token_from="/artifacts/trash"):
    """POST a form the way a browser would: with the CSRF token of the signed-in session."""
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, token_from)
    return client.post(path, data=data)


class Org:
    """A small organisation: an admin, two managers and their candidates."""

    def __init__(self):
        self.admin = create_user("admin@example.com", "Admin", PASSWORD, admin=True)
        self.boss = create_user("boss@example.com", "Bo Director", PASSWORD)
        self.manager = create_user("manager@example.com", "Mia Manager", PASSWORD,
                                   manager_email="boss@example.com")
        self.other_manager = create_user("other.manager@example.com", "Oli Manager", PASSWORD)
        self.candidate = create_user("candidate@example.com", "Cara Candidate", PASSWORD,
                                     manager_email="manager@example.com")
        self.other = create_user("other@example.com", "Otto Other", PASSWORD,
                                 manager_email="other.manager@example.com")
        db.session.commit()

    def log(self, owner, claims=(), occurred_on=date(2026, 3, 10), state="verified", author=None,
            **fields):
        """Log evidence for `owner` through the service; verify it unless told otherwise."""
        data = {"type": "impact_note", "title": "Cut cloud spend", "occurred_on": occurred_on,
                "claims": [{"competency": c, "level": lvl} for c, lvl in claims]}
        data.update(fields)
        artifact = artifacts.create_artifact(author or owner, owner, data, submit=state != "draft",
                                             today=date(2026, 11, 21))
        if state in ("verified", "changes_requested"):
            decider = owner.manager or self.admin
            artifacts.decide(decider, artifact, state, "Seen it." if state == "verified" else "Add numbers.")
        db.session.commit()  # the test is the edge here: it commits, as a request would
        return artifact


@pytest.fixture()
def org(app):
    return Org()
