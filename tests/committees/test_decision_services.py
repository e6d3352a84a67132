"""Recording decisions: each scope is decided by its own body only, steering only with quorum,
a lead only for their own group, and spokes cast what their group mandated."""

import pytest

from committees import services
from committees.models import Body, Decision, Outcome, Scope, Vote, VoteRule
from tests.committees.conftest import hold_meeting
from tests.factories.accounts import UserFactory
from tests.factories.committees import MembershipFactory, ProposalFactory, SpokeFactory

pytestmark = pytest.mark.django_db


def votes_of(meeting, proposal, choices):
    """Map the voters present, in order, to `choices`."""
    return {
        voter.key: choice for voter, choice in zip(meeting.voters(proposal), choices, strict=False)
    }


def test_a_steering_proposal_is_decided_at_a_quorate_general_body(general_body, coordinator):
    members = [UserFactory() for _ in range(3)]  # with the coordinator: 4 active members
    meeting = general_body(present=[coordinator, *members[:1]], by=coordinator)
    assert (meeting.members_eligible, meeting.quorum_needed) == (4, 2)
    proposal = ProposalFactory(title="Move the serve to Elm Street", scope=Scope.STEERING)

    decision = services.decision_record_at_meeting(
        proposal=proposal,
        meeting=meeting,
        votes=votes_of(meeting, proposal, ["for", "against"]),
        reasoning="Covered entrance.",
        by=coordinator,
    )

    assert decision.body == Body.GENERAL_BODY
    assert decision.vote_rule == VoteRule.MAJORITY
    assert (decision.votes_for, decision.votes_against) == (1, 1)
    assert decision.outcome == Outcome.REJECTED
    assert Vote.objects.filter(decision=decision).count() == 2


def test_it_refuses_a_steering_decision_at_a_general_body_without_quorum(general_body, coordinator):
    for _ in range(4):
        UserFactory()  # 5 active members: quorum is 3
    meeting = general_body(present=[coordinator, UserFactory()], by=coordinator)
    proposal = ProposalFactory(title="Stop the Friday serve", scope=Scope.STEERING)

    with pytest.raises(services.Refused) as refused:
        services.decision_record_at_meeting(
            proposal=proposal,
            meeting=meeting,
            votes=votes_of(meeting, proposal, ["for", "for"]),
            reasoning="",
            by=coordinator,
        )

    assert "no quorum" in refused.value.message
    assert "2 members present, 3 needed (of 6 active members)" in refused.value.message
    assert not Decision.objects.exists()


def test_it_refuses_a_steering_decision_before_attendance_is_recorded(coordinator):
    meeting = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    proposal = ProposalFactory(scope=Scope.STEERING)
    with pytest.raises(services.Refused, match="Record who is present first"):
        services.decision_record_at_meeting(
            proposal=proposal, meeting=meeting, votes={}, reasoning="", by=coordinator
        )


def test_it_refuses_a_steering_decision_at_the_spokes_council(coordinator, delivery, lead):
    SpokeFactory(group=delivery, member=lead)
    council = hold_meeting(body=Body.SPOKES_COUNCIL, present=[lead], by=coordinator)
    proposal = ProposalFactory(title="Open a second site", scope=Scope.STEERING)

    with pytest.raises(services.Refused) as refused:
        services.decision_record_at_meeting(
            proposal=proposal,
            meeting=council,
            votes=votes_of(council, proposal, ["for"]),
            reasoning="",
            by=coordinator,
        )

    assert refused.value.message.startswith("“Open a second site” is a steering proposal")
    assert "only a general body meeting with quorum can decide it" in refused.value.message


def test_it_refuses_a_coordination_decision_at_the_general_body(general_body, coordinator):
    meeting = general_body(present=[coordinator], by=coordinator)
    proposal = ProposalFactory(title="Share the van", scope=Scope.COORDINATION)
    with pytest.raises(services.Refused, match="only the spokes-council can decide it"):
        services.decision_record_at_meeting(
            proposal=proposal,
            meeting=meeting,
            votes=votes_of(meeting, proposal, ["for"]),
            reasoning="",
            by=coordinator,
        )


