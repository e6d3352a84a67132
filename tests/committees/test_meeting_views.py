"""Meeting pages: calling a meeting, its page, attendance, the agenda, and the votes and
decision page, which refuses a decision at the wrong level with a clear message."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import AgendaItem, Body, Decision, Meeting, Scope
from tests.committees.conftest import hold_meeting
from tests.factories.accounts import UserFactory
from tests.factories.committees import MeetingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def on_agenda(meeting, proposal, by):
    return services.agenda_item_add(
        meeting=meeting, kind="proposal", title="", proposal=proposal, iso_week="", by=by
    )


def test_a_lead_calls_a_meeting_of_their_group(as_lead, delivery):
    day = timezone.localdate() + timedelta(days=3)
    response = as_lead.post(
        reverse("committees:meeting_create"),
        {
            "body": "working_group",
            "group": delivery.pk,
            "day": day.isoformat(),
            "starts": "18:00",
            "ends": "19:30",
            "place": "Elm Street, side room",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.body, meeting.group) == (Body.WORKING_GROUP, delivery)
    assert timezone.localtime(meeting.starts_at).hour == 18
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)


def test_a_lead_cannot_call_the_general_body_or_another_groups_meeting(as_lead, outreach):
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    fields = {"day": day, "starts": "18:00", "ends": "19:00", "place": "Hall"}
    response = as_lead.post(
        reverse("committees:meeting_create"), {"body": "general_body", **fields}
    )
    assert response.status_code == 422
    assert "body" in response.context["form"].errors
    response = as_lead.post(
        reverse("committees:meeting_create"),
        {"body": "working_group", "group": outreach.pk, **fields},
    )
    assert response.status_code == 422
    assert "group" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_meeting_that_ends_before_it_starts_is_refused_and_keeps_the_input(as_coordinator):
    response = as_coordinator.post(
        reverse("committees:meeting_create"),
        {"body": "general_body", "day": "2026-12-01", "starts": "19:00", "ends": "18:00",
         "place": "Elm Street Community Center"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.context["form"].errors["ends"] == ["The meeting must end after it starts."]
    assert "Elm Street Community Center" in response.text


def test_the_meeting_list_shows_upcoming_meetings_first(as_member, coordinator):
    now = timezone.now()
    past = MeetingFactory(body=Body.GENERAL_BODY, starts_at=now - timedelta(days=7))
    soon = MeetingFactory(body=Body.GENERAL_BODY, starts_at=now + timedelta(days=1))
    later = MeetingFactory(body=Body.GENERAL_BODY, starts_at=now + timedelta(days=8))
    response = as_member.get(reverse("committees:meeting_list"))
    assert response.context["meetings"] == [soon, later]
    response = as_member.get(reverse("committees:meeting_list"), {"when": "past"})
    assert response.context["meetings"] == [past]


def test_the_meeting_list_runs_a_fixed_number_of_queries(as_member, queries, delivery):
    url = reverse("committees:meeting_list") + "?when=upcoming"
    tomorrow = timezone.now() + timedelta(days=1)
    for _ in range(2):
        MeetingFactory(body=Body.WORKING_GROUP, group=delivery, starts_at=tomorrow)
    small = queries(as_member, url, 5)
    for _ in range(28):
        MeetingFactory(body=Body.WORKING_GROUP, group=delivery, starts_at=tomorrow)
    assert queries(as_member, url, 5) == small


def test_the_meeting_page_shows_agenda_attendance_and_quorum(as_member, coordinator, member):
    for _ in range(2):
        UserFactory()  # 4 active members: quorum 2
    meeting = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator, member], by=coordinator)
    services.agenda_item_add(
        meeting=meeting, kind="summation_review", title="", proposal=None, iso_week="2026-W47",
        by=coordinator,
    )  # fmt: skip
    response = as_member.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert response.context["quorum_met"] is True
    assert "2 members present; quorum is 2 of 4 active members." in response.text
    assert "Review the summation of week 2026-W47" in response.text
    assert response.context["can_manage"] is False


def test_the_meeting_page_runs_a_fixed_number_of_queries(as_member, coordinator, queries):
    meeting = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator], by=coordinator)
    url = meeting.get_absolute_url()
    for _ in range(2):
        on_agenda(meeting, ProposalFactory(), coordinator)
    small = queries(as_member, url, 7)
    people = [UserFactory() for _ in range(28)]
    services.meeting_record_attendance(meeting=meeting, members=people, by=coordinator)
    for _ in range(28):
        on_agenda(meeting, ProposalFactory(), coordinator)
    assert queries(as_member, url, 7) == small


def test_the_lead_records_attendance_at_their_groups_meeting(as_lead, delivery, lead, driver):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, by=lead)
    response = as_lead.post(
        reverse("committees:meeting_attendance", args=[meeting.pk]), {"present": [driver.pk]}
    )
    assert response.status_code == 302
    assert list(meeting.attendances.values_list("member", flat=True)) == [driver.pk]


def test_a_lead_gets_404_managing_another_groups_meeting(as_lead, outreach, other_lead):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=outreach, by=other_lead)
    for name in ["meeting_edit", "meeting_attendance", "agenda_item_add"]:
        assert as_lead.get(reverse(f"committees:{name}", args=[meeting.pk])).status_code == 404
    assert as_lead.post(reverse("committees:meeting_notice", args=[meeting.pk])).status_code == 404


def test_the_agenda_form_refuses_a_week_that_does_not_exist(as_coordinator, coordinator):
    meeting = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    response = as_coordinator.post(
        reverse("committees:agenda_item_add", args=[meeting.pk]),
        {"kind": "summation_review", "iso_week": "2026-W60"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["iso_week"] == [
        "Write the week as year-W-number, for example 2026-W47."
    ]
    assert not AgendaItem.objects.exists()


def test_the_decide_page_explains_why_a_working_group_cannot_decide_steering(
    as_lead, delivery, lead, driver
):
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=delivery, present=[lead, driver], by=lead)
    proposal = ProposalFactory(title="Move the serve to Elm Street", scope=Scope.STEERING)
    item = on_agenda(meeting, proposal, lead)
    url = reverse("committees:meeting_decide", args=[item.pk])

    page = as_lead.get(url)
    assert "“Move the serve to Elm Street” is a steering proposal" in page.text
    response = as_lead.post(url, {f"vote_m{lead.pk}": "for", "reasoning": "We want it."})

    assert response.status_code == 422
    assert "only a general body meeting with quorum can decide it" in response.text
    assert not Decision.objects.exists()


def test_the_decide_page_refuses_steering_at_a_general_body_without_quorum(
    as_coordinator, coordinator
):
    for _ in range(5):
        UserFactory()  # 6 active members: quorum 3
    meeting = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator], by=coordinator)
    item = on_agenda(meeting, ProposalFactory(scope=Scope.STEERING), coordinator)
    response = as_coordinator.post(
        reverse("committees:meeting_decide", args=[item.pk]),
        {f"vote_m{coordinator.pk}": "for", "reasoning": "Urgent."},
    )
    assert response.status_code == 422
    assert "This general body meeting has no quorum: 1 members present, 3 needed" in response.text
    assert not Decision.objects.exists()


def test_a_quorate_general_body_decides_a_steering_proposal(as_coordinator, coordinator, member):
    meeting = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator, member], by=coordinator)
    proposal = ProposalFactory(title="Move the serve to Elm Street", scope=Scope.STEERING)
    item = on_agenda(meeting, proposal, coordinator)
    response = as_coordinator.post(
        reverse("committees:meeting_decide", args=[item.pk]),
        {
            f"vote_m{coordinator.pk}": "for",
            f"vote_m{member.pk}": "for",
            "reasoning": "Covered entrance, near the bus.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.proposal, decision.meeting, decision.outcome) == (proposal, meeting, "adopted")
    assert decision.votes_for == 2


def test_a_spokes_vote_against_the_mandate_is_shown_next_to_their_field(
    as_coordinator, coordinator, delivery, driver, lead
):
    from tests.factories.committees import SpokeFactory

    SpokeFactory(group=delivery, member=driver)
    council = hold_meeting(body=Body.SPOKES_COUNCIL, present=[driver], by=coordinator)
    proposal = ProposalFactory(scope=Scope.COORDINATION)
    services.mandate_set(proposal=proposal, group=delivery, position="against", note="", by=lead)
    item = on_agenda(council, proposal, coordinator)
    url = reverse("committees:meeting_decide", args=[item.pk])
    assert as_coordinator.get(url).context["form"][f"vote_g{delivery.pk}"].initial == "against"

    response = as_coordinator.post(url, {f"vote_g{delivery.pk}": "for", "reasoning": "x"})

    assert response.status_code == 422
    assert response.context["form"].errors[f"vote_g{delivery.pk}"] == [
        "Delivery mandated its spoke to vote “Against”."
    ]
