"""Versions are drafts until a general body meeting with quorum adopts them; one is current."""

from datetime import timedelta

import pytest
from django.utils import timezone

from committees.models import Body, Decision, Meeting, Outcome, Proposal, Scope, VoteRule
from handouts import services
from handouts.models import Handout, HandoutVersion
from tests.factories.handouts import adopted, draft, general_body_decides

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "words"),
    [("title_es", "title in Spanish"), ("body_es", "text in Spanish"), ("body_en", "English")],
)
def test_an_empty_language_is_refused_and_nothing_is_saved(coordinator, field, words):
    with pytest.raises(services.Refused) as refused:
        draft(by=coordinator, **{field: "  "})
    assert refused.value.field == field
    assert words.split()[-1] in refused.value.message
    assert not Handout.objects.exists() and not HandoutVersion.objects.exists()


def test_proposing_puts_a_steering_proposal_before_the_general_body(lead):
    version = draft(by=lead)
    version = services.handout_version_propose(version=version, by=lead)
    proposal = Proposal.objects.get()
    assert version.proposal == proposal
    assert proposal.scope == Scope.STEERING and proposal.group is None
    assert "Our points of unity" in proposal.title
    assert version.status == HandoutVersion.Status.PROPOSED
    with pytest.raises(services.Refused, match="already been put"):
        services.handout_version_propose(version=version, by=lead)


def test_a_proposed_version_no_longer_changes(lead):
    version = services.handout_version_propose(version=draft(by=lead), by=lead)
    with pytest.raises(services.Refused, match="no longer changes"):
        services.handout_version_update(
            version=version,
            title_en="Changed",
            title_es="Cambiado",
            body_en="x",
            body_es="y",
            by=lead,
        )
    version.refresh_from_db()
    assert version.title_en == "Our points of unity"


def test_adoption_needs_the_general_body_decision(coordinator):
    version = draft(by=coordinator)
    with pytest.raises(services.Refused, match="Propose it for adoption first"):
        services.handout_version_adopt(version=version, by=coordinator)
    version = services.handout_version_propose(version=version, by=coordinator)
    with pytest.raises(services.Refused, match="has not decided"):
        services.handout_version_adopt(version=version, by=coordinator)
    assert not HandoutVersion.objects.filter(is_current=True).exists()


def test_a_quorate_general_body_decision_makes_the_version_current(coordinator, member):
    version, decision = general_body_decides(draft(by=coordinator), by=coordinator)
    version = services.handout_version_adopt(version=version, by=coordinator)
    assert version.is_current and version.adoption_decision == decision
    assert version.adopted_on == decision.decided_on
    assert version.handout.current_version == version
    with pytest.raises(services.Refused, match="already adopted"):
        services.handout_version_adopt(version=version, by=coordinator)


def test_a_rejection_leaves_nothing_current(coordinator):
    version, _decision = general_body_decides(draft(by=coordinator), by=coordinator, adopt=False)
    with pytest.raises(services.Refused, match="did not adopt"):
        services.handout_version_adopt(version=version, by=coordinator)
    version.refresh_from_db()
    assert version.status == HandoutVersion.Status.REJECTED and not version.is_current


def test_a_decision_taken_without_quorum_is_refused(coordinator, member, lead, driver):
    """committees refuses to record it; a row written around the rules is refused here too."""
    version = services.handout_version_propose(version=draft(by=coordinator), by=coordinator)
    meeting = Meeting.objects.create(
        body=Body.GENERAL_BODY,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
        place="Hall",
        members_eligible=4,
        quorum_needed=2,
    )
    Decision.objects.create(
        proposal=version.proposal,
        body=Body.GENERAL_BODY,
        meeting=meeting,
        decided_on=timezone.localdate(),
        vote_rule=VoteRule.MAJORITY,
        outcome=Outcome.ADOPTED,
        reasoning="Nobody came.",
        votes_for=1,
    )
    with pytest.raises(services.Refused, match="not by a general body meeting with quorum"):
        services.handout_version_adopt(version=version, by=coordinator)
    assert not HandoutVersion.objects.filter(is_current=True).exists()


def test_the_next_adoption_replaces_the_current_version_which_stays_readable(coordinator):
    first = adopted(by=coordinator)
    second = services.handout_version_start(handout=first.handout, by=coordinator)
    assert second.number == 2 and second.body_en == first.body_en
    with pytest.raises(services.Refused, match="still open"):
        services.handout_version_start(handout=first.handout, by=coordinator)
    services.handout_version_update(
        version=second,
        title_en="Points of unity, 2027",
        title_es="Puntos de unidad, 2027",
        body_en="We stand together.",
        body_es="Estamos juntos.",
        by=coordinator,
    )
    second = adopted(by=coordinator, version=second)
    first.refresh_from_db()
    assert HandoutVersion.objects.filter(handout=first.handout, is_current=True).get() == second
    assert first.status == HandoutVersion.Status.SUPERSEDED and first.adopted_on
    assert first.body_en.startswith("We are neighbours")
