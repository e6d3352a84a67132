"""The member's private calendar feed gathers events from each app that has some. Each
provider is an app's `calendar_events.events_for(user, start, end) -> list[CalendarEvent]`."""

from datetime import datetime, timedelta

from django.utils import timezone

from committees import calendar_events as committees_calendar
from core.calendar_events import CalendarEvent
from distribution import calendar_events as distribution_calendar

providers = (committees_calendar.events_for, distribution_calendar.events_for)

# What the feed covers: recent past (to keep last weeks visible) and the year ahead.
FEED_PAST = timedelta(days=60)
FEED_AHEAD = timedelta(days=366)


def feed_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now - FEED_PAST, now + FEED_AHEAD


def events_for(user, start: datetime, end: datetime) -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    for provider in providers:
        events.extend(provider(user, start, end))
    return sorted(events, key=lambda event: (event.start, event.uid))
