"""The weekly schedule and the beat job that keeps the next four weeks of serves created."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.urls import reverse

from distribution import services, tasks
from distribution.models import Schedule, Serve
from tests.factories.distribution import ScheduleFactory, ServeFactory, SiteFactory, TapFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)  # a Monday


def test_it_creates_the_next_four_weeks_of_serves(lead):
    schedule = ScheduleFactory(
        weekday=0, start_time=dt.time(17, 30), lead=lead, starts_on=MONDAY - dt.timedelta(days=90)
    )

    created = services.serves_schedule_ahead(today=MONDAY - dt.timedelta(days=1))

    serves = list(Serve.objects.filter(schedule=schedule).order_by("date"))
    assert created == 4
    assert [s.date for s in serves] == [MONDAY + dt.timedelta(weeks=n) for n in range(4)]
    assert {s.start_time for s in serves} == {dt.time(17, 30)}
    assert {s.lead_id for s in serves} == {lead.pk}


def test_running_it_again_creates_nothing(lead):
    ScheduleFactory(weekday=0, starts_on=MONDAY - dt.timedelta(days=90))
    services.serves_schedule_ahead(today=MONDAY)

    again = services.serves_schedule_ahead(today=MONDAY)
    a_week_later = services.serves_schedule_ahead(today=MONDAY + dt.timedelta(days=7))

    assert again == 0
    assert a_week_later == 1
    assert Serve.objects.count() == 5


def test_a_schedule_has_one_serve_a_day_even_if_two_jobs_race():
    schedule = ScheduleFactory(weekday=0)
    ServeFactory(schedule=schedule, site=schedule.site, date=MONDAY)

    with pytest.raises(IntegrityError):
        ServeFactory(schedule=schedule, site=schedule.site, date=MONDAY)


def test_stopped_schedules_and_inactive_sites_get_no_serves():
    ScheduleFactory(weekday=0, is_active=False, starts_on=MONDAY)
    ScheduleFactory(weekday=0, site=SiteFactory(is_active=False), starts_on=MONDAY)
    ScheduleFactory(weekday=0, starts_on=MONDAY, ends_on=MONDAY + dt.timedelta(days=8))

    created = services.serves_schedule_ahead(today=MONDAY)

    assert created == 2


def test_the_beat_job_is_scheduled_and_calls_the_service():
    entry = settings.CELERY_BEAT_SCHEDULE["create-upcoming-serves"]
    assert entry["task"] == "distribution.tasks.create_upcoming_serves"
    ScheduleFactory(weekday=dt.date.today().weekday(), starts_on=dt.date.today())

    assert tasks.create_upcoming_serves() == 4
    assert tasks.create_upcoming_serves() == 0


def test_changing_a_schedule_moves_untouched_serves_and_keeps_tapped_ones(as_lead):
    today = dt.date.today()
    schedule = ScheduleFactory(weekday=today.weekday(), starts_on=today)
    services.serves_schedule_ahead(today=today)
    tapped = Serve.objects.get(schedule=schedule, date=today)
    TapFactory(serve=tapped)
    new_day = (today.weekday() + 1) % 7

    response = as_lead.post(
        reverse("distribution:schedule_edit", args=[schedule.pk]),
        {
            "site": schedule.site.pk,
            "weekday": new_day,
            "start_time": "18:00",
            "end_time": "20:00",
            "starts_on": today.isoformat(),
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    serves = list(Serve.objects.filter(schedule=schedule).order_by("date"))
    assert tapped in serves
    assert {s.date.weekday() for s in serves if s != tapped} == {new_day}
    assert {s.start_time for s in serves} == {dt.time(18, 0)}
    assert len(serves) == 5


def test_a_schedule_ending_before_it_starts_is_refused_next_to_the_field(as_lead):
    site = SiteFactory()

    response = as_lead.post(
        reverse("distribution:schedule_create"),
        {
            "site": site.pk,
            "weekday": 0,
            "start_time": "19:00",
            "end_time": "17:30",
            "starts_on": "2025-03-03",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "The serve must end after it starts." in response.content.decode()
    assert 'value="19:00"' in response.content.decode()
    assert not Schedule.objects.exists()
