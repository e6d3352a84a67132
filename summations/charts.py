"""Small SVG bar charts drawn on the server, for the summation page and its PDF.

Pure Python, no JavaScript, no library: a chart is a string of SVG markup, the same in the
browser and in WeasyPrint. Every piece of text in it is escaped here."""

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

BAR = "#a3a3a3"
CURRENT = "#8a1c1c"  # the week the summation is about: the last bar
AXIS = "#555555"
TEXT = "#1a1a1a"
FONT = "DejaVu Sans, sans-serif"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def bar_chart(
    values: Sequence[float | int | None],
    *,
    title: str,
    top_label: str = "",
    left_label: str = "",
    right_label: str = "",
    width: int = 240,
    height: int = 72,
) -> SafeString:
    """One bar per value, oldest first; the last bar stands out. Negative values hang below
    the zero line; a None (nothing to measure that week) leaves a gap.

    `title` names the chart for screen readers; `top_label` (e.g. the highest value) is
    printed top left, `left_label` and `right_label` (e.g. the first and last weeks) under
    the bars."""
    font_size = 10
    top = font_size + 2 if top_label else 2
    bottom = font_size + 4 if (left_label or right_label) else 2
    plot = height - top - bottom
    numbers = [v for v in values if v is not None]
    high, low = max([0, *numbers]), min([0, *numbers])
    span = high - low
    zero = top + plot * high / span if span else top + plot  # all zero: the line at the foot
    span = span or 1
    slot = width / max(len(values), 1)
    bar = slot * 0.72

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, value in enumerate(values):
        if value is None:
            continue
        size = plot * abs(value) / span
        if value and size < 1.5:
            size = 1.5  # a small but non-zero week stays visible
        y = zero - size if value >= 0 else zero
        fill = CURRENT if index == len(values) - 1 else BAR
        parts.append(
            f'<rect x="{_n(index * slot + (slot - bar) / 2)}" y="{_n(y)}" '
            f'width="{_n(bar)}" height="{_n(size)}" fill="{fill}"/>'
        )
    parts.append(
        f'<line x1="0" y1="{_n(zero)}" x2="{width}" y2="{_n(zero)}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    text = f'font-family="{FONT}" font-size="{font_size}" fill="{TEXT}"'
    if top_label:
        parts.append(f'<text x="0" y="{font_size}" {text}>{escape(top_label)}</text>')
    if left_label:
        parts.append(f'<text x="0" y="{height - 2}" {text}>{escape(left_label)}</text>')
    if right_label:
        parts.append(
            f'<text x="{width}" y="{height - 2}" text-anchor="end" {text}>'
            f"{escape(right_label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built here from numbers and escaped text
