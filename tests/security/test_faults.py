"""When Redis or PostgreSQL is down: pages that need neither keep working, sign-in stays
rate-limited, and what needs the database answers 503 with a plain page in the visitor's
language, never a traceback.

The shared Redis and PostgreSQL servers are never stopped: the settings point at a closed port
(port 1, where nothing listens), in this process for Redis and in a child process for the
database (its connection cannot be swapped under a running test)."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

CLOSED_PORT = 1
PASSWORD = "correct horse battery"


@pytest.fixture
def redis_down(settings):
    closed = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailoverRedisCache",
            "LOCATION": closed,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CELERY_BROKER_URL = closed
    cache.clear()  # the memory cache each process falls back to starts empty


@pytest.mark.django_db
def test_with_redis_down_pages_are_served_and_members_sign_in(redis_down, client, driver):
    response = client.post(reverse("account_login"), {"login": driver.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_with_redis_down_the_cache_falls_back_to_memory_and_says_so(settings, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.FailoverRedisCache",
                "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
            }
        }
        cache.set("serve-counter", 3)
        assert cache.get("serve-counter") == 3
    assert "Redis cache unavailable, using a memory cache" in caplog.text


@pytest.mark.django_db
def test_with_redis_down_the_sixth_failed_login_is_still_refused(redis_down, client, driver):
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": driver.email, "password": "wrong"}
        )
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": driver.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_with_redis_down_healthz_answers_503_while_pages_work(redis_down, client, as_member):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}
    assert as_member.get(reverse("dashboard:home")).status_code == 200


# Run in a child process whose database is a closed port. Prints one JSON line per request.
DATABASE_DOWN = """
import json, django
django.setup()
from django.test import Client

def answer(response):
    return {
        "status": response.status_code,
        "body": response.content.decode(),
        "retry_after": response.get("Retry-After"),
        "content_type": response["Content-Type"],
    }

spanish = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="es")
spanish.cookies["sessionid"] = "a" * 32  # a signed-in member: their session is in the database
english = Client(raise_request_exception=False)
print(json.dumps({
    "page": answer(spanish.get("/")),
    "login": answer(english.post(
        "/accounts/login/", {"login": "maria@example.org", "password": "sunflower-7-rent"}
    )),
    "healthz": answer(english.get("/healthz")),
    "login_page": answer(english.get("/accounts/login/")),
}))
"""


@pytest.fixture(scope="module")
def database_down() -> tuple[dict, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TEST_DATABASE_URL": f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/basework",
    }
    result = subprocess.run(
        [sys.executable, "-c", DATABASE_DOWN],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_with_the_database_down_a_page_answers_503_in_the_visitors_language(database_down):
    answers, _ = database_down
    page = answers["page"]
    assert page["status"] == 503
    assert page["retry_after"] == "30"
    assert page["content_type"].startswith("text/html")
    assert "No disponible por un momento" in page["body"]
    assert '<html lang="es">' in page["body"]


def test_with_the_database_down_signing_in_answers_503_without_a_traceback(database_down):
    answers, _ = database_down
    login = answers["login"]
    assert login["status"] == 503
    assert "Unavailable for a moment" in login["body"]
    for leak in ("Traceback", "OperationalError", "psycopg", "127.0.0.1", "port 1", "maria"):
        assert leak not in login["body"]


def test_with_the_database_down_healthz_says_so(database_down):
    answers, _ = database_down
    assert answers["healthz"]["status"] == 503
    assert json.loads(answers["healthz"]["body"]) == {"database": "unavailable", "broker": "ok"}


def test_with_the_database_down_no_page_answers_500(database_down):
    answers, _ = database_down
    assert all(a["status"] in (200, 302, 503) for a in answers.values()), answers


def test_with_the_database_down_the_logs_hold_no_posted_values(database_down):
    _, logs = database_down
    assert "Service Unavailable: /accounts/login/" in logs  # the failure is logged...
    assert "maria@example.org" not in logs  # ...without what the member typed
    assert "sunflower-7-rent" not in logs
