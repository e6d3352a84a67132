"""The member's private calendar feed: reachable by its secret token alone (no session), a
404 for any other token, resettable by the member, and valid iCalendar (RFC 5545)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees.models import Body
from core.calendar_events import CalendarEvent
from dashboard import ics, services
from tests.factories.committees import MeetingFactory, SpokeFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_url(driver):
    token = services.calendar_token_reset(user=driver)
    return reverse("dashboard:calendar_feed", args=[token])


def next_week(hour=18):
    return timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=7)


def test_the_feed_lists_the_members_meetings_without_a_session(feed_url, delivery, outreach):
    MeetingFactory(body=Body.WORKING_GROUP, group=delivery, starts_at=next_week(), place="Elm St")
    MeetingFactory(body=Body.GENERAL_BODY, starts_at=next_week(19), title="Monthly")
    MeetingFactory(body=Body.WORKING_GROUP, group=outreach, starts_at=next_week())
    MeetingFactory(body=Body.SPOKES_COUNCIL, starts_at=next_week())

    response = Client().get(feed_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.text
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Meeting: Delivery\r\n" in body
    assert "SUMMARY:Meeting: General body · Monthly\r\n" in body
    assert "Outreach" not in body
    assert "Spokes-council" not in body


def test_a_spoke_also_gets_the_spokes_council(feed_url, delivery, driver):
    SpokeFactory(group=delivery, member=driver)
    MeetingFactory(body=Body.SPOKES_COUNCIL, starts_at=next_week())
    assert "SUMMARY:Meeting: Spokes-council\r\n" in Client().get(feed_url).text


@pytest.mark.parametrize("token", ["wrong-token-" + "x" * 32, "short", "x" * 43])
def test_a_wrong_token_is_404(feed_url, token):
    assert Client().get(reverse("dashboard:calendar_feed", args=[token])).status_code == 404


def test_an_inactive_members_feed_is_404(feed_url, driver):
    driver.is_active = False
    driver.save()
    assert Client().get(feed_url).status_code == 404


def test_resetting_the_link_cuts_off_the_old_one(as_driver, driver, feed_url):
    response = as_driver.post(reverse("dashboard:calendar"))
    assert response.status_code == 302
    driver.refresh_from_db()
    assert Client().get(feed_url).status_code == 404
    new_url = reverse("dashboard:calendar_feed", args=[driver.calendar_token])
    assert Client().get(new_url).status_code == 200
    page = as_driver.get(reverse("dashboard:calendar"))
    assert f"http://testserver{new_url}" in page.text
    assert f"webcal://testserver{new_url}" in page.text


def test_the_calendar_page_offers_to_create_a_link(as_member, member):
    assert member.calendar_token == ""
    page = as_member.get(reverse("dashboard:calendar"))
    assert "Create my calendar link" in page.text
    assert page.context["feed_url"] == ""


def test_the_feed_is_in_the_members_language(feed_url, driver, delivery):
    driver.language = "es"
    driver.save()
    MeetingFactory(body=Body.GENERAL_BODY, starts_at=next_week())
    assert "SUMMARY:Reunión: Asamblea general\r\n" in Client().get(feed_url).text


def test_the_feed_runs_a_fixed_number_of_queries(feed_url, delivery, django_assert_max_num_queries):
    for _ in range(2):
        MeetingFactory(body=Body.WORKING_GROUP, group=delivery, starts_at=next_week())
    # committees' meetings, and distribution's serves and driving days: 6
    with django_assert_max_num_queries(6) as small:
        Client().get(feed_url)
    for _ in range(28):
        MeetingFactory(body=Body.WORKING_GROUP, group=delivery, starts_at=next_week())
    with django_assert_max_num_queries(6) as large:
        assert Client().get(feed_url).text.count("BEGIN:VEVENT") == 30
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_ics_is_rfc_5545_lines_crlf_folded_escaped_and_utc():
    event = CalendarEvent(
        uid="meeting-1@basework",
        title="Meeting: Delivery; routes, and vans",
        start=datetime(2026, 12, 1, 23, 30, tzinfo=UTC),
        end=datetime(2026, 12, 2, 1, 0, tzinfo=UTC),
        location="Elm Street \\ side room",
        description="1. Rutas desde el nuevo sitio — ¿quién maneja? " * 4 + "\n2. Next",
    )
    body = ics.calendar([event], name="Basework", now=datetime(2026, 11, 25, tzinfo=UTC))

    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    lines = body.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = body.replace("\r\n ", "")
    assert "DTSTART:20261201T233000Z\r\n" in unfolded
    assert "DTEND:20261202T010000Z\r\n" in unfolded
    assert "SUMMARY:Meeting: Delivery\\; routes\\, and vans\r\n" in unfolded
    assert "LOCATION:Elm Street \\\\ side room\r\n" in unfolded
    assert "¿quién maneja? \\n2. Next\r\n" in unfolded


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "ñ" * 100
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_control_characters_are_dropped_from_text():
    assert ics.escape_text("a\x00b\x1bc\td") == "abc\td"


def test_the_feed_stays_private(feed_url):
    response = Client().get(feed_url)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_providers_tuple_includes_committees():
    from committees import calendar_events as committees_calendar
    from dashboard import calendar_events

    assert committees_calendar.events_for in calendar_events.providers


def test_a_group_nobody_belongs_to_shows_nowhere(feed_url):
    MeetingFactory(body=Body.WORKING_GROUP, group=WorkingGroupFactory(name="Empty"),
                   starts_at=next_week())  # fmt: skip
    assert "BEGIN:VEVENT" not in Client().get(feed_url).text
