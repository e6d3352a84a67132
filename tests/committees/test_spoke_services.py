"""Electing and recalling spokes; the spokes-council is whoever sits on a given day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from committees import services
from committees.models import Body, Spoke
from tests.committees.conftest import hold_meeting
from tests.factories.committees import SpokeFactory

pytestmark = pytest.mark.django_db


def elect(group, member, meeting, start, days=180, by=None):
    return services.spoke_elect(
        group=group,
        member=member,
        meeting=meeting,
        term_start=start,
        term_end=start + timedelta(days=days),
        mandate="Ask the council for the storage room on Mondays.",
        by=by or member,
    )


def test_a_group_elects_its_spoke_at_its_meeting(delivery, driver, lead):
    today = timezone.localdate()
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=lead)
    spoke = elect(delivery, driver, meeting, today, by=lead)
    assert list(Spoke.objects.current(today)) == [spoke]
    assert spoke.elected_at == meeting
    assert spoke.mandate == "Ask the council for the storage room on Mondays."


def test_a_new_election_ends_the_sitting_spokes_term_the_day_before(delivery, driver, lead):
    today = timezone.localdate()
    first_meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=lead)
    first = elect(delivery, driver, first_meeting, today, by=lead)
    later = hold_meeting(
        body=Body.WORKING_GROUP, group=delivery, by=lead, day=today + timedelta(days=30)
    )
    second = elect(delivery, lead, later, today + timedelta(days=30), by=lead)
    first.refresh_from_db()
    assert first.term_end == today + timedelta(days=29)
    assert list(Spoke.objects.current(today + timedelta(days=30))) == [second]
    assert list(Spoke.objects.current(today)) == [first]


def test_it_refuses_an_election_at_another_groups_meeting(delivery, outreach, driver, lead):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=outreach, by=lead)
    with pytest.raises(services.Refused) as refused:
        elect(delivery, driver, meeting, timezone.localdate(), by=lead)
    assert refused.value.field == "meeting"
    assert refused.value.message == "A spoke is elected at a meeting of Delivery."


def test_it_refuses_a_spoke_who_is_not_in_the_group(delivery, member, lead):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=lead)
    with pytest.raises(services.Refused, match="is not a member of Delivery"):
        elect(delivery, member, meeting, timezone.localdate(), by=lead)


def test_it_refuses_a_term_starting_before_the_election(delivery, driver, lead):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=lead)
    with pytest.raises(services.Refused) as refused:
        elect(delivery, driver, meeting, timezone.localdate() - timedelta(days=1), by=lead)
    assert refused.value.field == "term_start"


def test_a_recall_takes_the_spoke_off_the_council_that_day(delivery, driver, lead):
    today = timezone.localdate()
    spoke = SpokeFactory(group=delivery, member=driver)
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=lead)
    services.spoke_recall(spoke=spoke, meeting=meeting, reason="Missed three councils.", by=lead)
    spoke.refresh_from_db()
    assert spoke.recalled_on == today
    assert spoke.sits_until == today - timedelta(days=1)
    assert list(Spoke.objects.current(today)) == []
    assert list(Spoke.objects.current(today - timedelta(days=1))) == [spoke]


def test_a_member_who_is_the_sitting_spoke_cannot_leave_the_group(delivery, driver, lead):
    SpokeFactory(group=delivery, member=driver)
    membership = delivery.memberships.get(user=driver)
    with pytest.raises(services.Refused, match="recall them at a meeting"):
        services.membership_remove(membership=membership, by=lead)
