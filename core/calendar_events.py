"""A calendar event as the member's private ICS feed lists it. Apps that have something to put
in a member's calendar offer `events_for(user, start, end) -> list[CalendarEvent]` in their
own `calendar_events.py`; the dashboard app gathers them into one feed."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across feeds, e.g. "serve-12@basework"
    title: str
    start: datetime
    end: datetime
    location: str = ""
    description: str = ""
