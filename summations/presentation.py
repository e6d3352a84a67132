"""What the summation page, the PDF and the "summation ready" email show: the stored figures,
read in one language, the sections the reader's role may see."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.permissions import Perm, can
from core.weeks import Week
from summations.models import Summation
from summations.sections import Audience, Figure, Section, thaw

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


def presentation(summation: Summation, language: str, audiences=EVERY_AUDIENCE) -> dict:
    """Template context for a summation's figures, in `language` (already active)."""
    sections, withheld = readable_sections(summation, language, audiences)
    return {
        "summation": summation,
        "sections": sections,
        "headlines": [figure for section in sections for figure in section.headlines],
        "withheld_sections": withheld,
        "week_labels": week_labels(summation.figures or {}),
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
