"""The overview that leads the summation, on the page and in the PDF: the week at a glance,
what it cost against what it built, the top sites of struggle, what each working group wrote,
on the PDF's first page; then the appendix, its sections folded on the page behind jump
links. A new organization's 12-week window draws what there is, never an empty chart."""

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from committees.models import WeeklyReport
from investigation.models import Antagonist
from summations import sections, services
from summations.models import Summation
from summations.pdf import TEMPLATE as PDF_TEMPLATE
from summations.presentation import EVERY_AUDIENCE, overview, presentation, readable_sections
from tests.factories.committees import WorkingGroupFactory
from tests.factories.distribution import ServeFactory, TapFactory
from tests.factories.investigation import GrievanceFactory, category
from tests.summations.conftest import WEEK, local, make_area, make_contact, stored_section

OVERVIEW_HEADINGS = (
    "The week at a glance",
    "What it cost, what it built",
    "Top sites of struggle",
    "What the working groups wrote",
)
APPENDIX = "Appendix: every figure, section by section"
SVG = "{http://www.w3.org/2000/svg}"


def page_text(path: str, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), path, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def squeezed(text: str) -> str:
    """pdftotext breaks lines where the PDF wraps them: compare text without line breaks."""
    return " ".join(text.split())


def a_site_of_struggle(people: int = 4, place: str = "Elm Street Tower") -> None:
    """`place` against Harborview: `people` tenants raised repairs this week."""
    area = make_area(place)
    landlord, _ = Antagonist.objects.get_or_create(name="Harborview Property Management")
    for n in range(people):
        contact = make_contact(at=local(2026, 11, 10, 18, 0), base_area=area, name=f"T{n}")
        GrievanceFactory(
            base_area=area,
            contact=contact,
            antagonist=landlord,
            category=category("Repairs"),
            recorded_on=WEEK.monday,
        )


def a_report(group: str, did: str, wrong: str = "", next_steps: str = "", *, by) -> None:
    WeeklyReport.objects.create(
        group=WorkingGroupFactory(name=group),
        iso_week=str(WEEK),
        what_we_did=did,
        what_went_wrong=wrong,
        next_steps=next_steps,
        written_by=by,
    )


@pytest.fixture
def a_week(db, lead):
    serve = ServeFactory(date=WEEK.monday, status="closed")
    for kind in ("household_new", "household_returning", "household_new"):
        TapFactory(serve=serve, kind=kind)
    a_site_of_struggle()
    a_report(
        "Outreach",
        "Door knocking at Elm Street Tower with the tenants.",
        "Two doors shut on us.",
        "A tenants' meeting on Thursday.",
        by=lead,
    )
    a_report("Collections", "Market pickup: nine crates of produce.", by=lead)


@pytest.mark.django_db
def test_the_pdfs_first_page_is_the_overview_and_the_appendix_starts_after_it(a_week):
    result = services.summation_build_now(week=WEEK, notify=False)

    first, second = page_text(result.paths["en"], 1), page_text(result.paths["en"], 2)
    one = squeezed(first)
    for heading in OVERVIEW_HEADINGS:
        assert heading in one, heading
    assert "Households served" in one  # at a glance
    assert "Volunteer hours per new contact" in one  # what it cost against what it built
    assert "Elm Street Tower · Harborview Property Management" in one  # the top site
    assert "Door knocking at Elm Street Tower with the tenants." in one  # what groups wrote
    assert "A tenants' meeting on Thursday." in one
    assert "Market pickup: nine crates of produce." in one
    assert APPENDIX not in one
    assert "Bags by type" not in one  # a table of the appendix
    two = squeezed(second)
    assert APPENDIX in two
    assert "The week at a glance" not in two
    assert re.search(r"Distribution \.+ ?\d", two)  # the contents, with page numbers

    spanish = squeezed(page_text(result.paths["es"], 1))
    assert "La semana de un vistazo" in spanish
    assert "Lo que escribieron los grupos de trabajo" in spanish
    assert "Door knocking at Elm Street Tower with the tenants." in spanish
    assert "Apéndice" not in spanish


