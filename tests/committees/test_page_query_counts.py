"""Every committee page not pinned in its own module runs the same number of queries with a
little data (2 of everything) and with more (30 of everything), under a fixed ceiling."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Body, Scope
from tests.committees.conftest import hold_meeting
from tests.factories.committees import (
    ActionItemFactory,
    MeetingFactory,
    MembershipFactory,
    ProposalFactory,
    SpokeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

# Page name -> (who asks, the most queries it may run).
CEILINGS = {
    "general_body": ("coordinator", 7),
    "proposal_detail": ("coordinator", 9),
    "action_item_detail": ("coordinator", 3),
    "weekly_report": ("coordinator", 5),
    "group_members": ("coordinator", 5),
    "group_edit": ("coordinator", 3),
    "spoke_elect": ("coordinator", 5),
    "spoke_recall": ("coordinator", 4),
    "meeting_create": ("coordinator", 3),
    "meeting_edit": ("coordinator", 3),
    "meeting_attendance": ("coordinator", 5),
    "agenda_item_add": ("coordinator", 4),
    "meeting_decide": ("coordinator", 7),
    "mandate_set": ("coordinator", 4),
    "proposal_create": ("member", 3),
    "action_item_create": ("coordinator", 6),
    "action_item_edit": ("coordinator", 5),
    "lead_decision": ("lead", 5),
    "calendar": ("member", 2),
}


def build(n: int, *, lead, coordinator) -> dict[str, str]:
    """A group led by `lead` with n members, n past meetings, a spoke; a general body meeting
    with n + 1 present, n proposals on its agenda, one decided by all present; n action
    items; a weekly report. Returns each page's URL."""
    group = WorkingGroupFactory(name=f"Delivery {n}")
    MembershipFactory(group=group, user=lead, is_lead=True)
    members = [MembershipFactory(group=group).user for _ in range(n)]
    for days in range(n):
        MeetingFactory(group=group, starts_at=timezone.now() - timedelta(days=days + 1))
    spoke = SpokeFactory(group=group, member=members[0])
    general = hold_meeting(body=Body.GENERAL_BODY, present=[coordinator, *members], by=coordinator)
    proposals = [ProposalFactory(scope=Scope.STEERING) for _ in range(n)]
    items = [
        services.agenda_item_add(
            meeting=general, kind="proposal", title="", proposal=p, iso_week="", by=coordinator
        )
        for p in proposals
    ]
    decided = ProposalFactory(scope=Scope.STEERING)
    services.decision_record_at_meeting(
        proposal=decided,
        meeting=general,
        votes={voter.key: "for" for voter in general.voters(decided)},
        reasoning="Because.",
        by=coordinator,
    )
    actions = [ActionItemFactory(group=group, assignee=m, meeting=general) for m in members]
    ProposalFactory(scope=Scope.OPERATIONAL, group=group)
    services.weekly_report_save(
        group=group, iso_week="2026-W47", what_we_did="Work.", what_went_wrong="",
        next_steps="", by=lead,
    )  # fmt: skip
    return {
        "general_body": reverse("committees:general_body"),
        "proposal_detail": reverse("committees:proposal_detail", args=[decided.pk]),
        "action_item_detail": reverse("committees:action_item_detail", args=[actions[0].pk]),
        "weekly_report": reverse("committees:weekly_report", args=[group.pk, "2026-W47"]),
        "group_members": reverse("committees:group_members", args=[group.pk]),
        "group_edit": reverse("committees:group_edit", args=[group.pk]),
        "spoke_elect": reverse("committees:spoke_elect", args=[group.pk]),
        "spoke_recall": reverse("committees:spoke_recall", args=[spoke.pk]),
        "meeting_create": reverse("committees:meeting_create"),
        "meeting_edit": reverse("committees:meeting_edit", args=[general.pk]),
        "meeting_attendance": reverse("committees:meeting_attendance", args=[general.pk]),
        "agenda_item_add": reverse("committees:agenda_item_add", args=[general.pk]),
        "meeting_decide": reverse("committees:meeting_decide", args=[items[0].pk]),
        "mandate_set": reverse("committees:mandate_set", args=[proposals[0].pk]),
        "proposal_create": reverse("committees:proposal_create"),
        "action_item_create": reverse("committees:action_item_create") + f"?meeting={general.pk}",
        "action_item_edit": reverse("committees:action_item_edit", args=[actions[0].pk]),
        "lead_decision": reverse("committees:lead_decision", args=[group.pk]),
        "calendar": reverse("dashboard:calendar"),
    }


def test_no_page_runs_more_queries_with_more_data(
    lead, coordinator, as_lead, as_coordinator, as_member, queries
):
    clients = {"lead": as_lead, "coordinator": as_coordinator, "member": as_member}

    def measure(urls):
        return {
            name: queries(clients[who], urls[name], ceiling)
            for name, (who, ceiling) in CEILINGS.items()
        }

    small = measure(build(2, lead=lead, coordinator=coordinator))
    large = measure(build(30, lead=lead, coordinator=coordinator))
    assert large == small
