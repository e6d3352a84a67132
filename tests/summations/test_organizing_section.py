"""The organizing section: campaigns active and formed, demands won and lost, actions and
their turnout, with this week's actions and decided demands as tables."""

from datetime import timedelta

import pytest
from django.utils import translation

from investigation.models import Campaign, CampaignAction, Demand
from summations.sections import Audience, freeze, thaw
from summations.sections.organizing import organizing_section
from tests.factories.investigation import BaseAreaFactory, CampaignFactory
from tests.summations.conftest import WEEK

MONDAY = WEEK.monday


def day(offset: int):
    return MONDAY + timedelta(days=offset)


def figure(section, key):
    return next(f for f in section.figures if f.key == key)


@pytest.mark.django_db
def test_it_counts_campaigns_demands_actions_and_turnout_per_week():
    area = BaseAreaFactory(name="Maverick Square Apartments")
    tenants = CampaignFactory(
        name="Maverick Square Tenants' Committee", base_area=area, started_on=day(-30)
    )
    CampaignFactory(name="Warehouse committee", base_area=area, started_on=day(3))
    CampaignFactory(
        name="Closed committee", base_area=area, started_on=day(-60), status=Campaign.Status.CLOSED
    )
    Demand.objects.create(
        campaign=tenants, text="Fix the heat", status="won", decided_on=day(2), position=1
    )
    Demand.objects.create(
        campaign=tenants, text="No rent increase", status="lost", decided_on=day(4), position=2
    )
    Demand.objects.create(
        campaign=tenants, text="Repair the elevator", status="won", decided_on=day(-5)
    )
    Demand.objects.create(campaign=tenants, text="Pending one", status="pending")
    for held_on, kind, turnout in (
        (day(1), "meeting", 14),
        (day(5), "petition", 63),
        (day(-2), "delegation", 9),
    ):
        CampaignAction.objects.create(campaign=tenants, kind=kind, held_on=held_on, turnout=turnout)

    section = organizing_section(WEEK)

    assert section.audience == Audience.AGGREGATES
    active = figure(section, "campaigns_active")
    assert (active.this_week, active.previous_week) == (2, 1)
    formed = figure(section, "campaigns_formed")
    assert (formed.this_week, formed.previous_week) == (1, 0)
    won, lost = figure(section, "demands_won"), figure(section, "demands_lost")
    assert (won.this_week, won.previous_week, lost.this_week) == (1, 1, 1)
    actions, turnout = figure(section, "actions"), figure(section, "turnout")
    assert (actions.this_week, actions.previous_week) == (2, 1)
    assert (turnout.this_week, turnout.previous_week) == (77, 9)

    actions_table, demands_table = section.tables
    assert actions_table.text_columns == 2
    spanish = thaw(freeze(section), "es")
    assert spanish.tables[0].rows == (
        ("Maverick Square Tenants' Committee", "Reunión", 1, 14),
        ("Maverick Square Tenants' Committee", "Petición", 1, 63),
    )
    with translation.override("en"):
        assert [tuple(map(str, row)) for row in demands_table.rows] == [
            ("Maverick Square Tenants' Committee", "Fix the heat", "Won"),
            ("Maverick Square Tenants' Committee", "No rent increase", "Lost"),
        ]
