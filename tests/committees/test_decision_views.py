"""Proposals, a lead's own decisions, mandates, and the decision log that answers "what did we
decide about the site, and when"."""

from datetime import date

import pytest
from django.urls import reverse

from committees import services
from committees.models import Body, Decision, Mandate, Outcome, Proposal, Scope, VoteRule
from tests.factories.committees import MeetingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def decide(proposal, *, on: date, body=Body.GENERAL_BODY, group=None, outcome="adopted", why=""):
    """A decision recorded directly, for the log's tests (the rules are tested elsewhere)."""
    meeting = MeetingFactory(body=body, group=group)
    return Decision.objects.create(
        proposal=proposal,
        body=body,
        group=group,
        meeting=meeting,
        decided_on=on,
        vote_rule=VoteRule.MAJORITY,
        outcome=outcome,
        reasoning=why,
    )


def test_the_decision_log_answers_what_we_decided_about_the_site_and_when(as_member, delivery):
    site = decide(
        ProposalFactory(title="Move the Monday serve to the Elm Street site"),
        on=date(2026, 11, 16),
        why="Covered entrance.",
    )
    decide(
        ProposalFactory(title="Buy a second van", scope=Scope.COORDINATION),
        on=date(2026, 11, 2),
        body=Body.SPOKES_COUNCIL,
    )
    decide(
        ProposalFactory(title="Routes by zone", scope=Scope.OPERATIONAL, group=delivery),
        on=date(2026, 11, 9),
        body=Body.WORKING_GROUP,
        group=delivery,
        why="Drivers leave from the new site.",
    )

    response = as_member.get(reverse("committees:decision_log"), {"q": "site"})

    assert response.status_code == 200
    titles = [d.proposal.title for d in response.context["decisions"]]
    assert titles == ["Move the Monday serve to the Elm Street site", "Routes by zone"]
    assert response.context["decisions"][0] == site
    assert "Nov. 16, 2026" in response.text
    assert "Steering" in response.text
    assert "General body" in response.text


def test_the_decision_log_filters_by_scope_body_and_dates(as_member):
    decide(ProposalFactory(title="A"), on=date(2026, 10, 1))
    decide(ProposalFactory(title="B"), on=date(2026, 11, 1))
    decide(
        ProposalFactory(title="C", scope=Scope.COORDINATION),
        on=date(2026, 11, 1),
        body=Body.SPOKES_COUNCIL,
    )
    response = as_member.get(
        reverse("committees:decision_log"),
        {"scope": "steering", "body": "general_body", "decided_after": "2026-10-15"},
    )
    assert [d.proposal.title for d in response.context["decisions"]] == ["B"]


def test_the_decision_log_runs_a_fixed_number_of_queries(as_member, queries):
    for n in range(2):
        decide(ProposalFactory(title=f"D{n}"), on=date(2026, 11, 1))
    small = queries(as_member, reverse("committees:decision_log"), 5)
    for n in range(2, 30):
        decide(ProposalFactory(title=f"D{n}"), on=date(2026, 11, 1))
    assert queries(as_member, reverse("committees:decision_log"), 5) == small


def test_a_member_puts_forward_an_operational_proposal_for_their_group(as_member, outreach):
    response = as_member.post(
        reverse("committees:proposal_create"),
        {"title": "Knock on doors on Sundays", "text": "", "scope": "operational",
         "group": outreach.pk},
    )  # fmt: skip
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert (proposal.scope, proposal.group) == (Scope.OPERATIONAL, outreach)


