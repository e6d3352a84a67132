"""Formatting a summation's figures the same way on the page and in the PDF."""

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from summations.charts import bar_chart
from summations.sections import Figure, Kind

register = template.Library()

NO_VALUE = "–"


@register.filter
def figure_value(value, kind: str = Kind.COUNT) -> str:
    """A figure's number as it reads: 1,234 · 45.2% · 12.5 h · $1,234.50."""
    if value is None:
        return NO_VALUE
    if isinstance(value, str):
        return value  # a table cell that is a name, not a number
    kind = Kind(kind)
    if kind == Kind.CHANGE:
        return signed(value)
    if kind == Kind.PERCENT:
        return _("%(value)s%%") % {"value": formats.number_format(value, 1, force_grouping=True)}
    if kind == Kind.HOURS:
        return _("%(value)s h") % {"value": formats.number_format(value, 1, force_grouping=True)}
    if kind == Kind.MONEY:
        return _("$%(value)s") % {"value": formats.number_format(value, 2, force_grouping=True)}
    decimals = 0 if float(value).is_integer() else 1
    return formats.number_format(value, decimals, force_grouping=True)


def signed(change, kind: Kind = Kind.COUNT) -> str:
    """A difference with its sign: +3 · −2 · ±0 · +3.5 h · −$12.50 · +4.2 pts."""
    if change is None:
        return NO_VALUE
    if change == 0:
        return "±0"
    sign = "+" if change > 0 else "−"
    if kind == Kind.MONEY:
        return sign + figure_value(abs(change), kind)
    if kind == Kind.HOURS:
        return sign + figure_value(round(abs(change), 1), kind)
    decimals = 0 if float(change).is_integer() else 1
    number = formats.number_format(abs(change), decimals, force_grouping=True)
    if kind == Kind.PERCENT:
        return _("%(sign)s%(value)s pts") % {"sign": sign, "value": number}
    return f"{sign}{number}"


@register.filter
def figure_change(figure: Figure) -> str:
    """This week against the previous one, as the figure reads (percentage points for
    shares)."""
    return signed(figure.change, figure.kind)


CHART_AT_LEAST_WEEKS = 2  # one bar is no trend: the figure and its previous week say it


@register.simple_tag
def trend_chart(
    figure: Figure, week_labels: list[str], width: int = 240, height: int = 72, start: int = 0
):
    """The figure's trend as an SVG bar chart, the summation's week in colour, from its own
    first week with a figure (and not before week `start`, see presentation.chart_start).
    Nothing at all, not an empty frame, when there is nothing to draw or too few weeks for a
    trend."""
    first = next((n for n, value in enumerate(figure.trend) if value), len(figure.trend))
    start = max(start, first)  # this figure's first week with something to show
    trend = figure.trend[start:]
    labels = week_labels[start:]
    numbers = [v for v in trend if v is not None]
    if len(trend) < CHART_AT_LEAST_WEEKS:
        return ""
    return bar_chart(
        trend,
        title=_("%(label)s, last %(count)s weeks: %(values)s")
        % {
            "label": figure.label,
            "count": len(trend),
            "values": ", ".join(figure_value(v, figure.kind) for v in trend),
        },
        top_label=_("max %(value)s") % {"value": figure_value(max(numbers), figure.kind)},
        left_label=labels[0] if labels else "",
        right_label=labels[-1] if labels else "",
        width=width,
        height=height,
    )


@register.simple_tag
def charted_weeks(week_labels: list[str], start: int = 0) -> int:
    """How many weeks the trend charts show (0: too few for charts)."""
    weeks = len(week_labels) - start
    return weeks if weeks >= CHART_AT_LEAST_WEEKS else 0
