"""Meetings: attendance fixes the general body's quorum; the agenda, including the review of a
week's summation, which puts its adoption before the general body."""

import pytest
from django.test import override_settings

from committees import services
from committees.models import AgendaItem, Body, Proposal, Scope
from tests.committees.conftest import hold_meeting
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(GENERAL_BODY_QUORUM=0.25)
def test_attendance_fixes_the_general_bodys_quorum_from_the_setting(coordinator):
    members = [UserFactory() for _ in range(7)]  # 8 active members with the coordinator
    UserFactory(is_active=False)
    meeting = hold_meeting(body=Body.GENERAL_BODY, present=members[:2], by=coordinator)
    assert (meeting.members_eligible, meeting.quorum_needed) == (8, 2)
    assert meeting.has_quorum(2)
    assert not meeting.has_quorum(1)


def test_recording_attendance_again_replaces_it(delivery, lead, driver):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, present=[lead, driver], by=lead)
    services.meeting_record_attendance(meeting=meeting, members=[driver], by=lead)
    assert list(meeting.attendances.values_list("member", flat=True)) == [driver.pk]


def test_only_the_groups_members_can_be_marked_present_at_its_meeting(delivery, lead, member):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=lead)
    count = services.meeting_record_attendance(meeting=meeting, members=[lead, member], by=lead)
    assert count == 1
    assert list(meeting.attendances.values_list("member", flat=True)) == [lead.pk]


def test_it_refuses_a_meeting_that_ends_before_it_starts(coordinator):
    meeting = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    with pytest.raises(services.Refused) as refused:
        services.meeting_schedule(
            body=Body.GENERAL_BODY,
            group=None,
            title="",
            starts_at=meeting.starts_at,
            ends_at=meeting.starts_at,
            place="Hall",
            by=coordinator,
        )
    assert refused.value.field == "ends"


def test_a_summation_review_puts_its_adoption_before_the_general_body(coordinator):
    meeting = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    item = services.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.SUMMATION_REVIEW,
        title="",
        proposal=None,
        iso_week="2026-W47",
        by=coordinator,
    )
    assert item.title == "Review the summation of week 2026-W47"
    assert item.iso_week == "2026-W47"
    assert item.proposal.title == "Adopt the summation of week 2026-W47"
    assert item.proposal.scope == Scope.STEERING
    assert list(AgendaItem.objects.summation_reviews("2026-W47")) == [item]


def test_a_deferred_summation_review_keeps_the_same_open_proposal(coordinator):
    first = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    second = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    fields = {"kind": AgendaItem.Kind.SUMMATION_REVIEW, "title": "", "proposal": None}
    a = services.agenda_item_add(meeting=first, iso_week="2026-W47", by=coordinator, **fields)
    b = services.agenda_item_add(meeting=second, iso_week="2026-W47", by=coordinator, **fields)
    assert a.proposal == b.proposal
    assert Proposal.objects.count() == 1


def test_only_the_general_body_reviews_the_summation(delivery, lead):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=lead)
    with pytest.raises(services.Refused) as refused:
        services.agenda_item_add(
            meeting=meeting,
            kind=AgendaItem.Kind.SUMMATION_REVIEW,
            title="",
            proposal=None,
            iso_week="2026-W47",
            by=lead,
        )
    assert refused.value.field == "kind"


def test_agenda_items_are_numbered_in_the_order_added(coordinator):
    meeting = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    for title in ["Welcome", "The new site", "Next steps"]:
        services.agenda_item_add(
            meeting=meeting, kind="topic", title=title, proposal=None, iso_week="", by=coordinator
        )
    assert [(i.position, i.title) for i in meeting.agenda_items.all()] == [
        (1, "Welcome"),
        (2, "The new site"),
        (3, "Next steps"),
    ]


def test_removing_a_summation_review_removes_its_undecided_proposal(coordinator):
    meeting = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    item = services.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.SUMMATION_REVIEW,
        title="",
        proposal=None,
        iso_week="2026-W47",
        by=coordinator,
    )
    services.agenda_item_remove(item=item, by=coordinator)
    assert not Proposal.objects.exists()
