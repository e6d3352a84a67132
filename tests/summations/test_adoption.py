"""Presenting and adopting a summation through the general body (committees): presenting
links the meeting whose agenda reviews the week; adopting needs the general body's decision
on "Adopt the summation of week N" (adopted, at a meeting with quorum) and links it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from committees.models import Decision, Outcome, VoteRule
from summations import services
from summations.models import Summation
from tests.factories.accounts import UserFactory
from tests.factories.summations import SummationFactory
from tests.summations.conftest import WEEK, decide_adoption, review_meeting

Status = Summation.BuildStatus


def built_draft() -> Summation:
    return SummationFactory(year=WEEK.year, week=WEEK.week, build_status=Status.DONE)


def presented(coordinator, **meeting) -> tuple[Summation, object, object]:
    summation = built_draft()
    meeting, item = review_meeting(WEEK, by=coordinator, **meeting)
    return services.summation_present(summation=summation, by=coordinator), meeting, item


@pytest.mark.django_db
def test_presenting_needs_a_general_body_meeting_that_reviews_the_week(coordinator):
    summation = built_draft()
    review_meeting(WEEK.previous, by=coordinator)  # another week's review
    review_meeting(WEEK, by=coordinator, starts_at=timezone.now() + timedelta(days=3))  # later

    with pytest.raises(services.SummationStateError) as refused:
        services.summation_present(summation=summation, by=coordinator)

    assert "No general body meeting has reviewed this summation yet" in str(refused.value)
    assert "2026-W46" in str(refused.value)
    summation.refresh_from_db()
    assert (summation.state, summation.presented_at_meeting) == (Summation.State.DRAFT, None)


@pytest.mark.django_db
def test_presenting_links_the_latest_meeting_that_has_begun(coordinator):
    review_meeting(WEEK, by=coordinator, starts_at=timezone.now() - timedelta(days=7))
    summation, meeting, _item = presented(coordinator)
    assert summation.state == Summation.State.PRESENTED
    assert summation.presented_at_meeting == meeting


@pytest.mark.django_db
def test_adopting_without_a_decision_says_what_to_do(coordinator):
    summation, _meeting, _item = presented(coordinator)

    with pytest.raises(services.SummationStateError) as refused:
        services.summation_adopt(summation=summation, by=coordinator)

    message = str(refused.value)
    assert "The general body has not decided on “Adopt the summation of week 2026-W46”" in message
    assert "general body meeting with quorum" in message
    summation.refresh_from_db()
    assert (summation.state, summation.adoption_decision) == (Summation.State.PRESENTED, None)


@pytest.mark.django_db
def test_the_refusal_speaks_the_coordinators_language(coordinator):
    summation, _meeting, _item = presented(coordinator)
    with translation.override("es"), pytest.raises(services.SummationStateError) as refused:
        services.summation_adopt(summation=summation, by=coordinator)
    assert "La asamblea general" in str(refused.value)


@pytest.mark.django_db
def test_a_rejected_adoption_is_refused(coordinator, member):
    summation, meeting, item = presented(coordinator, present=[coordinator, member])
    decide_adoption(
        meeting, item, by=coordinator, votes_for=[], votes_against=[coordinator, member]
    )

    with pytest.raises(services.SummationStateError, match="did not adopt"):
        services.summation_adopt(summation=summation, by=coordinator)


@pytest.mark.django_db
def test_a_decision_without_quorum_does_not_adopt(coordinator):
    UserFactory.create_batch(6)
    summation, meeting, item = presented(coordinator, present=[coordinator])
    # The committees service refuses a steering decision without quorum; a record made
    # around it (an import, an admin edit) must still not adopt the summation.
    Decision.objects.create(
        proposal=item.proposal,
        body=meeting.body,
        meeting=meeting,
        decided_on=meeting.on,
        vote_rule=VoteRule.MAJORITY,
        outcome=Outcome.ADOPTED,
        reasoning="Too few of us.",
        votes_for=1,
    )

    with pytest.raises(services.SummationStateError, match="without quorum"):
        services.summation_adopt(summation=summation, by=coordinator)


@pytest.mark.django_db
def test_another_weeks_adoption_does_not_count(coordinator):
    summation, _meeting, _item = presented(coordinator)
    other_meeting, other_item = review_meeting(WEEK.previous, by=coordinator)
    decide_adoption(other_meeting, other_item, by=coordinator)

    with pytest.raises(services.SummationStateError, match="has not decided"):
        services.summation_adopt(summation=summation, by=coordinator)


@pytest.mark.django_db
def test_adopting_links_the_general_bodys_decision(coordinator):
    summation, meeting, item = presented(coordinator)
    decision = decide_adoption(meeting, item, by=coordinator)

    summation = services.summation_adopt(summation=summation, by=coordinator)

    assert summation.state == Summation.State.ADOPTED
    assert summation.adoption_decision == decision
    assert decision.proposal.title == "Adopt the summation of week 2026-W46"


@pytest.mark.django_db
def test_the_page_shows_a_refusal_and_then_the_adoption_with_its_links(as_coordinator, coordinator):
    summation, meeting, item = presented(coordinator)
    url = reverse("summations:adopt", args=[summation.pk])

    html = as_coordinator.post(url, follow=True).content.decode()
    assert "has not decided on" in html
    assert reverse("committees:meeting_detail", args=[meeting.pk]) in html  # presented at

    decision = decide_adoption(meeting, item, by=coordinator)
    html = as_coordinator.post(url, follow=True).content.decode()
    assert "Marked as adopted by the general body." in html
    assert "Adopted by the general body on" in html
    assert reverse("committees:proposal_detail", args=[decision.proposal_id]) in html
