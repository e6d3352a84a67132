"""The investigation: conversations and their follow-ups, the grievances people raised (by
category, by base area), the sites of struggle they point to, and how far contacts were drawn
in. Counts, base areas and antagonists only: never a person."""

from datetime import timedelta

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from contacts.models import Conversation, DevelopmentAssessment
from core.weeks import Week
from investigation import ranking
from investigation.models import Grievance
from summations.sections.base import (
    Audience,
    Figure,
    Kind,
    Section,
    Table,
    at_each_week_end,
    interpolate,
    localized,
    weekly,
)

AREA_ROWS = 15  # base areas listed in "grievances by base area"; the rest summed up in a note
TOP_SITES = 5  # rows in each "top sites of struggle" ranking
SITES_WEEKS = 4  # the ranking looks at the last four weeks, against the four before
TOP_SITES_TABLE = "top_sites"  # the key of the sites-of-struggle table the overview leads with


def investigation_section(period: Week) -> Section:
    """8 queries: conversations, follow-ups, grievances and assessments (each its 12 weeks in
    one query), grievances by category, by base area, and the two sites-of-struggle
    rankings."""
    first, last = period.trend()[0], period
    conversations = weekly(
        Conversation.objects.held_between(first.monday, last.sunday),
        "held_on",
        period,
        held=Count("id"),
    )
    follow_ups = at_each_week_end(
        Conversation.objects.filter(
            follow_up_due__isnull=False, contact__forgotten_at__isnull=True
        ),
        period,
        done=lambda week: Q(follow_up_done_at__gte=week.start, follow_up_done_at__lt=week.end),
        overdue=lambda week: (
            Q(follow_up_due__lte=week.sunday)
            & (Q(follow_up_done_at__isnull=True) | Q(follow_up_done_at__gte=week.end))
        ),
    )
    grievances = weekly(
        Grievance.objects.recorded_between(first.monday, last.sunday),
        "recorded_on",
        period,
        recorded=Count("id"),
        # Every grievance counts; a forgotten contact no longer counts as a person.
        people=Count("contact", distinct=True, filter=Q(contact__forgotten_at__isnull=True)),
    )
    # The same movement as DevelopmentAssessment.objects.movement_counts(), week by week, of
    # contacts not forgotten (people counts leave forgotten contacts out).
    assessed_before = Q(previous_level__isnull=False, contact__forgotten_at__isnull=True)
    movements = weekly(
        DevelopmentAssessment.objects.assessed_between(first.monday, last.sunday),
        "assessed_on",
        period,
        forward=Count("id", filter=assessed_before & Q(level__rank__gt=F("previous_level__rank"))),
        back=Count("id", filter=assessed_before & Q(level__rank__lt=F("previous_level__rank"))),
    )
    figures = (
        Figure.from_trend(_("Conversations held"), conversations["held"], key="conversations"),
        Figure.from_trend(_("Follow-ups done"), follow_ups["done"], key="follow_ups_done"),
        Figure.from_trend(
            _("Follow-ups overdue at the end of the week"),
            follow_ups["overdue"],
            key="follow_ups_overdue",
        ),
        Figure.from_trend(
            _("Grievances recorded"), grievances["recorded"], key="grievances", headline=True
        ),
        Figure.from_trend(
            _("People who raised a grievance"), grievances["people"], key="grievance_people"
        ),
        Figure.from_trend(
            _("Contacts drawn further in (moved up a level)"),
            movements["forward"],
            key="moved_up",
            headline=True,
        ),
        Figure.from_trend(
            _("Contacts who fell back (moved down a level)"), movements["back"], key="moved_down"
        ),
    )
    by_area, area_notes = _by_base_area(period)
    tables = [t for t in (_by_category(period), by_area, *_top_sites(period)) if t is not None]
    return Section(
        key="investigation",
        title=_("Investigation"),
        audience=Audience.AGGREGATES,
        figures=figures,
        tables=tuple(tables),
        notes=(
            _(
                "A follow-up is overdue when its date has passed and it was not done by the end "
                "of that week. A grievance counts in the week it was recorded; a movement in the "
                "week the contact was assessed."
            ),
            _(
                "People: how many different contacts raised the grievances. Drawn in: how many "
                "of them are at a level counted as advanced or intermediate. Change: grievances "
                "against the four weeks before."
            ),
            *area_notes,
        ),
    )


