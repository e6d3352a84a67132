"""The one place committees decides which objects a member may act on.

Every member reads every group, meeting, proposal and decision: the organization's decisions
are the members' business. Acting on them is narrower. A coordinator manages everything; a
lead manages the groups they lead (members, spokes, meetings, action items, reports) and
records operational decisions for those groups only. Another group's objects answer 404."""

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.permissions import Perm, can
from committees.models import (
    ActionItem,
    AgendaItem,
    Body,
    Meeting,
    Membership,
    Spoke,
    WorkingGroup,
)


def is_coordinator(user) -> bool:
    return can(user, Perm.MANAGE_COMMITTEES)


def manageable_groups(user):
    """Groups whose members, spokes, meetings, action items and reports `user` manages."""
    if is_coordinator(user):
        return WorkingGroup.objects.all()
    if not can(user, Perm.LEAD_GROUP):
        return WorkingGroup.objects.none()
    return WorkingGroup.objects.led_by(user)


def manageable_meetings(user):
    if is_coordinator(user):
        return Meeting.objects.all()
    return Meeting.objects.filter(body=Body.WORKING_GROUP, group__in=manageable_groups(user))


def bodies_user_can_call(user) -> list[str]:
    if is_coordinator(user):
        return list(Body.values)
    return [Body.WORKING_GROUP] if can(user, Perm.LEAD_GROUP) else []


def _get_group_for_user(request: HttpRequest, pk: int, *, to_manage: bool = False) -> WorkingGroup:
    groups = manageable_groups(request.user) if to_manage else WorkingGroup.objects.all()
    return get_object_or_404(groups, pk=pk)


def _get_group_led_by_user(request: HttpRequest, pk: int) -> WorkingGroup:
    """For a lead's own decisions: only a lead of the group (a coordinator too must lead it)."""
    groups = WorkingGroup.objects.none()
    if can(request.user, Perm.LEAD_GROUP):
        groups = WorkingGroup.objects.led_by(request.user)
    return get_object_or_404(groups, pk=pk)


def _get_membership_for_user(request: HttpRequest, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("group", "user").filter(
            group__in=manageable_groups(request.user)
        ),
        pk=pk,
    )


def _get_spoke_for_user(request: HttpRequest, pk: int) -> Spoke:
    return get_object_or_404(
        Spoke.objects.select_related("group", "member").filter(
            group__in=manageable_groups(request.user)
        ),
        pk=pk,
    )


def _get_meeting_for_user(request: HttpRequest, pk: int, *, to_manage: bool = False) -> Meeting:
    meetings = manageable_meetings(request.user) if to_manage else Meeting.objects.all()
    return get_object_or_404(meetings.select_related("group"), pk=pk)


def _get_agenda_item_for_user(request: HttpRequest, pk: int) -> AgendaItem:
    """Agenda items are changed, and decided on, by whoever manages their meeting."""
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting", "meeting__group", "proposal").filter(
            meeting__in=manageable_meetings(request.user)
        ),
        pk=pk,
    )


def _get_action_item_for_user(
    request: HttpRequest, pk: int, *, to_manage: bool = False, to_update: bool = False
) -> ActionItem:
    """Any member reads an action item; its assignee and the group's managers update its
    status (`to_update`); only the group's managers edit it (`to_manage`)."""
    items = ActionItem.objects.select_related("group", "assignee", "meeting", "decision")
    if to_manage:
        items = items.filter(group__in=manageable_groups(request.user))
    elif to_update and not is_coordinator(request.user):
        items = items.filter(
            Q(assignee=request.user) | Q(group__in=manageable_groups(request.user))
        )
    return get_object_or_404(items, pk=pk)
