"""What committees puts in a member's private calendar feed: the meetings they are called to
(the general body, their working groups, and the spokes-council while they are a spoke)."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Meeting, Spoke
from core.calendar_events import CalendarEvent


def events_for(user, start: datetime, end: datetime) -> list[CalendarEvent]:
    is_spoke = Spoke.objects.current(timezone.localdate()).filter(member=user).exists()
    meetings = (
        Meeting.objects.for_member(user, is_spoke=is_spoke)
        .between(start, end)
        .select_related("group")
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )
    return [
        CalendarEvent(
            uid=f"meeting-{meeting.pk}@basework",
            title=_("Meeting: %(body)s") % {"body": meeting.body_name}
            + (f" · {meeting.title}" if meeting.title else ""),
            start=meeting.starts_at,
            end=meeting.ends_at,
            location=meeting.place,
            description="\n".join(
                f"{n}. {item.title}" for n, item in enumerate(meeting.agenda_items.all(), 1)
            ),
        )
        for meeting in meetings
    ]
