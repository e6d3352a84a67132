"""What distribution puts in a member's calendar: the serves they signed up for or lead, and
the days they signed up to drive. No address, phone or contact name ever goes in a feed."""

from datetime import date, datetime, time, timedelta

from django.db.models import Max, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.calendar_events import CalendarEvent
from distribution.models import DeliveryRequest, Serve, Shift

# A delivery run with no delivery windows yet shows as this part of the day.
RUN_DEFAULT_START = time(10, 0)
RUN_DEFAULT_HOURS = 3


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def events_for(user, start: date | datetime, end: date | datetime) -> list[CalendarEvent]:
    """The member's serves and delivery-run shifts on the days from `start` to `end`
    (two queries, three when the member drives; whatever the number of events)."""
    first, last = _as_date(start), _as_date(end)
    serves = list(
        Serve.objects.between(first, last)
        .filter(
            Q(lead=user)
            | Q(
                shifts__volunteer=user,
                shifts__cancelled_at__isnull=True,
                shifts__kind=Shift.Kind.SERVE,
            )
        )
        .select_related("site")
        .distinct()
        .order_by("date", "start_time")
    )
    runs = list(
        Shift.objects.for_member(user)
        .active()
        .filter(kind=Shift.Kind.DELIVERY_RUN, date__range=(first, last))
        .order_by("date")
    )
    windows = {
        row["date"]: row
        for row in DeliveryRequest.objects.filter(driver=user, date__in=[run.date for run in runs])
        .values("date")
        .annotate(first=Min("window_start"), last=Max("window_end"))
        .order_by()
    }
    events = []
    with translation.override(user.language or "en"):
        for serve in serves:
            role = _("lead") if serve.lead_id == user.pk else _("volunteer")
            events.append(
                CalendarEvent(
                    uid=f"serve-{serve.pk}@basework",
                    title=_("Serve at %(site)s (%(role)s)") % {"site": serve.site, "role": role},
                    start=serve.starts_at,
                    end=serve.ends_at,
                    location=serve.site.address or serve.site.name,
                )
            )
        for run in runs:
            window = windows.get(run.date, {})
            begins = timezone.make_aware(
                datetime.combine(run.date, window.get("first") or RUN_DEFAULT_START)
            )
            ends = (
                timezone.make_aware(datetime.combine(run.date, window["last"]))
                if window.get("last") and window["last"] > begins.time()
                else begins + timedelta(hours=RUN_DEFAULT_HOURS)
            )
            events.append(
                CalendarEvent(
                    uid=f"run-{run.pk}@basework",
                    title=_("Delivery run"),
                    start=begins,
                    end=ends,
                    description=_("Your deliveries are on your run page."),
                )
            )
    return sorted(events, key=lambda event: event.start)
