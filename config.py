"""Configuration read from the environment (a `.env` file in the project root is read too,
never overriding variables that are already set).

Every setting is named `TRACKER_*`; the README lists them all. `load_config` returns a
plain dict so the factory can apply test overrides on top and fail fast on bad values.
"""
import os
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

DEVELOPMENT_ENVS = {"development", "testing"}


class ConfigError(RuntimeError):
    """Raised when the environment cannot produce a safe configuration."""


def _bool(value, default=False):
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _cpus():
    """The CPUs this process may run on (fewer than the machine's in a container or under
    taskset)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _int(name, default, minimum=None, maximum=None):
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name} must be at most {maximum}, got {value}")
    return value


def _timezone(name, default):
    value = os.environ.get(name) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{name} must be a time zone name such as UTC or Europe/Berlin, got {value!r}") from exc
    return value


def _cron(name, default, timezone):
    value = os.environ.get(name) or default
    try:
        CronTrigger.from_crontab(value, timezone=timezone)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a cron expression with five fields such as "
                          f"'0 9 1 * *', got {value!r} ({exc})") from exc
    return value


DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
OIDC_SETTINGS = {"OIDC_ISSUER": "TRACKER_OIDC_ISSUER", "OIDC_CLIENT_ID": "TRACKER_OIDC_CLIENT_ID",
                 "OIDC_CLIENT_SECRET": "TRACKER_OIDC_CLIENT_SECRET"}


def _domains(name):
    domains = tuple(part.strip().lower() for part in os.environ.get(name, "").split(",") if part.strip())
    for domain in domains:
        if not DOMAIN.match(domain):
            raise ConfigError(f"{name} must be email domains separated by commas, such as "
                              f"example.com,example.org; got {domain!r}")
    return domains


def _sign_in():
    settings = {key: os.environ.get(name, "").strip() for key, name in OIDC_SETTINGS.items()}
    settings["OIDC_ALLOWED_DOMAINS"] = _domains("TRACKER_OIDC_ALLOWED_DOMAINS")
    settings["PASSWORD_SIGN_IN"] = _bool(os.environ.get("TRACKER_PASSWORD_SIGN_IN"), True)
    return settings


def check_sign_in(config):
    """Single sign-on is on when issuer, client id and secret are all set; some of them is a
    mistake. Password sign-in may be off only when single sign-on is on, or nobody could sign
    in. Run on the environment and again on the application's final config (tests override)."""
    given = [key for key in OIDC_SETTINGS if config.get(key)]
    if given and len(given) < len(OIDC_SETTINGS):
        missing = ", ".join(OIDC_SETTINGS[key] for key in OIDC_SETTINGS if key not in given)
        raise ConfigError(f"Single sign-on needs {missing} as well, or none of the TRACKER_OIDC_* settings.")
    issuer = config.get("OIDC_ISSUER") or ""
    plain_http_allowed = config.get("TRACKER_ENV") in DEVELOPMENT_ENVS and issuer.startswith("http://")
    if issuer and not (issuer.startswith("https://") or plain_http_allowed):
        raise ConfigError(f"TRACKER_OIDC_ISSUER must be an https:// URL, got {issuer!r}")
    if not config.get("PASSWORD_SIGN_IN", True) and not given:
        raise ConfigError("TRACKER_PASSWORD_SIGN_IN is off but single sign-on is not set up "
                          "(TRACKER_OIDC_ISSUER, TRACKER_OIDC_CLIENT_ID, TRACKER_OIDC_CLIENT_SECRET): "
                          "nobody could sign in.")


def load_config(instance_path):
    env = os.environ.get("TRACKER_ENV", "production").strip().lower()
    if env not in DEVELOPMENT_ENVS | {"production"}:
        raise ConfigError(f"TRACKER_ENV must be production, development or testing, got {env!r}")
    secret = os.environ.get("TRACKER_SECRET_KEY", "")
    if not secret:
        if env not in DEVELOPMENT_ENVS:
            raise ConfigError(
                "TRACKER_SECRET_KEY is not set. Set it to a long random string "
                "(python -c 'import secrets; print(secrets.token_hex(32))'), or set "
                "TRACKER_ENV=development for a local trial."
            )
        secret = "development-only-secret-key"
    default_db = "sqlite:///" + os.path.join(instance_path, "tracker.sqlite3")
    database_url = os.environ.get("TRACKER_DATABASE_URL") or default_db
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://"):]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    secure_cookies = env == "production"
    max_upload_mb = _int("TRACKER_MAX_UPLOAD_MB", 10, minimum=1)
    timezone = _timezone("TRACKER_TIMEZONE", "UTC")
    sign_in = _sign_in()
    check_sign_in({"TRACKER_ENV": env, **sign_in})
    return {
        **sign_in,
        "TRACKER_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASE_URL": os.environ.get("TRACKER_BASE_URL", "http://localhost:5000").rstrip("/"),
        "SMTP_HOST": os.environ.get("TRACKER_SMTP_HOST", "localhost"),
        "SMTP_PORT": _int("TRACKER_SMTP_PORT", 25),
        "SMTP_USER": os.environ.get("TRACKER_SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("TRACKER_SMTP_PASSWORD", ""),
        "SMTP_TLS": _bool(os.environ.get("TRACKER_SMTP_TLS"), False),
        "MAIL_FROM": os.environ.get("TRACKER_MAIL_FROM", "tracker@localhost"),
        "UPLOAD_DIR": os.path.abspath(os.environ.get("TRACKER_UPLOAD_DIR") or os.path.join(instance_path, "uploads")),
        "MAX_CONTENT_LENGTH": max_upload_mb * 1024 * 1024,
        "PDF_CACHE_DIR": os.path.abspath(os.environ.get("TRACKER_PDF_CACHE_DIR")
                                         or os.path.join(instance_path, "pdf-cache")),
        "PDF_LAYOUT_PROCESSES": _int("TRACKER_PDF_LAYOUT_PROCESSES", min(2, _cpus()), minimum=1, maximum=8),
        "REMINDER_CRON": _cron("TRACKER_REMINDER_CRON", "0 9 1 * *", timezone),
        "TIMEZONE": timezone,
        "RATELIMIT_STORAGE_URI": os.environ.get("TRACKER_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,  # storage down: count per process, log it
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 12,
        "API_TOKEN_DAYS": _int("TRACKER_API_TOKEN_DAYS", 90, minimum=1, maximum=3650),
        "TRUSTED_PROXIES": _int("TRACKER_TRUSTED_PROXIES", 0, minimum=0),
        "WTF_CSRF_TIME_LIMIT": None,
    }