def test_it_refuses_an_operational_decision_at_another_groups_meeting(
    delivery, outreach, other_lead, coordinator
):
    meeting = hold_meeting(
        body=Body.WORKING_GROUP, group=outreach, present=[other_lead], by=coordinator
    )
    proposal = ProposalFactory(title="Routes by zone", scope=Scope.OPERATIONAL, group=delivery)
    with pytest.raises(services.Refused) as refused:
        services.decision_record_at_meeting(
            proposal=proposal,
            meeting=meeting,
            votes=votes_of(meeting, proposal, ["for"]),
            reasoning="",
            by=coordinator,
        )
    assert "operational proposal of Delivery: only Delivery decides it" in refused.value.message


def test_a_working_group_meeting_decides_its_operational_proposal_under_its_rule(
    delivery, lead, driver, coordinator
):
    delivery.vote_rule = VoteRule.CONSENSUS_MINUS_ONE
    delivery.save()
    outsider = UserFactory()
    meeting = hold_meeting(
        body=Body.WORKING_GROUP, group=delivery, present=[lead, driver, outsider], by=coordinator
    )
    proposal = ProposalFactory(scope=Scope.OPERATIONAL, group=delivery)

    assert [v.member for v in meeting.voters(proposal)] == sorted(
        [lead, driver], key=lambda u: u.display_name
    )
    decision = services.decision_record_at_meeting(
        proposal=proposal,
        meeting=meeting,
        votes={f"m{lead.pk}": "for", f"m{driver.pk}": "block"},
        reasoning="One block is allowed.",
        by=lead,
    )
    assert decision.vote_rule == VoteRule.CONSENSUS_MINUS_ONE
    assert decision.outcome == Outcome.ADOPTED
    assert decision.group == delivery


def test_it_refuses_a_vote_from_a_member_not_present(delivery, lead, driver, coordinator):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, present=[lead], by=lead)
    proposal = ProposalFactory(scope=Scope.OPERATIONAL, group=delivery)
    with pytest.raises(services.Refused, match="Only members present"):
        services.decision_record_at_meeting(
            proposal=proposal,
            meeting=meeting,
            votes={f"m{driver.pk}": "for"},
            reasoning="",
            by=lead,
        )


def test_it_refuses_a_decision_with_no_vote(delivery, lead):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, present=[lead], by=lead)
    proposal = ProposalFactory(scope=Scope.OPERATIONAL, group=delivery)
    with pytest.raises(services.Refused, match="at least one vote"):
        services.decision_record_at_meeting(
            proposal=proposal, meeting=meeting, votes={f"m{lead.pk}": ""}, reasoning="", by=lead
        )


def test_a_proposal_is_decided_once(delivery, lead):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, present=[lead], by=lead)
    proposal = ProposalFactory(scope=Scope.OPERATIONAL, group=delivery)
    votes = {f"m{lead.pk}": "for"}
    services.decision_record_at_meeting(
        proposal=proposal, meeting=meeting, votes=votes, reasoning="", by=lead
    )
    with pytest.raises(services.Refused, match="already been decided"):
        services.decision_record_at_meeting(
            proposal=proposal, meeting=meeting, votes=votes, reasoning="", by=lead
        )


@pytest.fixture
def council(coordinator, delivery, outreach, driver, member):
    """The spokes-council with Delivery's spoke (driver) and Outreach's (member) present."""
    SpokeFactory(group=delivery, member=driver)
    SpokeFactory(group=outreach, member=member)
    return hold_meeting(body=Body.SPOKES_COUNCIL, present=[driver, member], by=coordinator)


