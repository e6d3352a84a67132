"""What the summation page, the PDF and the "summation ready" email show: the stored figures,
read in one language, the sections the reader's role may see."""

from dataclasses import dataclass, replace

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.permissions import Perm, can
from core.weeks import Week
from summations.models import Summation
from summations.sections import Audience, Figure, Section, Table, Writing, thaw
from summations.sections.investigation import TOP_SITES_TABLE

EVERY_AUDIENCE = frozenset(Audience)


def audiences_for(user) -> frozenset[Audience]:
    """The sections a member may read: the investigation's aggregates only with
    Perm.VIEW_AGGREGATES (a driver sees nothing of the investigation)."""
    if can(user, Perm.VIEW_AGGREGATES):
        return EVERY_AUDIENCE
    return frozenset({Audience.MEMBERS})


def week_labels(figures: dict) -> list[str]:
    """Each trend week as the date of its Monday, in the active language ("Nov 16")."""
    pattern = pgettext("date format for a week's Monday under a trend chart", "M j")
    return [
        formats.date_format(Week.parse(label).monday, pattern)
        for label in figures.get("trend_weeks", [])
    ]


def period_label(week: Week) -> str:
    return _("%(monday)s to %(sunday)s") % {
        "monday": formats.date_format(week.monday, "DATE_FORMAT"),
        "sunday": formats.date_format(week.sunday, "DATE_FORMAT"),
    }


def readable_sections(
    summation: Summation, language: str, audiences=EVERY_AUDIENCE
) -> tuple[list[Section], int]:
    """The sections `audiences` may read, in `language`, and how many others were left out."""
    stored = (summation.figures or {}).get("sections", [])
    sections = [thaw(data, language) for data in stored]
    shown = [s for s in sections if s.audience in audiences]
    return shown, len(sections) - len(shown)


def headlines(summation: Summation, language: str, audiences=EVERY_AUDIENCE) -> list[Figure]:
    """The figures marked as headlines, from the sections `audiences` may read."""
    sections, _withheld = readable_sections(summation, language, audiences)
    return [figure for section in sections for figure in section.headlines]


# The overview that leads the summation fits one printed page: what the working groups wrote
# is cut to this many characters in all (the full text is in the appendix), from at most
# this many groups (the others are named, their reports in the appendix).
OVERVIEW_REPORT_CHARACTERS = 720
OVERVIEW_PASSAGE_AT_LEAST = 30
OVERVIEW_GROUPS = 4
COST_SECTION, RATIOS_SECTION, REPORTS_SECTION = "cost", "ratios", "reports"


@dataclass(frozen=True)
class Overview:
    """The one page the general body reads first: the week at a glance, what it cost
    against what it built, the top sites of struggle, what each working group wrote."""

    glance: tuple[Figure, ...]
    cost: tuple[Figure, ...]
    built: tuple[Figure, ...]
    sites: Table | None
    reports: tuple[Writing, ...]
    reports_shortened: bool
    reports_elsewhere: tuple[str, ...]  # groups whose reports are only in the appendix
    reports_notes: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.glance or self.cost or self.built or self.sites or self.reports)


def _shorten(writings: tuple[Writing, ...], characters: int) -> tuple[tuple[Writing, ...], bool]:
    """The reports cut to the overview's share of the page, passage by passage, each on one
    line (a report's own line breaks stay in the appendix)."""
    passages = sum(len(w.passages) for w in writings)
    if not passages:
        return writings, False
    limit = max(OVERVIEW_PASSAGE_AT_LEAST, characters // passages)
    shortened = tuple(
        replace(
            w,
            passages=tuple(
                (label, Truncator(" ".join(text.split())).chars(limit))
                for label, text in w.passages
            ),
        )
        for w in writings
    )
    return shortened, shortened != writings


# The top sites table's columns the overview keeps: site, people, grievances, change (the
# "drawn in" column stays in the appendix).
SITES_COLUMNS = (0, 1, 2, 4)


def _sites_by_people(table: Table) -> Table:
    return Table(
        title=table.title,
        columns=tuple(table.columns[n] for n in SITES_COLUMNS),
        rows=tuple(tuple(row[n] for n in SITES_COLUMNS) for row in table.rows),
        kinds=tuple(table.kinds[n - 1] for n in SITES_COLUMNS[1:]) if table.kinds else (),
        key=table.key,
    )


def overview(sections: list[Section], characters: int = OVERVIEW_REPORT_CHARACTERS) -> Overview:
    """The overview, from the sections the reader may read (a driver's has no ratios and no
    sites of struggle). Nothing new is stored: it is read from the snapshot's sections."""
    by_key = {section.key: section for section in sections}
    cost, ratios = by_key.get(COST_SECTION), by_key.get(RATIOS_SECTION)
    reports = by_key.get(REPORTS_SECTION)
    sites = next(
        (table for section in sections for table in section.tables if table.key == TOP_SITES_TABLE),
        None,
    )
    if sites is not None:
        sites = _sites_by_people(sites)
    writings = reports.writings if reports else ()
    shown, shortened = _shorten(writings[:OVERVIEW_GROUPS], characters)
    return Overview(
        glance=tuple(
            figure
            for section in sections
            if section.key not in (COST_SECTION, RATIOS_SECTION)
            for figure in section.headlines
        ),
        cost=cost.headlines if cost else (),
        built=ratios.figures if ratios else (),
        sites=sites,
        reports=shown,
        reports_shortened=shortened,
        reports_elsewhere=tuple(str(w.title) for w in writings[OVERVIEW_GROUPS:]),
        reports_notes=reports.notes if reports else (),
    )


def chart_start(sections: list[Section]) -> int:
    """Where the trend charts begin: the first week in which any figure has something to
    show (a new organization's 12-week window is mostly before it began recording)."""
    weeks = max((len(f.trend) for s in sections for f in s.figures), default=0)
    for index in range(weeks):
        if any(index < len(f.trend) and f.trend[index] for s in sections for f in s.figures):
            return index
    return weeks


def presentation(
    summation: Summation,
    language: str,
    audiences=EVERY_AUDIENCE,
    report_characters: int = OVERVIEW_REPORT_CHARACTERS,
) -> dict:
    """Template context for a summation's figures, in `language` (already active);
    `report_characters`: how much of the groups' reports the overview holds."""
    sections, withheld = readable_sections(summation, language, audiences)
    labels = week_labels(summation.figures or {})
    start = chart_start(sections)
    return {
        "summation": summation,
        "sections": sections,
        "overview": overview(sections, report_characters),
        "headlines": [figure for section in sections for figure in section.headlines],
        "withheld_sections": withheld,
        "week_labels": labels,
        "chart_start": start,
        "chart_since": labels[start] if start < len(labels) else "",
        "period_label": period_label(summation.period),
    }


FIGURES_TEMPLATE = "summations/detail.html#figures"
FIGURES_CACHED_FOR = 7 * 24 * 3600


def figures_html(summation: Summation, language: str, audiences=EVERY_AUDIENCE) -> SafeString:
    """The figures part of the summation page, rendered once per build, language and set of
    sections the reader may see: a built summation's figures change only with its next build,
    which gives it a new `built_at` (and so a new key)."""

    def render() -> str:
        return render_to_string(FIGURES_TEMPLATE, presentation(summation, language, audiences))

    if summation.built_at is None:
        return SafeString(render())
    key = ":".join(
        [
            "summations:figures",
            str(summation.pk),
            summation.built_at.isoformat(),
            language,
            ",".join(sorted(audiences)),
        ]
    )
    return SafeString(cache.get_or_set(key, render, FIGURES_CACHED_FOR))
