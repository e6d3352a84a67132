"""Exactly one summation and one current PDF per week, against a real Celery worker on real
Redis: duplicate triggers, a failing build, and a worker that died mid-build."""

import threading
import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from core.weeks import Week
from summations import sections, services
from summations.models import Summation
from summations.tasks import build_summation, build_weekly_summation
from tests.summations.conftest import WEEK

Status = Summation.BuildStatus


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.2)


def wait_until_the_queue_is_drained() -> None:
    """Every message has been taken (prefetch is 1), then a moment for the last to finish."""
    queue = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    wait_for(lambda: queue.llen("celery") == 0)
    time.sleep(1.5)


def _status(pk):
    return Summation.objects.filter(pk=pk).values_list("build_status", flat=True).first()


def _pdf_files(media_root) -> list[str]:
    folder = media_root / "summations"
    return sorted(p.name for p in folder.rglob("*.pdf")) if folder.exists() else []


@pytest.mark.django_db(transaction=True)
def test_two_build_now_presses_at_the_same_moment_give_one_summation_and_one_pdf_each(
    celery_worker, coordinator, other_lead, _media_root
):
    start = threading.Barrier(2)

    def press(user):
        try:
            start.wait(10)
            services.summation_request_build(week=WEEK, by=user)
        finally:
            connection.close()

    presses = [threading.Thread(target=press, args=(u,)) for u in (coordinator, other_lead)]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join(30)

    summation = Summation.objects.get()
    wait_for(lambda: _status(summation.pk) == Status.DONE)
    wait_until_the_queue_is_drained()

    summation.refresh_from_db()
    assert Summation.objects.count() == 1
    assert summation.build_attempts == 1  # built once, not once per press
    assert _pdf_files(_media_root) == sorted(
        [summation.pdf_en.name.rsplit("/", 1)[1], summation.pdf_es.name.rsplit("/", 1)[1]]
    )


@pytest.mark.django_db(transaction=True)
def test_beat_firing_twice_builds_the_week_just_ended_once(celery_worker, _media_root):
    build_weekly_summation.delay()
    build_weekly_summation.delay()

    week = Week.last_completed(timezone.now())
    wait_for(lambda: Summation.objects.for_week(week).filter(build_status=Status.DONE).exists())
    wait_until_the_queue_is_drained()

    summation = Summation.objects.get()
    assert (summation.year, summation.week) == (week.year, week.week)
    assert summation.build_attempts == 1
    assert len(_pdf_files(_media_root)) == 2


@pytest.mark.django_db(transaction=True)
def test_a_failing_build_is_retried_and_its_error_is_recorded(celery_worker, settings, monkeypatch):
    settings.SUMMATION_BUILD_MAX_RETRIES = 2
    settings.SUMMATION_BUILD_RETRY_SECONDS = 0.2

    def broken(period):
        raise RuntimeError("the stock table is missing")

    monkeypatch.setattr(sections, "SECTIONS", (*sections.SECTIONS, broken))
    summation = services.summation_request_build(week=WEEK)

    wait_for(lambda: _status(summation.pk) == Status.FAILED)
    wait_until_the_queue_is_drained()

    summation.refresh_from_db()
    assert summation.build_status == Status.FAILED
    assert summation.build_attempts == 3  # the first try and two retries
    assert summation.build_error == "RuntimeError: the stock table is missing"
    assert not summation.pdf_en


@pytest.mark.django_db(transaction=True)
def test_a_build_that_fails_once_succeeds_on_retry(celery_worker, settings, monkeypatch):
    settings.SUMMATION_BUILD_RETRY_SECONDS = 0.2
    failures = []

    def flaky(period):
        if not failures:
            failures.append(period)
            raise ConnectionError("database went away")
        return sections.Section(key="flaky", title="Flaky")

    monkeypatch.setattr(sections, "SECTIONS", (*sections.SECTIONS, flaky))
    summation = services.summation_request_build(week=WEEK)

    wait_for(lambda: _status(summation.pk) == Status.DONE)

    summation.refresh_from_db()
    assert summation.build_attempts == 2
    assert summation.build_error == ""
    assert summation.pdf_en and summation.pdf_es


@pytest.mark.django_db(transaction=True)
def test_a_stale_building_lease_is_taken_over(celery_worker, settings):
    settings.SUMMATION_BUILD_LEASE_SECONDS = 600
    summation = Summation.objects.create(
        year=2026,
        week=46,
        build_status=Status.BUILDING,
        build_token="d" * 32,  # a worker that died an hour ago
        build_started_at=timezone.now() - timedelta(hours=1),
        build_attempts=1,
    )

    build_summation.delay(summation.pk)

    wait_for(lambda: _status(summation.pk) == Status.DONE)
    summation.refresh_from_db()
    assert summation.build_attempts == 2
    assert summation.build_token != "d" * 32
    assert summation.pdf_en and summation.pdf_es


@pytest.mark.django_db(transaction=True)
def test_a_redelivered_build_waits_out_the_dead_workers_lease_then_takes_over(
    celery_worker, settings
):
    """acks_late: the message of a worker that died mid-build comes back at once, while the
    dead worker's lease is still live. It must neither build alongside nor give up."""
    settings.SUMMATION_BUILD_LEASE_SECONDS = 3
    summation = Summation.objects.create(
        year=2026,
        week=46,
        build_status=Status.BUILDING,
        build_token="d" * 32,
        build_started_at=timezone.now(),
        build_attempts=1,
    )

    build_summation.delay(summation.pk)
    time.sleep(1.5)
    assert _status(summation.pk) == Status.BUILDING  # not while the lease is live

    wait_for(lambda: _status(summation.pk) == Status.DONE, timeout=30)
    summation.refresh_from_db()
    assert summation.build_attempts == 2
