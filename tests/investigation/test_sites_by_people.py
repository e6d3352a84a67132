"""Sites of struggle are (base area, antagonist) pairs ranked by distinct people: planted sites
among noise come first, one loud person does not, and every reader gets the same figures."""

import csv
import io
import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from investigation.models import Grievance
from investigation.ranking import (
    one_decimal,
    page_of_sites,
    ranked_and_watched,
    sites_of_struggle,
)
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, category

pytestmark = pytest.mark.django_db

URL = reverse("investigation:sites_of_struggle")


def _grievance(area, antagonist, contact, *, days_ago=0, severity=2) -> Grievance:
    return Grievance(
        base_area=area,
        antagonist=antagonist,
        contact=contact,
        category=category("Repairs"),
        severity=severity,
        recorded_on=timezone.localdate() - timedelta(days=days_ago),
        description="",
    )


def _period() -> dict:
    end = timezone.localdate()
    start = end - timedelta(days=29)
    return {"start": start, "end": end, "previous_start": start - timedelta(days=30)}


@pytest.fixture
def planted():
    """Three planted sites (12, 10 and 8 different people against one landlord each), hidden
    among 40 areas and 30 antagonists of noise (one or two people each), and one person who
    came back 70 times about their own building."""
    rng = random.Random(12)
    areas = BaseAreaFactory.create_batch(40)
    antagonists = AntagonistFactory.create_batch(30)
    people = ContactFactory.create_batch(60)
    rows = []
    sites = []
    for n, size in enumerate((12, 10, 8)):
        area, landlord = areas[n], antagonists[n]
        sites.append((area.pk, landlord.pk))
        rows += [_grievance(area, landlord, person) for person in people[:size]]
    for _ in range(120):  # noise: scattered pairs, one or two people each
        rows.append(
            _grievance(rng.choice(areas[4:]), rng.choice(antagonists[4:]), rng.choice(people[:2]))
        )
    loud_area, loud_landlord = areas[3], antagonists[3]
    loud = ContactFactory()
    rows += [_grievance(loud_area, loud_landlord, loud, severity=3) for _ in range(70)]
    Grievance.objects.bulk_create(rows)
    return {"sites": sites, "loud": (loud_area.pk, loud_landlord.pk)}


def _pairs(rows) -> list[tuple[int, int]]:
    return [(row["key_id"], row["antagonist_key"]) for row in rows]


def test_the_planted_sites_lead_the_people_ranking_and_the_loud_voice_is_only_watched(planted):
    rows = sites_of_struggle(by="site", **_period())
    ranked, watched = ranked_and_watched(rows, 3)
    assert _pairs(ranked[:3]) == planted["sites"]
    assert planted["loud"] not in _pairs(ranked)
    assert planted["loud"] in _pairs(watched)
    assert [row["contacts"] for row in ranked[:3]] == [12, 10, 8]


def test_ordered_by_grievances_the_loud_site_is_first_so_the_figures_are_honest(planted):
    rows = sites_of_struggle(by="site", order="grievances", **_period())
    assert _pairs(rows)[0] == planted["loud"]
    assert rows[0]["grievances"] == 70 and rows[0]["contacts"] == 1


def test_repeating_yourself_never_moves_a_site_up_the_people_ranking():
    area_a, area_b = BaseAreaFactory(name="A"), BaseAreaFactory(name="B")
    landlord = AntagonistFactory()
    three = ContactFactory.create_batch(3)
    Grievance.objects.bulk_create(
        [_grievance(area_a, landlord, person) for person in three]
        + [_grievance(area_b, landlord, three[0]) for _ in range(2)]
    )
    before = [row["key_name"] for row in sites_of_struggle(by="site", **_period())]
    Grievance.objects.bulk_create([_grievance(area_b, landlord, three[0]) for _ in range(50)])
    from investigation.ranking import ranking_changed

    ranking_changed()
    after = [row["key_name"] for row in sites_of_struggle(by="site", **_period())]
    assert before == after == ["A", "B"]


def test_anonymous_grievances_count_as_grievances_and_as_nobody():
    area, landlord = BaseAreaFactory(), AntagonistFactory()
    Grievance.objects.bulk_create([_grievance(area, landlord, None) for _ in range(5)])
    [row] = sites_of_struggle(by="site", **_period())
    assert (row["grievances"], row["contacts"]) == (5, 0)


def test_means_are_rounded_half_up_once_for_every_reader():
    assert str(one_decimal(2.25)) == "2.3"
    assert str(one_decimal(1.75)) == "1.8"
    assert str(one_decimal(2.0)) == "2.0"
    assert one_decimal(None) is None


def test_the_page_and_the_csv_agree_on_every_row_and_column(as_investigator):
    """Including a mean of 2.25 (four grievances: 3, 3, 2, 1), which the page used to round
    up and the CSV down."""
    area = BaseAreaFactory(name="Broadway Towers")
    landlord = AntagonistFactory(name="Harborview")
    other = AntagonistFactory(name="FreshPak")
    people = ContactFactory.create_batch(4)
    Grievance.objects.bulk_create(
        [
            _grievance(area, landlord, person, severity=severity)
            for person, severity in zip(people, (3, 3, 2, 1), strict=True)
        ]
        + [_grievance(area, other, people[0], severity=1, days_ago=40)]
        + [_grievance(area, other, people[1], severity=3)]
    )
    params = {"threshold": 1}
    page = as_investigator.get(URL, params)
    body = page.content.decode()
    csv_rows = list(
        csv.reader(
            io.StringIO(as_investigator.get(URL, params | {"format": "csv"}).content.decode())
        )
    )
    header, *data = csv_rows
    assert header[:3] == ["Base area", "Antagonist", "People"]
    assert len(data) == len(page.context["rows"]) == 2
    for row, line in zip(page.context["rows"], data, strict=True):
        assert line == [
            row["key_name"],
            row["antagonist_name"],
            str(row["contacts"]),
            str(row["grievances"]),
            str(row["drawn_in"]),
            str(row["mean_severity"]),
            str(row["previous_grievances"]),
            str(row["change"]),
            "",
            str(row["committees"]),
            str(row["open_demands"]),
            str(row["won_demands"]),
        ]
        assert f"<td>{row['mean_severity']}</td>" in body
    assert data[0][:6] == ["Broadway Towers", "Harborview", "4", "4", "0", "2.3"]


