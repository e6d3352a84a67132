"""The ISO week ("2026-W47"), in the organization's time zone: the period a summation covers
and the week a lead's report is for.

A week runs from Monday 00:00 to the next Monday 00:00 in `settings.TIME_ZONE` (the
organization's, not the reader's), so "week 47" means the same days to every member."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TREND_WEEKS = 12  # how far back every figure's trend reaches, this week included
_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def organization_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True, order=True)
class Week:
    year: int
    week: int

    def __post_init__(self):
        # Raises ValueError for week 53 of a year that has only 52, week 0, and so on.
        date.fromisocalendar(self.year, self.week, 1)

    @classmethod
    def parse(cls, text: str) -> "Week":
        """'2026-W47' (the HTML week input's format; 'W' in either case)."""
        match = _WEEK_RE.match(text or "")
        if not match:
            raise ValueError(f"Not an ISO week: {text!r}")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def exactly(cls, text: str) -> "Week":
        """The week a stored value or an address names, written exactly as `str(Week)` prints
        it ("2026-W47"), so that rows of one week compare equal; ValueError otherwise."""
        week = cls.parse(text)
        if str(week) != text:
            raise ValueError(f"Not written as {week}: {text!r}")
        return week

    @classmethod
    def of(cls, day: date) -> "Week":
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def containing(cls, moment: datetime) -> "Week":
        return cls.of(moment.astimezone(organization_tz()).date())

    @classmethod
    def last_completed(cls, now: datetime | None = None) -> "Week":
        """The most recent week that has ended (on a Monday, the week before)."""
        return cls.containing(now or timezone.now()).previous

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.monday, time.min, tzinfo=organization_tz())

    @property
    def end(self) -> datetime:
        """Exclusive: the next Monday at 00:00."""
        return datetime.combine(self.monday + timedelta(days=7), time.min, tzinfo=organization_tz())

    @property
    def previous(self) -> "Week":
        return Week.of(self.monday - timedelta(days=7))

    @property
    def next(self) -> "Week":
        return Week.of(self.monday + timedelta(days=7))

    def trend(self, weeks: int = TREND_WEEKS) -> tuple["Week", ...]:
        """The `weeks` weeks ending with this one, oldest first."""
        return tuple(Week.of(self.monday - timedelta(days=7 * n)) for n in range(weeks - 1, -1, -1))

    def has_ended(self, now: datetime | None = None) -> bool:
        return self.end <= (now or timezone.now())


def validate_iso_week(value: str) -> None:
    try:
        Week.exactly(value)
    except ValueError:
        raise ValidationError(
            _("Write the week as year-W-number, for example 2026-W47."), code="iso_week"
        ) from None
