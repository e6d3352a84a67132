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


@register.simple_tag
def trend_chart(figure: Figure, week_labels: list[str], width: int = 240, height: int = 72):
    """The figure's 12-week trend as an SVG bar chart, the summation's week in colour."""
    numbers = [v for v in figure.trend if v is not None]
    return bar_chart(
        figure.trend,
        title=_("%(label)s, last %(count)s weeks: %(values)s")
        % {
            "label": figure.label,
            "count": len(figure.trend),
            "values": ", ".join(figure_value(v, figure.kind) for v in figure.trend),
        },
        top_label=_("max %(value)s") % {"value": figure_value(max(numbers), figure.kind)}
        if any(numbers)
        else "",
        left_label=week_labels[0] if week_labels else "",
        right_label=week_labels[-1] if week_labels else "",
        width=width,
        height=height,
    )