@pytest.mark.django_db
def test_many_long_reports_are_shortened_so_the_overview_stays_on_one_page(lead):
    for n in range(7):  # five ranked, the most the overview shows
        a_site_of_struggle(people=3 + n, place=f"Tower {n}")
    long = "We knocked on every door of the building and talked about the heat. " * 25
    for n in range(8):
        a_report(f"Group {n}", f"Report {n}: {long}", long, long, by=lead)
    result = services.summation_build_now(week=WEEK, languages=("en",), notify=False)

    one = squeezed(page_text(result.paths["en"], 1))
    for heading in OVERVIEW_HEADINGS:
        assert heading in one, heading
    assert "Report 0: We knocked" in one
    assert "Shortened here; the full reports are in the appendix." in one
    assert "Also reported, in the appendix: Group 4, Group 5, Group 6, Group 7." in one
    assert "Tower 2 · Harborview Property Management" in one
    assert APPENDIX not in one
    assert APPENDIX in squeezed(page_text(result.paths["en"], 2))
    everything = squeezed(
        subprocess.run(
            ["pdftotext", result.paths["en"], "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    assert "Report 7: We knocked" in everything  # the full reports, in the appendix


@pytest.mark.django_db
def test_the_page_leads_with_the_overview_then_folded_sections_behind_jump_links(a_week, as_member):
    summation = Summation.objects.get(pk=services.summation_build_now(week=WEEK).summation_id)
    html = as_member.get(reverse("summations:detail", args=[summation.pk])).content.decode()

    figures = html[html.index('<div id="figures">') :]
    assert figures.index('class="overview"') < figures.index('class="appendix"')
    assert "Door knocking at Elm Street Tower with the tenants." in figures
    keys = [s["key"] for s in summation.figures["sections"]]
    assert len(keys) == len(sections.SECTIONS)
    for key in keys:
        assert f'<a href="#section-{key}">' in figures, key
        assert re.search(rf'<details class="summation-section" id="section-{key}">', figures), key
    assert " open" not in re.findall(r"<details[^>]*>", figures)[0]
    assert "summations/summation.js" in html


@pytest.mark.django_db
def test_a_driver_reads_an_overview_without_the_investigations_figures(a_week, as_driver):
    summation = Summation.objects.get(pk=services.summation_build_now(week=WEEK).summation_id)
    html = as_driver.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "The week at a glance" in html and "What the working groups wrote" in html
    assert "Volunteer hours, in all" in html  # the cost is every member's
    assert "Top sites of struggle" not in html
    assert "Harborview" not in html
    assert "Volunteer hours per new contact" not in html  # the ratios are aggregates


def _charts(html: str) -> list[ET.Element]:
    return [
        ET.fromstring(markup)  # noqa: S314 - our own markup
        for markup in re.findall(r"<svg .*?</svg>", html, flags=re.S)
    ]


def _rendered(summation: Summation) -> tuple[str, str]:
    """The page's figures and the PDF's HTML, as rendered from the snapshot."""
    with translation.override("en"):
        context = presentation(summation, "en", EVERY_AUDIENCE)
        page = render_to_string("summations/detail.html#figures", context)
        pdf = render_to_string(PDF_TEMPLATE, {**context, "language": "en"})
    return page, pdf


@pytest.mark.django_db
def test_one_week_of_data_in_a_12_week_window_draws_no_empty_chart(a_week):
    summation = Summation.objects.get(
        pk=services.summation_build_now(week=WEEK, languages=("en",)).summation_id
    )
    assert stored_section(summation, "distribution")["figures"][1]["trend"] == [0] * 11 + [3]

    for html in _rendered(summation):
        assert "trend-chart" not in html  # one week is no trend: no chart, and no frame
        assert "Households served" in html
    page, pdf = _rendered(summation)
    assert "Last 12 weeks" not in pdf


@pytest.mark.django_db
def test_charts_start_at_the_first_week_with_data_and_none_is_empty(a_week):
    earlier = ServeFactory(date=WEEK.previous.monday, status="closed")
    TapFactory(serve=earlier, kind="household_new")
    summation = Summation.objects.get(
        pk=services.summation_build_now(week=WEEK, languages=("en",)).summation_id
    )
    page, pdf = _rendered(summation)
    for html in (page, pdf):
        charts = _charts(html)
        assert charts
        for chart in charts:
            bars = chart.findall(f"{SVG}rect")
            assert bars and any(float(b.get("height")) > 0 for b in bars)
            assert len(bars) <= 2  # the two weeks with figures, not twelve
        assert "The charts begin in the week of Nov 2, the first with figures." in html
    assert "Last 2 weeks" in pdf


@pytest.mark.django_db
def test_a_version_2_snapshot_still_reads_with_its_top_sites_in_the_overview(as_member):
    """Before version 3 tables had no key: the overview finds the top sites by title."""
    investigation = {
        "key": "investigation",
        "title": {"en": "Investigation", "es": "Investigación"},
        "audience": "aggregates",
        "figures": [],
        "tables": [
            {
                "title": {
                    "en": "Top sites of struggle, last 4 weeks: a place and an antagonist, "
                    "by people",
                    "es": "Principales sitios de lucha",
                },
                "columns": ["Site", "People", "Grievances", "Drawn in", "Change"],
                "rows": [["Elm Street Tower · Harborview", 4, 6, 2, 3]],
                "text_columns": 1,
                "kinds": ["count", "count", "count", "change"],
            }
        ],
        "notes": [],
        "writings": [],
    }
    summation = Summation.objects.create(
        year=2026,
        week=46,
        build_status=Summation.BuildStatus.DONE,
        figures={
            "version": 2,
            "week": str(WEEK),
            "trend_weeks": [str(w) for w in WEEK.trend()],
            "sections": [investigation],
        },
    )
    shown, _withheld = readable_sections(summation, "en")
    sites = overview(shown).sites
    assert sites.columns == ("Site", "People", "Grievances", "Change")
    assert sites.rows == (("Elm Street Tower · Harborview", 4, 6, 3),)
    html = as_member.get(reverse("summations:detail", args=[summation.pk])).content.decode()
    assert "Top sites of struggle" in html
    assert "Elm Street Tower · Harborview" in html