def test_a_threshold_below_one_is_explained_beside_the_field(as_investigator):
    response = as_investigator.get(URL, {"threshold": "0", "period": "custom", "start": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["threshold"] == ["Give at least 1 person."]
    assert 'value="x"' in response.content.decode()  # what was typed is kept


def test_a_threshold_below_one_is_explained_in_spanish(as_investigator, investigator):
    investigator.language = "es"
    investigator.save(update_fields=["language"])
    response = as_investigator.get(URL, {"threshold": "0"})
    assert response.context["form"].errors["threshold"] == ["Indica al menos 1 persona."]


def test_the_watch_list_holds_the_sites_below_the_threshold(as_member):
    area, landlord = BaseAreaFactory(name="Maverick Sq"), AntagonistFactory(name="Acme")
    Grievance.objects.bulk_create([_grievance(area, landlord, ContactFactory())])
    response = as_member.get(URL)
    assert response.context["rows"] == []
    assert [row["key_name"] for row in response.context["watched"]] == ["Maverick Sq"]
    assert "To watch" in response.content.decode()


def test_each_site_says_whether_a_committee_works_there_and_offers_to_start_one(
    as_investigator, as_member, investigator
):
    from investigation import services
    from investigation.models import Demand

    towers, square = BaseAreaFactory(name="Broadway Towers"), BaseAreaFactory(name="Maverick Sq")
    landlord = AntagonistFactory(name="Harborview")
    people = ContactFactory.create_batch(3)
    Grievance.objects.bulk_create(
        [_grievance(area, landlord, person) for area in (towers, square) for person in people]
    )
    campaign = services.campaign_create(
        by=investigator, name="Towers tenants", base_area=towers, antagonist=landlord
    )
    for text, status, decided_on in (
        ("Fix the boiler", Demand.Status.WON, timezone.localdate()),
        ("No rent rise", Demand.Status.PENDING, None),
    ):
        services.demand_save(
            campaign=campaign,
            by=investigator,
            text=text,
            grievances=[],
            status=status,
            decided_on=decided_on,
        )
    response = as_investigator.get(URL)
    rows = {row["key_name"]: row for row in response.context["rows"]}
    assert (rows["Broadway Towers"]["committees"], rows["Broadway Towers"]["open_demands"]) == (
        1,
        1,
    )
    assert rows["Broadway Towers"]["won_demands"] == 1
    assert rows["Maverick Sq"]["committees"] == 0
    body = response.content.decode()
    assert "No committee yet: go here next" in body
    start = (
        f"{reverse('investigation:campaign_create')}?base_area={square.pk}"
        f"&amp;antagonist={landlord.pk}"
    )
    assert start in body
    assert start not in as_member.get(URL).content.decode()  # members may read, not start
    started = as_investigator.get(
        reverse("investigation:campaign_create"),
        {"base_area": square.pk, "antagonist": landlord.pk},
    )
    assert started.context["form"].initial == {
        "base_area": square.pk,
        "antagonist": landlord.pk,
        "name": "Maverick Sq · Harborview",
        "description": "Grievances raised here: Repairs (3).",
    }


@pytest.mark.parametrize("by", ["site", "antagonist"])
@pytest.mark.parametrize("order", ["people", "grievances"])
@pytest.mark.parametrize(("threshold", "shown"), [(3, 5), (3, 0), (2, 200), (100, 4)])
def test_a_page_of_sites_is_the_whole_rankings_own_rows(planted, by, order, threshold, shown):
    """The page and the dashboard ask the database for the ranked rows and the first to
    watch only: the same rows, figures and order as the whole ranking split afterwards."""
    everything = sites_of_struggle(by=by, order=order, **_period())
    ranked, watched = ranked_and_watched(everything, threshold)
    assert watched  # the planted noise always leaves sites to watch
    page = page_of_sites(by=by, order=order, threshold=threshold, watched=shown, **_period())
    assert page == (ranked, watched[:shown], len(watched))


def test_a_page_of_an_empty_ranking_is_empty():
    assert page_of_sites(by="site", threshold=3, watched=50, **_period()) == ([], [], 0)


def test_the_page_shows_the_first_places_to_watch_and_the_csv_lists_them_all(planted, as_member):
    everything = sites_of_struggle(by="site", **_period())
    _ranked, watched = ranked_and_watched(everything, 3)
    assert len(watched) > 20
    response = as_member.get(URL)
    shown = response.context["watched"]
    assert _pairs(shown) == _pairs(watched[:20])
    assert response.context["watched_count"] == len(watched)
    page = response.content.decode()
    assert f"{len(watched)} places have grievances from fewer people" in page
    assert "The 20 with the most people are shown; the CSV lists them all." in page
    download = as_member.get(URL, {"format": "csv"}).content.decode()
    to_watch = [line for line in csv.reader(io.StringIO(download)) if line[-4] == "yes"]
    assert len(to_watch) == len(watched)