def _by_category(period: Week) -> Table | None:
    this_week = Q(recorded_on__gte=period.monday)
    rows = list(
        Grievance.objects.recorded_between(period.previous.monday, period.sunday)
        .values("category__name", "category__name_es")
        .annotate(
            this_week=Count("id", filter=this_week), previous_week=Count("id", filter=~this_week)
        )
        .order_by("-this_week", "-previous_week", "category__name")
    )
    if not rows:
        return None
    return Table(
        title=_("Grievances by category"),
        columns=(_("Category"), _("This week"), _("Previous week")),
        rows=tuple(
            (
                localized(en=r["category__name"], es=r["category__name_es"]),
                r["this_week"],
                r["previous_week"],
            )
            for r in rows
        ),
    )


def _by_base_area(period: Week) -> tuple[Table | None, list]:
    # Top-level areas, each counting every area inside it (investigation.ranking).
    rows = ranking.sites_of_struggle(
        by="base_area",
        start=period.monday,
        end=period.sunday,
        previous_start=period.previous.monday,
    )
    if not rows:
        return None, []
    shown, hidden = rows[:AREA_ROWS], rows[AREA_ROWS:]
    notes = []
    if hidden:
        more = ngettext_lazy(
            "%(count)s more base area had grievances this week.",
            "%(count)s more base areas had grievances this week.",
            len(hidden),
        )
        notes.append(interpolate(more, count=len(hidden)))
    table = Table(
        title=_("Grievances by base area"),
        columns=(
            _("Base area"),
            _("This week"),
            _("People"),
            _("Drawn in"),
            _("Previous week"),
        ),
        rows=tuple(
            (
                r["key_name"],
                r["grievances"],
                r["contacts"],
                r["drawn_in"],
                r["previous_grievances"],
            )
            for r in shown
        ),
    )
    return table, notes


def _top_pairs(*, start, end, previous_start) -> Table | None:
    """The sites of struggle proper: a base area and an antagonist together, ranked by the
    people who raised grievances there, those under the threshold left out. Places and
    antagonists only, never people."""
    rows = ranking.sites_of_struggle(by="site", start=start, end=end, previous_start=previous_start)
    ranked, _watched = ranking.ranked_and_watched(rows, ranking.watch_below())
    if not ranked:
        return None
    return Table(
        title=_("Top sites of struggle, last 4 weeks: a place and an antagonist, by people"),
        columns=(_("Site"), _("People"), _("Grievances"), _("Drawn in"), _("Change")),
        rows=tuple(
            (
                f"{r['key_name']} · {r['antagonist_name']}",
                r["contacts"],
                r["grievances"],
                r["drawn_in"],
                r["change"],
            )
            for r in ranked[:TOP_SITES]
        ),
        kinds=(Kind.COUNT, Kind.COUNT, Kind.COUNT, Kind.CHANGE),
        key=TOP_SITES_TABLE,
    )


def _top_sites(period: Week) -> list[Table | None]:
    """Where grievances concentrate over the last four weeks: the base areas and the
    antagonists with the most, with how many people raised them and how many of those are
    drawn in (advanced or intermediate), against the four weeks before."""
    start = period.monday - timedelta(weeks=SITES_WEEKS - 1)
    previous_start = start - timedelta(weeks=SITES_WEEKS)
    columns = (_("Grievances"), _("People"), _("Drawn in"), _("Change"))
    tables = [_top_pairs(start=start, end=period.sunday, previous_start=previous_start)]
    for by, title, first_column in (
        ("base_area", _("Top sites of struggle, last 4 weeks: base areas"), _("Base area")),
        ("antagonist", _("Top sites of struggle, last 4 weeks: antagonists"), _("Against")),
    ):
        rows = ranking.sites_of_struggle(
            by=by, start=start, end=period.sunday, previous_start=previous_start
        )[:TOP_SITES]
        tables.append(
            Table(
                title=title,
                columns=(first_column, *columns),
                rows=tuple(
                    (r["key_name"], r["grievances"], r["contacts"], r["drawn_in"], r["change"])
                    for r in rows
                ),
                kinds=(Kind.COUNT, Kind.COUNT, Kind.COUNT, Kind.CHANGE),
            )
            if rows
            else None
        )
    return tables
