"""ISO weeks ("2026-W47"), the unit the weekly summation and the leads' weekly reports use."""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ISO_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week_of(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(iso_week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week; ValueError if the week does not exist."""
    match = ISO_WEEK_RE.match(iso_week or "")
    if match is None:
        raise ValueError(iso_week)
    monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    return monday, monday + timedelta(days=6)


def previous_week(iso_week: str) -> str:
    monday, _sunday = week_bounds(iso_week)
    return iso_week_of(monday - timedelta(days=7))


def validate_iso_week(value: str) -> None:
    try:
        week_bounds(value)
    except ValueError:
        raise ValidationError(
            _("Write the week as year-W-number, for example 2026-W47."), code="iso_week"
        ) from None
