"""Shared fixtures: one member per role (HC's alice/bob/charlie), clients signed in as each,
a real Celery worker on real Redis, and a real Chromium for browser tests."""

import os

import pytest
from django.core.cache import cache

from core import crypto
from tests.factories.accounts import UserFactory

# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and used TOTP codes live in the (Redis) cache: start each test clean. Data
    keys opened by the test before (their ids come back in a new database) are forgotten, as
    at the end of every request and task."""
    cache.clear()
    crypto.forget_opened_keys()
    yield


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coordinator@example.org", display_name="Cora", is_coordinator=True)


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.org", display_name="Luis", is_lead=True)


@pytest.fixture
def other_lead(db):
    return UserFactory(email="lead2@example.org", display_name="Lena", is_lead=True)


@pytest.fixture
def investigator(db):
    return UserFactory(email="investigator@example.org", display_name="Ines", is_investigator=True)


@pytest.fixture
def driver(db):
    return UserFactory(email="driver@example.org", display_name="Dana", is_driver=True)


@pytest.fixture
def other_driver(db):
    return UserFactory(email="driver2@example.org", display_name="Dario", is_driver=True)


@pytest.fixture
def member(db):
    return UserFactory(email="member@example.org", display_name="Mo")


def _client_for(client_class, user):
    c = client_class()
    c.force_login(user)
    return c


@pytest.fixture
def as_coordinator(coordinator, client_class):
    return _client_for(client_class, coordinator)


@pytest.fixture
def as_lead(lead, client_class):
    return _client_for(client_class, lead)


@pytest.fixture
def as_investigator(investigator, client_class):
    return _client_for(client_class, investigator)


@pytest.fixture
def as_driver(driver, client_class):
    return _client_for(client_class, driver)


@pytest.fixture
def as_member(member, client_class):
    return _client_for(client_class, member)


@pytest.fixture
def client_class():
    from django.test import Client

    return Client


@pytest.fixture(scope="session")
def celery_app_for_tests():
    from config.celery_app import app

    return app


@pytest.fixture
def celery_worker(transactional_db, celery_app_for_tests):
    """A real Celery worker thread consuming from real Redis (the test settings' db 15).
    Tests using it need transaction=True: the worker runs on its own connection."""
    import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping)
    from celery.contrib.testing.worker import start_worker

    celery_app_for_tests.control.purge()
    # No ping check: results are ignored (no result backend), so a ping's reply can never be
    # read back; start_worker still waits until the worker thread is ready to consume.
    with start_worker(celery_app_for_tests, pool="solo", perform_ping_check=False) as worker:
        yield worker
