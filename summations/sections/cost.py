"""What the week cost the organization: volunteer hours (on shifts at the serves and delivery
runs, and in meetings) by working group, and the money spent; then the ratios of cost to what
the work built (hours and money per new contact and per grievance recorded, and how many new
households became contacts)."""

from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from committees.models import Body, Meeting
from contacts.models import Contact
from core.weeks import Week
from distribution.models import Purchase, Shift, Tap
from investigation.models import Grievance
from summations.sections.base import (
    Audience,
    Figure,
    Kind,
    Section,
    Table,
    per,
    share,
    weekly,
)
from summations.sections.distribution import money

# Shift.objects' own expression for a shift's length (checked in to checked out).
_WORKED = ExpressionWrapper(F("checked_out_at") - F("checked_in_at"), output_field=DurationField())


def _hours(duration) -> float:
    return round((duration or timedelta()).total_seconds() / 3600, 1)


def shift_hours(period: Week) -> list[float]:
    """Volunteer hours worked on shifts, per trend week (one query)."""
    first = period.trend()[0]
    rows = weekly(
        Shift.objects.worked().between(first.monday, period.sunday),
        "date",
        period,
        worked=Sum(_WORKED),
    )
    return [_hours(d) for d in rows["worked"]]


def meetings(period: Week) -> list[dict]:
    """The meetings held over the trend weeks, with their member-hours (one query; a few rows
    a week). Meeting.objects.attended_hours(), kept per meeting."""
    first = period.trend()[0]
    rows = Meeting.objects.held_between(first.monday, period.sunday).values(
        "starts_at", "ends_at", "present", "body", "group__name"
    )
    return [
        {
            "week": Week.containing(row["starts_at"]),
            "hours": (row["ends_at"] - row["starts_at"]).total_seconds() / 3600 * row["present"],
            "body": row["body"],
            "group": row["group__name"],
        }
        for row in rows
    ]


def meeting_hours(period: Week, held: list[dict]) -> list[float]:
    return [round(sum(m["hours"] for m in held if m["week"] == w), 1) for w in period.trend()]


def money_spent(period: Week) -> list[float]:
    """Everything bought, per trend week: from the organization's cash or out of a volunteer's
    pocket (one query)."""
    first = period.trend()[0]
    rows = weekly(
        Purchase.objects.between(first.monday, period.sunday),
        "purchased_on",
        period,
        spent=Sum("amount"),
    )
    return [money(v) for v in rows["spent"]]


def cost_section(period: Week) -> Section:
    """5 queries: shift hours and money spent (each its 12 weeks in one query), the meetings
    of the 12 weeks, hours by working group this week and the week before."""
    on_shifts = shift_hours(period)
    held = meetings(period)
    in_meetings = meeting_hours(period, held)
    total = [round(s + m, 1) for s, m in zip(on_shifts, in_meetings, strict=True)]
    return Section(
        key="cost",
        title=_("What the work cost"),
        audience=Audience.MEMBERS,
        figures=(
            Figure.from_trend(
                _("Volunteer hours, in all"), total, Kind.HOURS, key="hours", headline=True
            ),
            Figure.from_trend(
                _("Hours on shifts (serves and delivery runs)"),
                on_shifts,
                Kind.HOURS,
                key="hours_shifts",
            ),
            Figure.from_trend(
                _("Member-hours in meetings"), in_meetings, Kind.HOURS, key="hours_meetings"
            ),
            Figure.from_trend(
                _("Money spent"), money_spent(period), Kind.MONEY, key="money", headline=True
            ),
        ),
        tables=_hours_by_group(period, held),
        notes=(
            _(
                "Shift hours run from check-in to check-out. Meeting hours are each meeting's "
                "length times the members present. Money spent is every purchase, paid from "
                "the organization's cash or by a volunteer."
            ),
        ),
    )


