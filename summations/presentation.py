"""What the summation page and the PDF both show: the stored figures, read in one language."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from summations.models import Summation
from summations.sections import Section, thaw
from summations.weeks import Week


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


def presentation(summation: Summation, language: str) -> dict:
    """Template context for a summation's figures, in `language` (already active)."""
    figures = summation.figures or {}
    sections: list[Section] = [thaw(data, language) for data in figures.get("sections", [])]
    return {
        "summation": summation,
        "sections": sections,
        "week_labels": week_labels(figures),
        "period_label": period_label(summation.period),
    }
