from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.weeks import Week, validate_iso_week
from tests.summations.conftest import local


def test_it_parses_the_week_inputs_format():
    assert Week.parse("2026-W47") == Week(2026, 47)
    assert Week.parse("2026-w07") == Week(2026, 7)
    assert str(Week(2026, 7)) == "2026-W07"


@pytest.mark.parametrize("text", ["", "2026-47", "W47", "2026-W54", "2026-W00", "2025-W53"])
def test_it_rejects_what_is_not_an_iso_week(text):
    with pytest.raises(ValueError):
        Week.parse(text)


def test_a_year_with_53_weeks_has_a_week_53():
    assert Week.parse("2026-W53").sunday == date(2027, 1, 3)


def test_a_week_runs_monday_to_monday_in_the_organizations_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    week = Week(2026, 46)
    assert week.start == datetime(2026, 11, 9, tzinfo=ZoneInfo("America/New_York"))
    assert week.end == datetime(2026, 11, 16, tzinfo=ZoneInfo("America/New_York"))
    # Sunday 23:30 in Boston is already Monday in UTC: it still belongs to week 46.
    assert Week.containing(local(2026, 11, 15, 23, 30).astimezone(ZoneInfo("UTC"))) == week


def test_the_week_the_clocks_go_back_lasts_169_hours(settings):
    settings.TIME_ZONE = "America/New_York"
    week = Week(2026, 44)  # clocks go back on Sunday 1 November 2026
    utc = ZoneInfo("UTC")
    assert week.end.astimezone(utc) - week.start.astimezone(utc) == timedelta(hours=169)


def test_the_trend_is_twelve_weeks_oldest_first_across_the_new_year():
    trend = Week(2027, 2).trend()
    assert len(trend) == 12
    assert trend[0] == Week(2026, 44)
    assert trend[-1] == Week(2027, 2)
    assert trend[-2] == Week(2027, 2).previous == Week(2027, 1)


def test_the_last_completed_week_on_a_monday_night_is_the_week_just_ended():
    assert Week.last_completed(local(2026, 11, 16, 23, 0)) == Week(2026, 46)
    assert Week.last_completed(local(2026, 11, 15, 23, 59)) == Week(2026, 45)


def test_a_week_has_ended_only_at_the_next_monday_midnight():
    assert not Week(2026, 46).has_ended(local(2026, 11, 15, 23, 59))
    assert Week(2026, 46).has_ended(local(2026, 11, 16, 0, 0))


def test_a_stored_week_is_written_exactly_as_the_week_prints():
    assert Week.exactly("2026-W47") == Week(2026, 47)
    for loose in ("2026-w47", "2026W47", " 2026-W47", "2026-W7", "2025-W53", "2026-47"):
        with pytest.raises(ValueError):
            Week.exactly(loose)
    validate_iso_week("2026-W47")
    with pytest.raises(ValidationError, match="2026-W47"):
        validate_iso_week("2026-w47")
