"""The weekly beat entry and the dashboard panel."""

import pytest
from celery.schedules import crontab
from django.urls import reverse

from summations.models import Summation
from tests.factories.summations import SummationFactory


def test_beat_builds_on_monday_at_23_00_by_default(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["build-weekly-summation"]
    assert entry["task"] == "summations.tasks.build_weekly_summation"
    assert entry["schedule"] == crontab(day_of_week=1, hour=23, minute=0)
    assert settings.SUMMATION_BUILD_WEEKDAY == 1
    assert settings.SUMMATION_BUILD_TIME == "23:00"
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE  # 23:00 where the organization is


def test_a_build_lease_outlasts_the_tasks_hard_time_limit(settings):
    assert settings.SUMMATION_BUILD_LEASE_SECONDS > settings.CELERY_TASK_TIME_LIMIT


@pytest.mark.django_db
def test_the_dashboard_shows_the_latest_summation_and_its_state(as_member):
    SummationFactory(year=2026, week=45, state=Summation.State.ADOPTED)
    latest = SummationFactory(year=2026, week=46, state=Summation.State.PRESENTED)
    html = as_member.get(reverse("dashboard:home")).content.decode()
    assert reverse("summations:detail", args=[latest.pk]) in html
    assert "Week 46 of 2026" in html
    assert "Presented" in html
    assert "Week 45 of 2026" not in html


@pytest.mark.django_db
def test_the_dashboard_panel_costs_one_query_however_many_summations(
    as_member, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    as_member.get(reverse("dashboard:home"))
    with CaptureQueriesContext(connection) as before:
        as_member.get(reverse("dashboard:home"))
    summation_queries = [q for q in before.captured_queries if "summations_" in q["sql"]]
    assert len(summation_queries) == 1  # the latest summation
    for week in range(1, 31):
        SummationFactory(year=2026, week=week)
    with django_assert_num_queries(len(before)):
        as_member.get(reverse("dashboard:home"))


@pytest.mark.django_db
def test_the_menu_lists_summations_for_every_member(as_driver):
    assert reverse("summations:list") in as_driver.get(reverse("dashboard:home")).content.decode()
