"""Campaigns (popular committees): demands linked to grievances, actions with turnout."""

from datetime import date

import pytest
from django.urls import reverse

from investigation.models import Campaign, CampaignAction, Demand
from tests.contacts.queries import assert_fixed_queries
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    CampaignFactory,
    GrievanceFactory,
)

pytestmark = pytest.mark.django_db


def test_a_campaign_is_started_at_a_site_of_struggle(as_investigator, investigator):
    area = BaseAreaFactory(name="Maverick Sq")
    landlord = AntagonistFactory(name="Harborview")
    response = as_investigator.post(
        reverse("investigation:campaign_create"),
        {
            "name": "Maverick Tenants",
            "base_area": area.pk,
            "antagonist": landlord.pk,
            "started_on": "2025-03-01",
            "status": "active",
        },
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("investigation:campaign_detail", args=[campaign.pk])
    assert (campaign.base_area, campaign.antagonist, campaign.created_by) == (
        area,
        landlord,
        investigator,
    )


def test_a_demand_answers_grievances_and_is_won_with_a_date(as_investigator):
    campaign = CampaignFactory()
    heat = GrievanceFactory(base_area=campaign.base_area)
    elsewhere = GrievanceFactory()
    url = reverse("investigation:demand_create", args=[campaign.pk])
    offered = as_investigator.get(url).context["form"].fields["grievances"].queryset
    assert list(offered) == [heat]

    response = as_investigator.post(
        url, {"text": "Fix the heat", "grievances": [heat.pk], "status": "won"}
    )
    assert response.context["form"].errors["decided_on"] == ["Give the date it was won or lost."]
    response = as_investigator.post(
        url, {"text": "Fix the heat", "grievances": [heat.pk, elsewhere.pk], "status": "pending"}
    )
    assert "grievances" in response.context["form"].errors  # not a grievance of this campaign
    response = as_investigator.post(
        url,
        {
            "text": "Fix the heat",
            "grievances": [heat.pk],
            "status": "won",
            "decided_on": "2025-04-02",
        },
    )
    assert response.status_code == 302
    demand = Demand.objects.get()
    assert (demand.text, demand.status, demand.decided_on) == (
        "Fix the heat",
        "won",
        date(2025, 4, 2),
    )
    assert list(demand.grievances.all()) == [heat]


def test_an_action_is_logged_with_its_turnout(as_investigator, investigator):
    campaign = CampaignFactory()
    response = as_investigator.post(
        reverse("investigation:campaign_action_create", args=[campaign.pk]),
        {"kind": "petition", "held_on": "2025-03-20", "turnout": 63, "notes": "63 signatures"},
    )
    assert response.status_code == 302
    action = CampaignAction.objects.get()
    assert (action.kind, action.turnout, action.recorded_by) == ("petition", 63, investigator)


def test_contacts_and_members_are_put_in_a_campaign(as_investigator, member):
    campaign = CampaignFactory()
    inside = ContactFactory(name="Rosa", base_area=campaign.base_area)
    ContactFactory(name="Far away")
    url = reverse("investigation:campaign_people", args=[campaign.pk])
    offered = as_investigator.get(url).context["form"].fields["contacts"].queryset
    assert list(offered) == [inside]
    response = as_investigator.post(url, {"contacts": [inside.pk], "members": [member.pk]})
    assert response.status_code == 302
    assert list(campaign.contacts.all()) == [inside]
    assert list(campaign.members.all()) == [member]


def test_the_campaign_page_runs_a_fixed_number_of_queries(as_investigator, investigator):
    campaign = CampaignFactory()

    def add_rows(n):
        for i in range(n):
            demand = campaign.demands.create(text=f"Demand {i}")
            demand.grievances.set(GrievanceFactory.create_batch(2, base_area=campaign.base_area))
            campaign.actions.create(kind="meeting", turnout=i)
            campaign.contacts.add(ContactFactory(base_area=campaign.base_area))

    assert_fixed_queries(
        as_investigator,
        reverse("investigation:campaign_detail", args=[campaign.pk]),
        add_rows=add_rows,
        pin=14,
    )


def test_the_campaign_list_runs_a_fixed_number_of_queries(as_investigator):
    def add_rows(n):
        for campaign in CampaignFactory.create_batch(n, antagonist=AntagonistFactory()):
            campaign.demands.create(text="won", status="won", decided_on=date(2025, 1, 1))
            campaign.demands.create(text="pending")

    assert_fixed_queries(
        as_investigator, reverse("investigation:campaign_list"), add_rows=add_rows, pin=10
    )
    rows = as_investigator.get(reverse("investigation:campaign_list")).context["campaigns"]
    assert {(c.won_count, c.demand_count) for c in rows} == {(1, 2)}
