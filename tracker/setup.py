"""The `register_*` steps of the application factory."""
from datetime import date
from pathlib import Path

from flask import request
from sqlalchemy import event

from tracker.extensions import csrf, db, limiter, login_manager, migrate

# Found from the package's own location, so `flask db upgrade` works from any directory.
MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def _sqlite_write_ahead_log(connection, _record):
    """Readers do not wait for a writer, and a commit appends to the log instead of
    rewriting pages: many small commits (a reminder run makes one per mail) cost far less.
    Durability stays as it was (`synchronous` is left at FULL)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def register_extensions(app):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Writers queue for SQLite's one write lock; wait for it rather than fail at 5 s.
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {}).setdefault("timeout", 30)
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_write_ahead_log)
    import tracker.readiness.status  # noqa: F401  (session hooks that keep stored readiness current)
    import tracker.transaction  # noqa: F401  (session hooks for work that follows a commit)
    from tracker.search import described_by_models

    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", MIGRATIONS_DIR),
                     include_name=described_by_models)
    csrf.init_app(app)
    limiter.init_app(app)
    warn_about_per_process_limits(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"
    from tracker.sso.client import register as register_single_sign_on

    register_single_sign_on(app)

    from tracker.ids import is_row_id
    from tracker.models import User

    @login_manager.user_loader
    def load_user(session_id):
        """The user of a session id `ID:GENERATION`, if active and the generation is current."""
        user_id, _, generation = (session_id or "").partition(":")
        user = db.session.get(User, int(user_id)) if is_row_id(user_id) else None
        if user is None or not user.active or generation != str(user.session_generation):
            return None
        return user


def warn_about_per_process_limits(app):
    """`memory://` counts sign-in attempts in each worker process on its own, so N workers
    allow N times the limit. Fine for one process (the demo); say so in production."""
    if app.config["TRACKER_ENV"] == "production" and app.config["RATELIMIT_STORAGE_URI"].startswith("memory"):
        app.logger.warning(
            "TRACKER_RATELIMIT_STORAGE_URI is memory://: each worker process counts sign-in attempts "
            "on its own, so several workers allow several times the limit. Point it at Redis "
            "(redis://host:6379) when running more than one worker.")


def register_blueprints(app):
    from tracker.accounts.routes import bp as accounts_bp
    from tracker.api import bp as api_bp
    from tracker.artifacts.routes import bp as artifacts_bp
    from tracker.audit.routes import bp as audit_bp
    from tracker.auth.routes import bp as auth_bp
    from tracker.corroboration.routes import bp as corroboration_bp
    from tracker.errors_web import register_error_pages
    from tracker.exports.my_data_routes import bp as my_data_bp
    from tracker.exports.packet_routes import bp as packet_bp
    from tracker.exports.routes import bp as exports_bp
    from tracker.people.routes import bp as people_bp
    from tracker.main.routes import bp as main_bp
    from tracker.notifications.routes import bp as notifications_bp
    from tracker.reviews.routes import bp as reviews_bp
    from tracker.reviews.session_routes import bp as review_sessions_bp
    from tracker.readiness.routes import bp as readiness_bp
    from tracker.reminders.routes import bp as reminders_bp
    from tracker.settings.routes import bp as settings_bp
    from tracker.sso.routes import bp as sso_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(artifacts_bp)
    app.register_blueprint(readiness_bp)
    app.register_blueprint(reminders_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(review_sessions_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(packet_bp)
    app.register_blueprint(my_data_bp)
    app.register_blueprint(settings_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(sso_bp)
    app.register_blueprint(corroboration_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)  # the API authenticates with bearer tokens, never cookies
    register_error_pages(app)


def register_cli(app):
    from tracker.auth.cli import tokens_cli, users_cli
    from tracker.backup.cli import export_command, import_command
    from tracker.database_cli import database_commands
    from tracker.demo.cli import demo_cli
    from tracker.frameworks.cli import frameworks_cli
    from tracker.reminders.cli import reminders_cli
    from tracker.reminders.scheduler_cli import scheduler_cli
    from tracker.search.cli import search_cli

    for group in (users_cli, tokens_cli, frameworks_cli, demo_cli, reminders_cli, scheduler_cli, search_cli,
                  export_command, import_command):
        app.cli.add_command(group)
    app.cli.add_command(database_commands())  # replaces Flask-Migrate's group of the same name


def register_template_helpers(app):
    from tracker.access import leads_others
    from tracker.artifacts import coach
    from tracker.artifacts.forms import event_label, field_label
    from tracker.artifacts.kinds import KINDS
    from tracker.formatting import file_size, format_number
    from tracker.markdown import markdown_preview, render_markdown
    from tracker.notifications.service import unread_count
    from tracker.readiness.guide import competency_descriptors, competency_guide
    from tracker.models import ARTIFACT_TYPES, METRIC_CATEGORIES, STATES, VISIBILITIES

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["markdown_preview"] = markdown_preview
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["field_label"] = field_label
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["dict_without"] = lambda mapping, key: {k: v for k, v in mapping.items() if k != key}
    app.jinja_env.globals["today_iso"] = lambda: date.today().isoformat()
    app.jinja_env.globals["event_label"] = event_label
    app.jinja_env.globals["leads_others"] = leads_others
    app.jinja_env.globals["unread_count"] = unread_count
    app.jinja_env.globals.update(competency_guide=competency_guide, competency_descriptors=competency_descriptors)
    app.jinja_env.globals.update(ARTIFACT_TYPES=ARTIFACT_TYPES, METRIC_CATEGORIES=METRIC_CATEGORIES,
                                 STATES=STATES, VISIBILITIES=VISIBILITIES, KINDS=KINDS)
    app.jinja_env.globals.update(coach_checks=coach.CHECKS, coach_bar=coach.BAR, coach_vague=coach.VAGUE,
                                 coach_rules=coach.rules_json())


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def register_proxy_fix(app):
    """Behind N reverse proxies, trust N hops of X-Forwarded-* (client address, scheme, host),
    so rate limits count per client rather than per proxy."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_input_guards(app):
    """Runs first among the before-request steps (see create_app), ahead of the limiter,
    CSRF and sign-in, so malformed input is refused before anything parses it."""
    from tracker.input_guard import refuse_unstorable_input

    app.before_request(refuse_unstorable_input)


def register_security_headers(app):
    @app.after_request
    def add_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static":  # error pages too: they carry a name and a CSRF token
            response.headers["Cache-Control"] = "private, no-store"  # evidence never sits in caches
        return response


def register_mail_outbox(app):
    """Mail a request wrote (review invitations, summaries) goes out once it has committed."""
    from tracker.mail.outbox import send_after_request

    app.after_request(send_after_request)
