"""Working group pages: the list, a group's page, its members and leads, the spokes-council
and the general body pages. Any member reads; a group's lead or a coordinator manages."""

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from committees.models import Membership, WorkingGroup
from tests.factories.accounts import UserFactory
from tests.factories.committees import MembershipFactory, SpokeFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_groups_with_their_leads_and_spokes(as_member, delivery, lead, driver):
    SpokeFactory(group=delivery, member=driver)
    response = as_member.get(reverse("committees:group_list"))
    assert response.status_code == 200
    group = response.context["groups"][0]
    assert group.name == "Delivery"
    assert group.member_count == 2
    assert [m.user for m in group.lead_memberships] == [lead]
    assert [s.member for s in group.current_spokes] == [driver]
    assert "Start a working group" not in response.text


def test_the_group_list_runs_the_same_queries_for_2_and_30_groups(as_member, queries):
    for n in range(2):
        MembershipFactory(group=WorkingGroupFactory(name=f"G{n}"), is_lead=True)
    small = queries(as_member, reverse("committees:group_list"), 6)
    for n in range(2, 30):
        g = WorkingGroupFactory(name=f"G{n}")
        MembershipFactory(group=g, is_lead=True)
        SpokeFactory(group=g)
    assert queries(as_member, reverse("committees:group_list"), 6) == small


def test_a_coordinator_starts_a_working_group(as_coordinator):
    response = as_coordinator.post(
        reverse("committees:group_create"),
        {"name": "Outreach", "purpose": "Door knocking", "vote_rule": "consensus_minus_one"},
    )
    group = WorkingGroup.objects.get(name="Outreach")
    assert response.status_code == 302
    assert response["Location"] == reverse("committees:group_members", args=[group.pk])
    assert group.vote_rule == "consensus_minus_one"


def test_a_duplicate_group_name_is_refused_next_to_the_field(as_coordinator, delivery):
    response = as_coordinator.post(
        reverse("committees:group_create"), {"name": "Delivery", "vote_rule": "majority"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Working group with this Name already exists."
    ]


def test_a_lead_cannot_start_a_working_group(as_lead):
    assert as_lead.get(reverse("committees:group_create")).status_code == 403


def test_the_group_page_shows_members_spoke_and_lead_actions(as_lead, delivery, driver):
    SpokeFactory(group=delivery, member=driver, mandate="Ask for the van on Mondays.")
    response = as_lead.get(reverse("committees:group_detail", args=[delivery.pk]))
    assert response.status_code == 200
    assert response.context["can_manage"] is True
    assert response.context["leads_it"] is True
    assert "Ask for the van on Mondays." in response.text
    assert reverse("committees:lead_decision", args=[delivery.pk]) in response.text


def test_another_groups_lead_reads_the_page_without_lead_actions(as_lead, outreach):
    response = as_lead.get(reverse("committees:group_detail", args=[outreach.pk]))
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert reverse("committees:lead_decision", args=[outreach.pk]) not in response.text


def test_the_group_page_runs_a_fixed_number_of_queries(as_member, delivery, queries):
    url = reverse("committees:group_detail", args=[delivery.pk])
    small = queries(as_member, url, 10)
    for _ in range(28):
        MembershipFactory(group=delivery)
    assert queries(as_member, url, 10) == small


def test_a_lead_adds_a_member_to_their_group(as_lead, delivery, member):
    response = as_lead.post(
        reverse("committees:group_members", args=[delivery.pk]), {"user": member.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(group=delivery, user=member, is_lead=False).exists()


def test_making_a_member_without_the_lead_role_a_lead_is_refused_next_to_the_field(
    as_lead, delivery, member
):
    response = as_lead.post(
        reverse("committees:group_members", args=[delivery.pk]),
        {"user": member.pk, "is_lead": "on"},
    )
    assert response.status_code == 422
    assert "does not hold the committee lead role" in response.context["form"].errors["is_lead"][0]
    assert response.context["form"]["user"].value() == str(member.pk)
    assert not Membership.objects.filter(user=member).exists()


def test_a_lead_cannot_manage_another_groups_members(as_lead, outreach, driver):
    url = reverse("committees:group_members", args=[outreach.pk])
    assert as_lead.get(url).status_code == 404
    assert as_lead.post(url, {"user": driver.pk}).status_code == 404
    membership = outreach.memberships.first()
    assert (
        as_lead.post(reverse("committees:membership_remove", args=[membership.pk])).status_code
        == 404
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_gets_403_on_group_management(as_member, outreach):
    assert as_member.get(reverse("committees:group_members", args=[outreach.pk])).status_code == 403


def test_a_lead_names_a_co_lead_and_removes_a_member(as_lead, delivery, driver, other_lead):
    colead = MembershipFactory(group=delivery, user=other_lead)
    as_lead.post(reverse("committees:membership_set_lead", args=[colead.pk]), {"is_lead": "1"})
    colead.refresh_from_db()
    assert colead.is_lead is True
    driver_membership = delivery.memberships.get(user=driver)
    as_lead.post(reverse("committees:membership_remove", args=[driver_membership.pk]))
    assert not delivery.memberships.filter(user=driver).exists()


def test_the_spokes_council_page_shows_who_sits_and_since_when(as_member, delivery, driver):
    spoke = SpokeFactory(group=delivery, member=driver, mandate="The van on Mondays")
    response = as_member.get(reverse("committees:spokes_council"))
    assert response.status_code == 200
    assert response.context["spokes"] == [spoke]
    since = date_format(spoke.term_start, "DATE_FORMAT")
    assert f"since {since}" in response.text
    assert "The van on Mondays" in response.text


def test_the_spokes_council_page_runs_a_fixed_number_of_queries(as_member, queries):
    for n in range(2):
        SpokeFactory(group=WorkingGroupFactory(name=f"G{n}"))
    small = queries(as_member, reverse("committees:spokes_council"), 7)
    for n in range(2, 30):
        SpokeFactory(group=WorkingGroupFactory(name=f"G{n}"))
    assert queries(as_member, reverse("committees:spokes_council"), 7) == small


def test_the_general_body_page_states_the_quorum(as_member, settings):
    settings.GENERAL_BODY_QUORUM = 0.5
    for _ in range(4):
        UserFactory()
    response = as_member.get(reverse("committees:general_body"))
    assert response.context["active_members"] == 5
    assert response.context["quorum_needed"] == 3
    assert "With 5 active members, that is 3." in response.text


def test_a_lead_edits_their_groups_vote_rule(as_lead, delivery):
    response = as_lead.post(
        reverse("committees:group_edit", args=[delivery.pk]),
        {"name": "Delivery", "purpose": "", "vote_rule": "consensus_minus_one"},
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.vote_rule == "consensus_minus_one"