def test_an_operational_proposal_without_a_group_is_refused_next_to_the_field(as_member):
    response = as_member.post(
        reverse("committees:proposal_create"),
        {"title": "Knock on doors on Sundays", "scope": "operational"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["group"] == [
        "Say which working group an operational proposal is for."
    ]
    assert "Knock on doors on Sundays" in response.text


def test_a_member_cannot_propose_for_a_group_they_are_not_in(as_member, delivery):
    response = as_member.post(
        reverse("committees:proposal_create"),
        {"title": "Routes by zone", "scope": "operational", "group": delivery.pk},
    )
    assert response.status_code == 422
    assert "group" in response.context["form"].errors


def test_a_lead_records_an_operational_decision_for_their_group(as_lead, delivery):
    response = as_lead.post(
        reverse("committees:lead_decision", args=[delivery.pk]),
        {
            "title": "Deliveries leave at 6 pm",
            "outcome": "adopted",
            "reasoning": "After the serve closes.",
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == decision.get_absolute_url()
    assert (decision.group, decision.vote_rule, decision.outcome) == (
        delivery,
        VoteRule.LEAD,
        Outcome.ADOPTED,
    )


def test_a_lead_gets_404_recording_a_decision_for_another_group(as_lead, outreach):
    url = reverse("committees:lead_decision", args=[outreach.pk])
    assert as_lead.get(url).status_code == 404
    response = as_lead.post(
        url, {"title": "Door knocking on Sundays", "outcome": "adopted", "reasoning": "x"}
    )
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_a_member_gets_403_on_a_leads_decision_page(as_member, outreach):
    assert as_member.get(reverse("committees:lead_decision", args=[outreach.pk])).status_code == 403


def test_a_lead_decides_one_of_the_groups_open_proposals(as_lead, delivery):
    proposal = ProposalFactory(title="Routes by zone", scope=Scope.OPERATIONAL, group=delivery)
    page = as_lead.get(proposal.get_absolute_url())
    assert page.context["leads_group"] is True
    response = as_lead.post(
        reverse("committees:lead_decision", args=[delivery.pk]),
        {"proposal": proposal.pk, "outcome": "rejected", "reasoning": "Not enough drivers."},
    )
    assert response.status_code == 302
    assert Decision.objects.get().proposal == proposal


def test_the_lead_decision_form_offers_only_the_groups_operational_proposals(
    as_lead, delivery, outreach
):
    ProposalFactory(scope=Scope.OPERATIONAL, group=delivery)
    other = ProposalFactory(scope=Scope.OPERATIONAL, group=outreach)
    response = as_lead.post(
        reverse("committees:lead_decision", args=[delivery.pk]),
        {"proposal": other.pk, "outcome": "adopted", "reasoning": "x"},
    )
    assert response.status_code == 422
    assert "proposal" in response.context["form"].errors


def test_the_lead_decision_form_has_no_proposal_choice_when_none_is_open(as_lead, delivery):
    response = as_lead.get(reverse("committees:lead_decision", args=[delivery.pk]))
    assert "proposal" not in response.context["form"].fields


def test_the_proposal_page_shows_the_decision_and_votes(as_member, coordinator, member):
    from tests.committees.conftest import hold_meeting

    meeting = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator, member], by=coordinator)
    proposal = ProposalFactory(title="Move the serve", scope=Scope.STEERING)
    services.decision_record_at_meeting(
        proposal=proposal,
        meeting=meeting,
        votes={f"m{coordinator.pk}": "for", f"m{member.pk}": "abstain"},
        reasoning="Covered entrance.",
        by=coordinator,
    )
    response = as_member.get(proposal.get_absolute_url())
    assert response.status_code == 200
    assert "1 for, 0 against, 1 abstain, 0 block" in response.text
    assert "Covered entrance." in response.text
    assert "Mo: Abstain" in response.text


def test_a_lead_records_their_groups_mandate_on_a_coordination_proposal(as_lead, delivery):
    proposal = ProposalFactory(scope=Scope.COORDINATION)
    response = as_lead.post(
        reverse("committees:mandate_set", args=[proposal.pk]),
        {"group": delivery.pk, "position": "block", "note": "We need the van on Mondays."},
    )
    assert response.status_code == 302
    mandate = Mandate.objects.get()
    assert (mandate.group, mandate.position) == (delivery, "block")


def test_a_lead_cannot_record_a_mandate_for_another_group(as_lead, outreach):
    proposal = ProposalFactory(scope=Scope.COORDINATION)
    response = as_lead.post(
        reverse("committees:mandate_set", args=[proposal.pk]),
        {"group": outreach.pk, "position": "for"},
    )
    assert response.status_code == 422
    assert "group" in response.context["form"].errors
    assert not Mandate.objects.exists()


def test_the_open_proposals_list_runs_a_fixed_number_of_queries(as_member, queries):
    for _ in range(2):
        ProposalFactory()
    small = queries(as_member, reverse("committees:proposal_list"), 5)
    for _ in range(28):
        ProposalFactory()
    assert queries(as_member, reverse("committees:proposal_list"), 5) == small
