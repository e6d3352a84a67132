"""Nested base areas roll up at any depth: a neighbourhood's row counts its blocks and the
buildings in those blocks, each person once; the page opens one level at a time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import BaseArea
from investigation.areas import AreaTree
from investigation.models import Campaign, Grievance
from investigation.ranking import sites_of_struggle
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, category

pytestmark = pytest.mark.django_db

URL = reverse("investigation:sites_of_struggle")


def _grievance(area, contact, *, antagonist=None) -> Grievance:
    return Grievance.objects.create(
        base_area=area,
        antagonist=antagonist,
        contact=contact,
        category=category("Repairs"),
        severity=2,
        recorded_on=timezone.localdate(),
        description="",
    )


def _period() -> dict:
    end = timezone.localdate()
    start = end - timedelta(days=29)
    return {"start": start, "end": end, "previous_start": start - timedelta(days=30)}


@pytest.fixture
def tree():
    """Eagle Hill (a neighbourhood) holds Block 4, which holds two buildings; Jeffries Point
    stands alone. Marta raised grievances in both buildings, Joe in one and at the block,
    Ana at the neighbourhood itself; Luis in Jeffries Point."""
    hood = BaseAreaFactory(name="Eagle Hill", kind=BaseArea.Kind.NEIGHBOURHOOD)
    block = BaseAreaFactory(name="Block 4", kind=BaseArea.Kind.OTHER, parent=hood)
    north = BaseAreaFactory(name="12 Trenton St", parent=block)
    south = BaseAreaFactory(name="40 Eagle St", parent=block)
    alone = BaseAreaFactory(name="Jeffries Point", kind=BaseArea.Kind.NEIGHBOURHOOD)
    marta, joe, ana, luis = ContactFactory.create_batch(4)
    _grievance(north, marta)
    _grievance(south, marta)
    _grievance(south, joe)
    _grievance(block, joe)
    _grievance(hood, ana)
    _grievance(alone, luis)
    return {"hood": hood, "block": block, "north": north, "south": south, "alone": alone}


def _figures(rows) -> dict:
    return {row["key_name"]: (row["contacts"], row["grievances"]) for row in rows}


def test_the_top_level_counts_every_depth_and_each_person_once(tree):
    rows = sites_of_struggle(by="base_area", **_period())
    # Marta's two buildings count her once; Joe's building and block count him once.
    assert _figures(rows) == {"Eagle Hill": (3, 5), "Jeffries Point": (1, 1)}
    assert [row["has_areas_within"] for row in rows] == [True, False]


def test_opening_a_neighbourhood_shows_its_blocks_and_what_was_recorded_at_it(tree):
    rows = sites_of_struggle(by="base_area", within=tree["hood"], **_period())
    assert _figures(rows) == {"Block 4": (2, 4), "Eagle Hill": (1, 1)}
    itself = next(row for row in rows if row["key_id"] == tree["hood"].pk)
    assert itself["itself"] is True
    assert itself["has_areas_within"] is False


def test_opening_a_block_shows_its_buildings(tree):
    rows = sites_of_struggle(by="base_area", within=tree["block"], **_period())
    assert _figures(rows) == {"12 Trenton St": (1, 1), "40 Eagle St": (2, 2), "Block 4": (1, 1)}


def test_the_page_opens_one_level_at_a_time_with_the_way_back(as_member, tree):
    top = as_member.get(URL, {"by": "base_area", "threshold": 1})
    assert _figures(top.context["rows"]) == {"Eagle Hill": (3, 5), "Jeffries Point": (1, 1)}
    assert f"within={tree['hood'].pk}" in top.content.decode()
    # A member reads counts only: no link to the grievances behind a row.
    assert reverse("investigation:grievance_list") not in top.content.decode()

    block = as_member.get(URL, {"by": "base_area", "threshold": 1, "within": tree["block"].pk})
    page = block.content.decode()
    assert [area["name"] for area in block.context["trail"]] == ["Eagle Hill", "Block 4"]
    assert f"within={tree['hood'].pk}" in page  # back up to the neighbourhood
    assert "Block 4, recorded at it directly" in page
    assert _figures(block.context["rows"])["40 Eagle St"] == (2, 2)


def test_the_investigator_drills_from_a_rolled_up_row_to_all_its_grievances(as_investigator, tree):
    response = as_investigator.get(URL, {"by": "base_area", "threshold": 1})
    assert f"?within={tree['hood'].pk}&amp;recorded_after=" in response.content.decode()
    listed = as_investigator.get(
        reverse("investigation:grievance_list"), {"within": tree["hood"].pk}
    )
    assert len(listed.context["page"].object_list) == 5


def test_the_csv_gives_the_same_rolled_up_figures(as_investigator, tree):
    response = as_investigator.get(URL, {"by": "base_area", "threshold": 1, "format": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[1].startswith("Eagle Hill,3,5,")
    assert lines[2].startswith("Jeffries Point,1,1,")


def test_a_drill_down_in_spanish(as_member, member, tree):
    member.language = "es"
    member.save(update_fields=["language"])
    response = as_member.get(URL, {"by": "base_area", "threshold": 1, "within": tree["hood"].pk})
    page = response.content.decode()
    assert "Todas las áreas" in page
    assert "Eagle Hill, registrado allí directamente" in page


def test_sites_stay_where_the_grievances_were_recorded(tree):
    landlord = AntagonistFactory(name="Boston Realty")
    person = ContactFactory()
    _grievance(tree["north"], person, antagonist=landlord)
    [row] = sites_of_struggle(by="site", **_period())
    assert (row["key_name"], row["antagonist_name"]) == ("12 Trenton St", "Boston Realty")


def test_a_campaign_in_a_neighbourhood_answers_grievances_at_any_depth(tree):
    campaign = Campaign.objects.create(
        name="Eagle Hill tenants", base_area=tree["hood"], started_on=timezone.localdate()
    )
    assert Grievance.objects.answerable_by(campaign).count() == 5


def test_the_rolled_up_ranking_runs_the_same_queries_whatever_the_depth(
    as_member, tree, django_assert_max_num_queries
):
    params = {"by": "base_area", "threshold": 1, "within": tree["hood"].pk}
    as_member.get(URL, {"by": "base_area", "period": "7"})  # the session settles
    with django_assert_max_num_queries(9) as small:
        as_member.get(URL, params)
    deeper = tree["north"]
    for depth in range(6):
        deeper = BaseAreaFactory(name=f"Floor {depth}", parent=deeper)
        _grievance(deeper, ContactFactory())
    params["period"] = "90"  # not cached yet
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = as_member.get(URL, params)
    assert _figures(response.context["rows"])["Block 4"] == (8, 10)


@pytest.mark.parametrize("within", [None, "hood", "block"])
def test_the_groups_as_one_array_give_the_figures_of_the_case_over_ids(tree, within, monkeypatch):
    """PostgreSQL looks each grievance's group up in one array parameter; sparse ids (and
    other databases) take a CASE with one IN list per group. Both roll up alike."""
    from core import expressions

    area = tree[within] if within else None
    as_array = Grievance.objects.sites_of_struggle(
        by="base_area", **_period(), groups=AreaTree.load().groups(area and area.pk)
    )
    monkeypatch.setattr(expressions, "_SPARSE", 0)  # every id range counts as sparse
    as_case = Grievance.objects.sites_of_struggle(
        by="base_area", **_period(), groups=AreaTree.load().groups(area and area.pk)
    )
    assert as_array == as_case
    recorded = {None: 6, "hood": 5, "block": 4}[within]  # at the level opened and below
    assert sum(row["grievances"] for row in as_array) == recorded
