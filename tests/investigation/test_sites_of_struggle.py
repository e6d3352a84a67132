"""The sites-of-struggle ranking: counts, distinct contacts, contacts drawn in, mean severity,
change against the previous period, drill-down, CSV, and a fixed number of queries."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investigation.models import Grievance
from investigation.ranking import ranking_changed
from tests.factories.contacts import ContactFactory, development_level
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    GrievanceFactory,
    category,
)

pytestmark = pytest.mark.django_db


def _rank(**kwargs):
    return list(Grievance.objects.sites_of_struggle(**kwargs))


def _named_grievances(n: int, **fields) -> list[Grievance]:
    """n grievances, each raised by a different person (anonymous ones count as nobody)."""
    return [GrievanceFactory(contact=ContactFactory(), **fields) for _ in range(n)]


def test_the_ranking_counts_grievances_people_and_change_for_the_period():
    towers, square = BaseAreaFactory(name="Broadway Towers"), BaseAreaFactory(name="Maverick Sq")
    rosa = ContactFactory(name="Rosa", development_level=development_level("Advanced"))
    juan = ContactFactory(name="Juan", development_level=development_level("Backward"))
    march = date(2025, 3, 10)
    GrievanceFactory(base_area=towers, contact=rosa, severity=3, recorded_on=march)
    GrievanceFactory(base_area=towers, contact=rosa, severity=2, recorded_on=march)
    GrievanceFactory(base_area=towers, contact=juan, severity=1, recorded_on=march)
    GrievanceFactory(base_area=towers, contact=None, severity=2, recorded_on=march)
    GrievanceFactory(base_area=square, contact=juan, severity=3, recorded_on=march)
    # The previous period (February): one at the towers, three at the square.
    GrievanceFactory(base_area=towers, recorded_on=date(2025, 2, 20))
    GrievanceFactory.create_batch(3, base_area=square, recorded_on=date(2025, 2, 1))
    GrievanceFactory(base_area=square, recorded_on=date(2025, 1, 1))  # before both periods

    rows = _rank(
        by="base_area",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        previous_start=date(2025, 1, 29),
    )
    assert [
        (r["key_name"], r["grievances"], r["contacts"], r["drawn_in"], r["change"]) for r in rows
    ] == [
        ("Broadway Towers", 4, 2, 1, 3),
        ("Maverick Sq", 1, 1, 0, -2),
    ]
    assert rows[0]["mean_severity"] == pytest.approx(2.0)
    assert rows[1]["previous_grievances"] == 3


def test_the_ranking_by_antagonist_and_category():
    landlord = AntagonistFactory(name="Harborview")
    employer = AntagonistFactory(name="FreshPak", kind="employer")
    day = date(2025, 3, 10)
    GrievanceFactory.create_batch(
        3, antagonist=landlord, recorded_on=day, category=category("Rent")
    )
    GrievanceFactory(antagonist=landlord, recorded_on=day, category=category("Repairs"))
    GrievanceFactory.create_batch(
        2, antagonist=employer, recorded_on=day, category=category("Unpaid wages")
    )
    GrievanceFactory(antagonist=None, recorded_on=day, category=category("Rent"))
    period = {
        "start": date(2025, 3, 1),
        "end": date(2025, 3, 31),
        "previous_start": date(2025, 1, 29),
    }
    rows = _rank(by="antagonist", **period)
    assert [(r["key_name"], r["grievances"]) for r in rows] == [("Harborview", 4), ("FreshPak", 2)]
    rent = _rank(by="antagonist", category=category("Rent"), **period)
    assert [(r["key_name"], r["grievances"]) for r in rent] == [("Harborview", 3)]


def test_the_page_ranks_and_drills_down_to_the_grievances(as_investigator):
    area = BaseAreaFactory(name="Broadway Towers")
    today = timezone.localdate()
    _named_grievances(2, base_area=area, recorded_on=today)
    response = as_investigator.get(
        reverse("investigation:sites_of_struggle"), {"by": "base_area", "threshold": 1}
    )
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert (row["key_name"], row["grievances"]) == ("Broadway Towers", 2)
    start = (today - timedelta(days=29)).isoformat()
    drill = (
        f"{reverse('investigation:grievance_list')}?base_area={area.pk}"
        f"&amp;recorded_after={start}&amp;recorded_before={today.isoformat()}"
    )
    assert drill in response.content.decode()
    drilled = as_investigator.get(
        reverse("investigation:grievance_list"),
        {"base_area": area.pk, "recorded_after": start, "recorded_before": today.isoformat()},
    )
    assert len(drilled.context["grievances"]) == 2


def test_a_custom_period_with_the_end_before_the_start_is_explained(as_investigator):
    response = as_investigator.get(
        reverse("investigation:sites_of_struggle"),
        {"period": "custom", "start": "2025-03-31", "end": "2025-03-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == ["The last day is before the first."]


def test_the_csv_download_is_the_table(as_member):
    GrievanceFactory.create_batch(
        3, base_area=BaseAreaFactory(name="Broadway Towers"), recorded_on=timezone.localdate()
    )
    response = as_member.get(
        reverse("investigation:sites_of_struggle"), {"format": "csv", "by": "base_area"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Base area", "People", "Grievances"]
    assert rows[1][:3] == ["Broadway Towers", "0", "3"]
    assert rows[1][-1] == "yes"  # nobody named: to watch


def _page_queries(client) -> int:
    url = reverse("investigation:sites_of_struggle")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"period": "365", "category": ""}).status_code == 200
    return len(captured)


def _grievances(n: int, areas, antagonists, contacts) -> None:
    today = timezone.localdate()
    repairs = category("Repairs")
    Grievance.objects.bulk_create(
        [
            Grievance(
                base_area=areas[i % len(areas)],
                antagonist=antagonists[i % len(antagonists)] if i % 3 else None,
                contact=contacts[i % len(contacts)] if i % 4 else None,
                category=repairs,
                severity=1 + i % 3,
                recorded_on=today - timedelta(days=i % 700),
                description="",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def test_the_ranking_page_runs_the_same_queries_for_10_and_10000_grievances(as_investigator):
    areas = BaseAreaFactory.create_batch(40)
    antagonists = AntagonistFactory.create_batch(10)
    contacts = ContactFactory.create_batch(50, development_level=development_level("Advanced"))
    _grievances(10, areas, antagonists, contacts)
    with_10 = _page_queries(as_investigator)
    _grievances(9990, areas, antagonists, contacts)
    ranking_changed()  # as the services that record grievances do
    assert Grievance.objects.count() == 10000
    with_10000 = _page_queries(as_investigator)
    print(f"\nsites of struggle page: {with_10} queries with 10, {with_10000} with 10,000")
    assert with_10 == with_10000 <= 8


def test_the_ranking_is_read_from_the_cache_until_grievances_change(as_investigator):
    area = BaseAreaFactory(name="Broadway Towers")
    today = timezone.localdate()
    _named_grievances(2, base_area=area, recorded_on=today)
    url = reverse("investigation:sites_of_struggle") + "?by=base_area&threshold=1"
    as_investigator.get(url)  # computes and caches the ranking
    with CaptureQueriesContext(connection) as captured:
        [row] = as_investigator.get(url).context["rows"]
    assert row["grievances"] == 2
    assert not any('FROM "investigation_grievance" ' in q["sql"] for q in captured.captured_queries)

    _named_grievances(1, base_area=area, recorded_on=today)
    ranking_changed()
    [row] = as_investigator.get(url).context["rows"]
    assert row["grievances"] == 3


def test_the_page_shows_fifty_sites_at_a_time_and_the_csv_all_of_them(as_member):
    today = timezone.localdate()
    for n in range(51):
        _named_grievances(1, base_area=BaseAreaFactory(name=f"Building {n:02d}"), recorded_on=today)
    url = reverse("investigation:sites_of_struggle") + "?by=base_area&threshold=1"
    first = as_member.get(url)
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == 51
    assert len(as_member.get(url + "&page=2").context["rows"]) == 1
    rows = list(csv.reader(io.StringIO(as_member.get(url + "&format=csv").content.decode())))
    assert len(rows) == 52  # the header and every site


def test_the_rendered_table_follows_the_ranking_and_the_reader(as_investigator, as_member):
    """The table is rendered once per ranking, page, language and kind of reader: a member
    never gets the investigator's drill-down links, and a new grievance shows at once."""
    area = BaseAreaFactory(name="Broadway Towers")
    today = timezone.localdate()
    _named_grievances(2, base_area=area, recorded_on=today)
    url = reverse("investigation:sites_of_struggle") + "?by=base_area&threshold=1"
    drill = f"{reverse('investigation:grievance_list')}?base_area={area.pk}"

    def table(client) -> str:
        page = client.get(url).content.decode()
        return page.split('<table class="ranking">', 1)[1].split("</table>", 1)[0]

    assert drill in table(as_investigator)
    member_table = table(as_member)
    assert "Broadway Towers" in member_table and drill not in member_table
    assert drill in table(as_investigator)

    _named_grievances(1, base_area=area, recorded_on=today)
    ranking_changed()
    assert "<td>3</td>" in table(as_member)
