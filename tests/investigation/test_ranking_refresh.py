"""After a grievance, the worker computes again the rankings readers open first
(investigation.ranking.refresh), so the first reader finds them ready: the sites page on each
tab and the dashboard's panel read them without a ranking query. A reader ahead of the worker,
or asking for another reading, computes the same figures in its request."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investigation import ranking, services
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, category

pytestmark = pytest.mark.django_db

GRIEVANCES = 'FROM "investigation_grievance"'


def _ranking_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if GRIEVANCES in q["sql"]]


def _site_of(people: int, by, *, area=None, landlord=None) -> tuple:
    """`people` different contacts each raising one grievance today at one site."""
    area = area or BaseAreaFactory(name="Broadway Towers")
    landlord = landlord or AntagonistFactory(name="Sunrise Holdings")
    for _ in range(people):
        services.grievance_record(
            by=by,
            base_area=area,
            category=category("Repairs"),
            contact=ContactFactory(),
            antagonist=landlord,
        )
    return area, landlord


def _site_reading() -> dict:
    return next(reading for reading in ranking.first_readings() if reading["by"] == "site")


def test_the_first_readings_are_the_pages_defaults_on_each_tab():
    today = timezone.localdate()
    readings = ranking.first_readings()
    assert [reading["by"] for reading in readings] == ["site", "base_area", "antagonist"]
    for reading in readings:
        assert reading["end"] == today
        assert reading["start"] == today - timedelta(days=ranking.DEFAULT_DAYS - 1)
        assert reading["previous_start"] == today - timedelta(days=2 * ranking.DEFAULT_DAYS - 1)
        assert (reading["order"], reading["category"], reading["within"]) == (
            "people",
            None,
            None,
        )
        assert reading["threshold"] == ranking.watch_below()
        assert reading["watched"] == ranking.WATCHED_ROWS


def test_the_refresh_computes_each_first_reading_once_per_change(investigator):
    _site_of(3, investigator)
    assert ranking.refresh() == 3
    assert ranking.refresh() == 0  # nothing changed: nothing computed again
    ranking.new_version()
    assert ranking.refresh() == 3


def test_after_the_refresh_the_page_and_the_panel_read_no_grievance(as_investigator, investigator):
    area, landlord = _site_of(3, investigator)
    ranking.refresh()
    with CaptureQueriesContext(connection) as captured:
        page = as_investigator.get(reverse("investigation:sites_of_struggle"))
        tab = as_investigator.get(reverse("investigation:sites_of_struggle") + "?by=base_area")
        dashboard = as_investigator.get(reverse("dashboard:home"))
    assert _ranking_queries(captured) == []
    [site] = page.context["rows"]
    assert (site["key_name"], site["antagonist_name"], site["contacts"]) == (
        "Broadway Towers",
        "Sunrise Holdings",
        3,
    )
    assert [row["key_name"] for row in tab.context["rows"]] == ["Broadway Towers"]
    assert "Sunrise Holdings" in dashboard.content.decode()


def test_a_reading_the_worker_does_not_compute_is_computed_by_its_reader(
    as_investigator, investigator
):
    _site_of(3, investigator)
    ranking.refresh()
    with CaptureQueriesContext(connection) as captured:
        page = as_investigator.get(reverse("investigation:sites_of_struggle") + "?period=90")
    assert len(_ranking_queries(captured)) == 1
    assert page.context["rows"][0]["contacts"] == 3


@pytest.mark.django_db(transaction=True)
def test_a_recorded_grievance_has_the_real_worker_compute_the_ranking_again(
    celery_worker, investigator
):
    area, landlord = _site_of(2, investigator)  # committed: the worker computes 2 people
    with transaction.atomic():
        _site_of(1, investigator, area=area, landlord=landlord)
        # Not yet committed: nothing is offered to the worker before the grievance is there.
    deadline = timezone.now() + timedelta(seconds=20)
    while timezone.now() < deadline and cache.get(ranking.page_key(**_site_reading())) is None:
        pass
    assert cache.get(ranking.page_key(**_site_reading())) is not None
    with CaptureQueriesContext(connection) as captured:
        ranked, _watched, _count = ranking.page_of_sites(**_site_reading())
    assert _ranking_queries(captured) == []  # the worker's figures, read from the cache
    assert [(row["key_name"], row["contacts"]) for row in ranked] == [("Broadway Towers", 3)]


def _table(response) -> str:
    page = response.content.decode()
    return page.split('<table class="ranking">', 1)[1].split("</table>", 1)[0]


def _rendered_here(response) -> bool:
    return "investigation/includes/ranking_table.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_worker_renders_the_sites_table_each_reader_gets(
    language, as_investigator, investigator, as_member, member
):
    """The sites tab's first page, rendered ahead by the worker, is the very table the page
    renders itself, for a reader with the drill-down and committee links and one without,
    in either language."""
    from investigation.tasks import refresh_rankings

    for user in (investigator, member):
        user.language = language
        user.save()
    _site_of(3, investigator)
    url = reverse("investigation:sites_of_struggle")
    ranking.new_version()  # computed and rendered by the request itself
    by_the_page = {
        who: as_who.get(url) for who, as_who in (("i", as_investigator), ("m", as_member))
    }
    assert all(_rendered_here(response) for response in by_the_page.values())

    ranking.new_version()
    assert refresh_rankings() == 3 + 8
    for who, as_who in (("i", as_investigator), ("m", as_member)):
        response = as_who.get(url)
        assert not _rendered_here(response)  # read from the cache, as the worker left it
        assert _table(response) == _table(by_the_page[who])
    links = reverse("investigation:campaign_create")
    assert links in _table(by_the_page["i"]) and links not in _table(by_the_page["m"])
    assert ("Personas" if language == "es" else "People") in _table(by_the_page["m"])
