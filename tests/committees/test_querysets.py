"""What the weekly summation reads from committees, through QuerySet methods: decisions in a
date range, meetings held with their attendance and member-hours, action items created and
done, the groups' weekly reports, and the general body's adoption of a week's summation."""

from datetime import date, timedelta

import pytest

from committees import services
from committees.models import ActionItem, Body, Decision, Meeting, Scope, WeeklyReport
from core.weeks import Week
from tests.committees.conftest import hold_meeting
from tests.factories.accounts import UserFactory
from tests.factories.committees import ActionItemFactory, MeetingFactory, ProposalFactory, at

pytestmark = pytest.mark.django_db

WEEK = Week.exactly("2026-W47")
MONDAY, SUNDAY = WEEK.monday, WEEK.sunday


def test_iso_weeks_round_trip():
    assert (WEEK.monday, WEEK.sunday) == (date(2026, 11, 16), date(2026, 11, 22))
    assert str(Week.of(date(2026, 11, 22))) == "2026-W47"
    assert str(Week.of(date(2026, 11, 23))) == "2026-W48"


def test_decisions_made_in_a_week_with_scope_and_body(coordinator):
    meeting = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator], by=coordinator,
                           day=MONDAY + timedelta(days=1))  # fmt: skip
    proposal = ProposalFactory(title="Move the serve", scope=Scope.STEERING)
    services.decision_record_at_meeting(
        proposal=proposal, meeting=meeting, votes={f"m{coordinator.pk}": "for"}, reasoning="",
        by=coordinator,
    )  # fmt: skip
    outside = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator], by=coordinator,
                           day=SUNDAY + timedelta(days=1))  # fmt: skip
    services.decision_record_at_meeting(
        proposal=ProposalFactory(), meeting=outside, votes={f"m{coordinator.pk}": "for"},
        reasoning="", by=coordinator,
    )  # fmt: skip

    (decision,) = Decision.objects.made_between(MONDAY, SUNDAY)
    assert (decision.proposal.title, decision.proposal.scope, decision.body) == (
        "Move the serve",
        Scope.STEERING,
        Body.GENERAL_BODY,
    )


def test_meetings_held_in_a_week_with_attendance_and_member_hours(coordinator, delivery, lead):
    driver = delivery.memberships.exclude(user=lead).get().user
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, present=[lead, driver],
                           by=lead, day=MONDAY)  # fmt: skip
    MeetingFactory(body=Body.GENERAL_BODY, starts_at=at(SUNDAY + timedelta(days=1)))

    meetings = list(Meeting.objects.held_between(MONDAY, SUNDAY))

    assert meetings == [meeting]
    assert meetings[0].present == 2
    assert Meeting.objects.held_between(MONDAY, SUNDAY).attended_hours() == 3.0  # 2 × 1.5 h


def test_action_items_created_and_done_in_a_week(delivery, driver):
    item = ActionItemFactory(group=delivery, assignee=driver)
    ActionItem.objects.filter(pk=item.pk).update(
        created_at=at(MONDAY), status=ActionItem.Status.DONE, done_on=MONDAY + timedelta(days=2)
    )
    ActionItemFactory(group=delivery, assignee=driver)  # created today, not that week
    assert list(ActionItem.objects.created_between(MONDAY, SUNDAY)) == [item]
    assert list(ActionItem.objects.done_between(MONDAY, SUNDAY)) == [item]


def test_every_groups_report_for_a_week(delivery, outreach, lead, other_lead):
    for group, by in [(delivery, lead), (outreach, other_lead)]:
        services.weekly_report_save(
            group=group, iso_week="2026-W47", what_we_did="Work.", what_went_wrong="",
            next_steps="", by=by,
        )  # fmt: skip
    services.weekly_report_save(
        group=delivery, iso_week="2026-W46", what_we_did="Earlier.", what_went_wrong="",
        next_steps="", by=lead,
    )  # fmt: skip
    reports = WeeklyReport.objects.for_week("2026-W47").order_by("group__name")
    assert [(r.group.name, r.written_by) for r in reports] == [
        ("Delivery", lead),
        ("Outreach", other_lead),
    ]


def test_the_general_bodys_adoption_of_a_weeks_summation(coordinator):
    UserFactory()
    meeting = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator], by=coordinator)
    item = services.agenda_item_add(
        meeting=meeting, kind="summation_review", title="", proposal=None, iso_week="2026-W47",
        by=coordinator,
    )  # fmt: skip
    decision = services.decision_record_at_meeting(
        proposal=item.proposal, meeting=meeting, votes={f"m{coordinator.pk}": "for"},
        reasoning="Adopted as written.", by=coordinator,
    )  # fmt: skip
    assert list(Decision.objects.summation_adoptions("2026-W47")) == [decision]
    assert list(Decision.objects.summation_adoptions("2026-W46")) == []