def test_spokes_cast_their_groups_mandated_votes(council, coordinator, delivery, outreach, lead):
    proposal = ProposalFactory(title="Share the van", scope=Scope.COORDINATION)
    services.mandate_set(proposal=proposal, group=delivery, position="for", note="", by=lead)

    voters = council.voters(proposal)
    assert [(v.group, v.mandate) for v in voters] == [(delivery, "for"), (outreach, "")]
    decision = services.decision_record_at_meeting(
        proposal=proposal,
        meeting=council,
        votes={f"g{delivery.pk}": "for", f"g{outreach.pk}": "against"},
        reasoning="Saturdays to Collections.",
        by=coordinator,
    )

    assert decision.body == Body.SPOKES_COUNCIL
    assert decision.vote_rule == VoteRule.CONSENSUS_MINUS_ONE  # the settings' default
    assert decision.outcome == Outcome.ADOPTED
    votes = {v.group.name: (v.choice, v.mandated) for v in decision.votes.all()}
    assert votes == {"Delivery": ("for", True), "Outreach": ("against", False)}


def test_it_refuses_a_spoke_vote_against_the_groups_mandate(council, coordinator, delivery, lead):
    proposal = ProposalFactory(scope=Scope.COORDINATION)
    services.mandate_set(proposal=proposal, group=delivery, position="block", note="", by=lead)
    with pytest.raises(services.Refused) as refused:
        services.decision_record_at_meeting(
            proposal=proposal,
            meeting=council,
            votes={f"g{delivery.pk}": "for"},
            reasoning="",
            by=coordinator,
        )
    assert refused.value.message == "Delivery mandated its spoke to vote “Block”."
    assert refused.value.field == f"vote_g{delivery.pk}"


def test_a_recalled_spoke_no_longer_votes_for_the_group(council, coordinator, delivery):
    spoke = delivery.spokes.get()
    recall_meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=coordinator)
    services.spoke_recall(spoke=spoke, meeting=recall_meeting, reason="", by=coordinator)
    proposal = ProposalFactory(scope=Scope.COORDINATION)
    assert [v.group.name for v in council.voters(proposal)] == ["Outreach"]


def test_a_mandate_is_only_for_coordination_proposals(delivery, lead):
    proposal = ProposalFactory(scope=Scope.STEERING)
    with pytest.raises(services.Refused, match="coordination proposals only"):
        services.mandate_set(proposal=proposal, group=delivery, position="for", note="", by=lead)


def test_a_lead_records_an_operational_decision_for_their_group(delivery, lead):
    decision = services.decision_record_by_lead(
        group=delivery,
        proposal=None,
        title="Deliveries leave at 6 pm",
        text="",
        outcome=Outcome.ADOPTED,
        reasoning="After the serve closes.",
        by=lead,
    )
    assert decision.proposal.scope == Scope.OPERATIONAL
    assert decision.proposal.group == delivery
    assert (decision.body, decision.group, decision.meeting) == (Body.WORKING_GROUP, delivery, None)
    assert decision.vote_rule == VoteRule.LEAD
    assert decision.outcome == Outcome.ADOPTED


def test_a_lead_cannot_record_a_decision_for_another_group(delivery, outreach, lead):
    with pytest.raises(services.Refused, match="Only a lead of Outreach"):
        services.decision_record_by_lead(
            group=outreach,
            proposal=None,
            title="Door knocking on Sundays",
            text="",
            outcome=Outcome.ADOPTED,
            reasoning="",
            by=lead,
        )
    assert not Decision.objects.exists()


def test_a_lead_membership_without_the_lead_role_does_not_lead(delivery, member):
    MembershipFactory(group=delivery, user=member, is_lead=True)
    with pytest.raises(services.Refused, match="Only a lead of Delivery"):
        services.decision_record_by_lead(
            group=delivery,
            proposal=None,
            title="x",
            text="",
            outcome=Outcome.ADOPTED,
            reasoning="",
            by=member,
        )


def test_a_lead_cannot_decide_a_steering_proposal_alone(delivery, lead):
    proposal = ProposalFactory(scope=Scope.STEERING)
    with pytest.raises(services.Refused, match="only operational proposals of their own group"):
        services.decision_record_by_lead(
            group=delivery,
            proposal=proposal,
            title="",
            text="",
            outcome=Outcome.ADOPTED,
            reasoning="",
            by=lead,
        )
