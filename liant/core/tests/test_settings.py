import os
import secrets
import subprocess
import sys

import pytest
from django.db import connection


def run_check(env_overrides: dict) -> subprocess.CompletedProcess:
    # The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never has it.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LIANT_SECRET") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="liant.config.production")
    return subprocess.run(
        [sys.executable, "-m", "liant.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_check({})
    assert result.returncode != 0
    assert "LIANT_SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run_check({"LIANT_SECRET_KEY": secrets.token_urlsafe(50)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_embedded_sqlite_runs_in_wal_mode(tmp_path):
    """A file database opened with the embedded settings' options is in WAL mode."""
    from django.conf import settings
    from django.db.backends.sqlite3.base import DatabaseWrapper

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("WAL applies to the embedded SQLite database only")
    config = {**connection.settings_dict, "NAME": str(tmp_path / "wal.sqlite3")}
    wrapper = DatabaseWrapper(config, alias="wal-probe")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        wrapper.close()


def test_security_headers_are_sent(client):
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
