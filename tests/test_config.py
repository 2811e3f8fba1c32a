import pytest

from config import ConfigError, load_config
from tracker import create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="TRACKER_SECRET_KEY"):
        create_app()


def test_development_has_a_default_secret_and_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "development")
    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    config = load_config(str(tmp_path))
    assert config["SECRET_KEY"]
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/tracker.sqlite3"
    assert config["SESSION_COOKIE_SECURE"] is False


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("TRACKER_SECRET_KEY", "s3cret")
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://u@db/tracker")
    monkeypatch.setenv("TRACKER_MAX_UPLOAD_MB", "3")
    monkeypatch.setenv("TRACKER_SMTP_TLS", "yes")
    monkeypatch.setenv("TRACKER_BASE_URL", "https://tracker.example/")
    monkeypatch.setenv("TRACKER_PDF_LAYOUT_PROCESSES", "3")
    config = load_config(str(tmp_path))
    assert config["PDF_LAYOUT_PROCESSES"] == 3
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/tracker"
    assert config["MAX_CONTENT_LENGTH"] == 3 * 1024 * 1024
    assert config["SMTP_TLS"] is True
    assert config["BASE_URL"] == "https://tracker.example"


@pytest.mark.parametrize("name, value", [("TRACKER_ENV", "staging"), ("TRACKER_SMTP_PORT", "twenty-five")])
def test_bad_values_fail_fast(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv("TRACKER_SECRET_KEY", "s3cret")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_config(str(tmp_path))


@pytest.mark.parametrize("name, value", [("TRACKER_TRUSTED_PROXIES", "-1"), ("TRACKER_MAX_UPLOAD_MB", "0"),
                                         ("TRACKER_PDF_LAYOUT_PROCESSES", "0")])
def test_out_of_range_numbers_fail_fast(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv("TRACKER_SECRET_KEY", "s3cret")
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"{name} must be at least"):
        load_config(str(tmp_path))


@pytest.mark.parametrize("name, value", [
    ("TRACKER_REMINDER_CRON", "not a cron"),
    ("TRACKER_REMINDER_CRON", "61 9 1 * *"),
    ("TRACKER_REMINDER_CRON", "0 9 1 *"),
    ("TRACKER_TIMEZONE", "Mars/Olympus"),
    ("TRACKER_TIMEZONE", "../../etc/passwd"),
])
def test_reminder_schedule_and_time_zone_are_checked_at_start(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_config(str(tmp_path))


def test_a_valid_schedule_and_time_zone_are_kept(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_REMINDER_CRON", "30 8 2 * mon-fri")
    monkeypatch.setenv("TRACKER_TIMEZONE", "Europe/Berlin")
    config = load_config(str(tmp_path))
    assert config["REMINDER_CRON"] == "30 8 2 * mon-fri" and config["TIMEZONE"] == "Europe/Berlin"


def test_single_sign_on_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("TRACKER_SECRET_KEY", "s3cret")
    monkeypatch.setenv("TRACKER_OIDC_ISSUER", "https://id.example.com/")
    monkeypatch.setenv("TRACKER_OIDC_CLIENT_ID", "tracker")
    monkeypatch.setenv("TRACKER_OIDC_CLIENT_SECRET", "shh")
    monkeypatch.setenv("TRACKER_OIDC_ALLOWED_DOMAINS", " Example.com, example.org ,")
    monkeypatch.setenv("TRACKER_PASSWORD_SIGN_IN", "false")
    config = load_config(str(tmp_path))
    assert config["OIDC_ISSUER"] == "https://id.example.com/"  # kept as given: ID tokens must match it exactly
    assert config["OIDC_ALLOWED_DOMAINS"] == ("example.com", "example.org")
    assert config["PASSWORD_SIGN_IN"] is False
    assert config["OIDC_CLIENT_ID"] == "tracker" and config["OIDC_CLIENT_SECRET"] == "shh"


@pytest.mark.parametrize("settings, complaint", [
    ({"TRACKER_OIDC_ISSUER": "https://id.example.com"}, "TRACKER_OIDC_CLIENT_ID, TRACKER_OIDC_CLIENT_SECRET"),
    ({"TRACKER_PASSWORD_SIGN_IN": "false"}, "nobody could sign in"),
    ({"TRACKER_OIDC_ISSUER": "http://id.example.com", "TRACKER_OIDC_CLIENT_ID": "t",
      "TRACKER_OIDC_CLIENT_SECRET": "s"}, "must be an https:// URL"),
    ({"TRACKER_OIDC_ALLOWED_DOMAINS": "example.com,@example.org"}, "TRACKER_OIDC_ALLOWED_DOMAINS"),
])
def test_single_sign_on_half_set_up_fails_fast(monkeypatch, tmp_path, settings, complaint):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("TRACKER_SECRET_KEY", "s3cret")
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=complaint):
        load_config(str(tmp_path))


def test_settings_given_to_the_factory_are_checked_too():
    with pytest.raises(ConfigError, match="TRACKER_OIDC_CLIENT_SECRET"):
        create_app({"OIDC_ISSUER": "https://id.example.com", "OIDC_CLIENT_ID": "tracker"})