def _hours_by_group(period: Week, held: list[dict]) -> tuple[Table, ...]:
    """Hours on shifts (Shift.objects.hours_by_working_group) and in meetings, by working
    group; the general body and the spokes-council on rows of their own."""
    lines: dict[str, dict] = {}

    def line(name) -> dict:
        return lines.setdefault(
            str(name), {"name": name, "shifts": 0.0, "meetings": 0.0, "before": 0.0}
        )

    for week, column in ((period, "this"), (period.previous, "before")):
        for row in Shift.objects.between(week.monday, week.sunday).hours_by_working_group():
            name = row["working_group__name"] or _("No working group")
            line(name)["shifts" if column == "this" else "before"] += row["hours"]
    for meeting in held:
        if meeting["week"] not in (period, period.previous):
            continue
        name = meeting["group"] or Body(meeting["body"]).label
        line(name)["meetings" if meeting["week"] == period else "before"] += meeting["hours"]
    if not lines:
        return ()
    rows = sorted(lines.values(), key=lambda r: (-(r["shifts"] + r["meetings"]), str(r["name"])))
    return (
        Table(
            title=_("Volunteer hours by working group"),
            columns=(_("Working group"), _("On shifts"), _("In meetings"), _("Previous week")),
            rows=tuple(
                (r["name"], round(r["shifts"], 1), round(r["meetings"], 1), round(r["before"], 1))
                for r in rows
            ),
            kinds=(Kind.HOURS, Kind.HOURS, Kind.HOURS),
        ),
    )


def ratios_section(period: Week) -> Section:
    """6 queries: shift hours, meetings, money spent, new contacts, grievances and households
    served, each over the 12 weeks in one query."""
    first = period.trend()[0]
    hours = [
        round(s + m, 1)
        for s, m in zip(shift_hours(period), meeting_hours(period, meetings(period)), strict=True)
    ]
    spent = money_spent(period)
    contacts = weekly(
        Contact.objects.active().created_between(first.monday, period.sunday),
        "created_at",
        period,
        new=Count("id"),
        met_at_serve=Count("id", filter=Q(first_met=Contact.FirstMet.SERVE)),
    )
    grievances = weekly(
        Grievance.objects.recorded_between(first.monday, period.sunday),
        "recorded_on",
        period,
        recorded=Count("id"),
    )
    households = weekly(
        Tap.objects.counted().between(first.monday, period.sunday),
        "serve__date",
        period,
        served=Count("id", filter=Q(kind__in=Tap.HOUSEHOLD_KINDS)),
    )

    def ratio(amounts, counts, digits=1):
        return [per(a, c, digits) for a, c in zip(amounts, counts, strict=True)]

    return Section(
        key="ratios",
        title=_("What the cost built"),
        audience=Audience.AGGREGATES,
        figures=(
            Figure.from_trend(
                _("Volunteer hours per new contact"),
                ratio(hours, contacts["new"]),
                Kind.HOURS,
                key="hours_per_contact",
                headline=True,
            ),
            Figure.from_trend(
                _("Volunteer hours per grievance recorded"),
                ratio(hours, grievances["recorded"]),
                Kind.HOURS,
                key="hours_per_grievance",
            ),
            Figure.from_trend(
                _("Money spent per new contact"),
                ratio(spent, contacts["new"], 2),
                Kind.MONEY,
                key="money_per_contact",
            ),
            Figure.from_trend(
                _("Money spent per grievance recorded"),
                ratio(spent, grievances["recorded"], 2),
                Kind.MONEY,
                key="money_per_grievance",
            ),
            Figure.from_trend(
                _("Households served who became contacts"),
                [
                    share(c, h)
                    for c, h in zip(contacts["met_at_serve"], households["served"], strict=True)
                ],
                Kind.PERCENT,
                key="households_to_contacts",
                headline=True,
            ),
        ),
        notes=(
            _(
                "A ratio is left blank in a week with nothing to divide by. The share of "
                "households served who became contacts compares the new contacts first met at "
                "a serve with the households (new and returning) tapped at the serves that week."
            ),
        ),
    )
