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
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

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


# --- Redis down while a page enqueues work ---------------------------------------------------
# Every enqueue goes through core.queue.enqueue_on_commit: with the broker unreachable the page
# still answers, what the member did is saved, and the task waits in PendingTask until beat's
# send_pending_tasks sends it. These tests need transaction=True: enqueueing happens on commit.


class Broker:
    """Points the Celery app at a closed port (and back). The app keeps its connection and
    producer pools once made, so its references to them are dropped both ways (kombu keeps
    the pools themselves per broker URL); the Redis server itself is never touched."""

    def __init__(self):
        from config.celery_app import app

        self.app = app
        self.url = app.conf.broker_url

    def _point_at(self, url: str) -> None:
        self.app.conf.broker_url = url
        self.app._pool = None
        self.app.amqp._producer_pool = None

    def down(self) -> None:
        self._point_at(f"redis://127.0.0.1:{CLOSED_PORT}/0")

    def up(self) -> None:
        self._point_at(self.url)


@pytest.fixture
def broker_down(request):
    broker = Broker()  # before redis_down: Celery reads the broker URL from the settings
    request.getfixturevalue("redis_down")
    broker.down()
    yield broker
    broker.up()


def _pending() -> list[tuple[str, list]]:
    from core.models import PendingTask

    return list(PendingTask.objects.values_list("task", "args"))


def _post_ok(client, url, data=None):
    response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    return response


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_meeting_notice_is_kept_to_send(broker_down, as_lead, lead, caplog):
    from committees.models import Body
    from tests.committees.conftest import hold_meeting
    from tests.factories.committees import MembershipFactory, WorkingGroupFactory

    group = WorkingGroupFactory(name="Delivery")
    MembershipFactory(group=group, user=lead, is_lead=True)
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=group, by=lead)
    with caplog.at_level(logging.WARNING, logger="core.queue"):
        _post_ok(as_lead, reverse("committees:meeting_notice", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.notice_sent_at is not None
    assert _pending() == [("committees.tasks.send_meeting_notice", [meeting.pk])]
    assert "Broker unavailable: committees.tasks.send_meeting_notice" in caplog.text
    assert lead.email not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_action_items_are_saved_and_the_notices_kept(
    broker_down, as_coordinator, driver, member
):
    from committees.models import ActionItem
    from tests.factories.committees import WorkingGroupFactory

    group = WorkingGroupFactory(name="Delivery")
    data = {"title": "Map the routes", "assignee": driver.pk, "group": group.pk}
    data["due_on"] = (timezone.localdate() + timedelta(days=3)).isoformat()
    _post_ok(as_coordinator, reverse("committees:action_item_create"), data)
    item = ActionItem.objects.get()
    _post_ok(
        as_coordinator,
        reverse("committees:action_item_edit", args=[item.pk]),
        data | {"assignee": member.pk},
    )
    item.refresh_from_db()
    assert item.assignee == member
    assert _pending() == [("committees.tasks.send_action_item_assigned", [item.pk])] * 2


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_summation_build_is_recorded_and_kept(broker_down, as_coordinator):
    from summations.models import Summation

    _post_ok(as_coordinator, reverse("summations:build_week"), {"week": "2026-W46"})
    summation = Summation.objects.get()
    assert summation.build_status == Summation.BuildStatus.PENDING
    _post_ok(as_coordinator, reverse("summations:build", args=[summation.pk]))
    assert _pending() == [("summations.tasks.build_summation", [summation.pk])] * 2


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_grievance_is_saved_and_no_refresh_is_kept(
    broker_down, investigator, caplog
):
    """The ranking's refresh only saves a reader's time (core.queue.offer_on_commit): with
    the broker down the grievance is saved, nothing waits to be sent, and the page computes
    the ranking itself."""
    from investigation import services
    from investigation.models import Grievance
    from tests.factories.investigation import BaseAreaFactory, category

    with caplog.at_level(logging.WARNING, logger="core.queue"):
        services.grievance_record(
            by=investigator, base_area=BaseAreaFactory(name="Broadway Towers"), category=category()
        )
    assert Grievance.objects.count() == 1
    assert _pending() == []
    assert "Broker unavailable: investigation.tasks.refresh_rankings" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_finished_build_keeps_the_ready_notice(
    broker_down, settings, tmp_path
):
    from core.weeks import Week
    from summations import services
    from summations.models import Summation

    settings.MEDIA_ROOT = tmp_path
    summation = services.summation_request_build(week=Week(2026, 46), enqueue=False)
    assert services.summation_build(summation_id=summation.pk).outcome == services.Outcome.BUILT
    assert Summation.objects.get().build_status == Summation.BuildStatus.DONE
    assert _pending() == [("summations.tasks.send_summation_ready", [summation.pk])]


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_cant_make_it_is_saved_and_the_lead_told_once_it_is_back(
    broker_down, client, member, lead, celery_app_for_tests
):
    from celery.contrib.testing.worker import start_worker
    from django.core import mail

    from core.tasks import send_pending_tasks
    from tests.factories.distribution import ServeFactory, ShiftFactory

    shift = ShiftFactory(serve=ServeFactory(lead=lead), volunteer=member)
    client.force_login(member)
    _post_ok(client, reverse("distribution:shift_cancel", args=[shift.pk]))
    shift.refresh_from_db()
    assert shift.cancelled_at is not None
    assert _pending() == [("distribution.tasks.notify_lead_of_cancellation", [shift.pk])]
    assert mail.outbox == []

    broker_down.up()  # Redis is back; beat's next run sends what was kept
    celery_app_for_tests.control.purge()
    with start_worker(celery_app_for_tests, pool="solo", perform_ping_check=False):
        send_pending_tasks.delay()
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert _pending() == []


def test_the_pending_tasks_are_sent_again_by_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-pending-tasks"]
    assert entry["task"] == "core.tasks.send_pending_tasks"
