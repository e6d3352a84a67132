"""The server-side SVG bar charts: one bar per week, the summation's week in colour, text
escaped, gaps for weeks with nothing to measure."""

import re
import xml.etree.ElementTree as ET

from summations.charts import BAR, CURRENT, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - our own markup


def _bars(svg: ET.Element) -> list[ET.Element]:
    return svg.findall(f"{SVG}rect")


def test_it_draws_one_bar_per_week_scaled_to_the_highest():
    svg = _parse(bar_chart([1, 2, 4], title="New contacts", width=120, height=40))
    bars = _bars(svg)
    assert len(bars) == 3
    heights = [float(b.get("height")) for b in bars]
    assert heights[2] == 36  # the highest fills the plot (40 less 2 + 2 of padding)
    assert heights[0] == 9
    assert [b.get("fill") for b in bars] == [BAR, BAR, CURRENT]
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "New contacts"


def test_a_week_with_nothing_to_measure_leaves_a_gap():
    bars = _bars(_parse(bar_chart([None, 50.0, None, 25.0], title="Share")))
    assert len(bars) == 2


def test_negative_values_hang_below_the_zero_line():
    svg = _parse(bar_chart([3, -1], title="Moved up or down", width=100, height=42))
    line = svg.find(f"{SVG}line")
    up, down = _bars(svg)
    zero = float(line.get("y1"))
    assert float(up.get("y")) + float(up.get("height")) == zero
    assert float(down.get("y")) == zero


def test_all_zero_weeks_put_the_line_at_the_foot():
    svg = _parse(bar_chart([0, 0, 0], title="Nothing", height=40))
    assert float(svg.find(f"{SVG}line").get("y1")) == 38
    assert _bars(svg) == [] or all(float(b.get("height")) == 0 for b in _bars(svg))


def test_text_in_a_chart_is_escaped():
    markup = bar_chart(
        [1], title='<script>alert("x")</script>', top_label="a & b", left_label="<i>"
    )
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "a &amp; b" in markup
    _parse(markup)  # still well-formed XML


def test_a_chart_has_no_style_attribute_or_script_for_the_csp():
    markup = bar_chart([1, 2, 3], title="t", top_label="max 3", left_label="a", right_label="b")
    assert not re.search(r"\sstyle=|<script|\son\w+=", markup)


def test_figures_read_the_same_way_on_the_page_and_in_the_pdf():
    from django.utils import translation

    from summations.sections import Figure, Kind
    from summations.templatetags.summations import figure_change, figure_value

    assert figure_value(1234) == "1,234"
    assert figure_value(45.25, Kind.PERCENT) == "45.2%"
    assert figure_value(12.5, Kind.HOURS) == "12.5 h"
    assert figure_value(1234.5, Kind.MONEY) == "$1,234.50"
    assert figure_value(None) == "–"
    assert figure_value("Elm Street") == "Elm Street"
    assert figure_change(Figure.from_trend("n", [5, 3])) == "−2"
    assert figure_change(Figure.from_trend("n", [3, 3])) == "±0"
    assert figure_change(Figure.from_trend("s", [40.0, 42.5], Kind.PERCENT)) == "+2.5 pts"
    assert figure_change(Figure.from_trend("h", [14.0, 17.6], Kind.HOURS)) == "+3.6 h"
    assert figure_change(Figure.from_trend("m", [0.0, 84.15], Kind.MONEY)) == "+$84.15"
    assert figure_change(Figure.from_trend("m", [90.0, 12.5], Kind.MONEY)) == "−$77.50"
    assert figure_value(3, Kind.CHANGE) == "+3"
    assert figure_value(-2, Kind.CHANGE) == "−2"
    assert figure_value(0, Kind.CHANGE) == "±0"
    with translation.override("es"):
        assert figure_value(45.25, Kind.PERCENT) == "45,2 %"
