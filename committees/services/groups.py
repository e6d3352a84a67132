"""Working groups, their members and leads, and electing and recalling spokes."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from committees.models import (
    Body,
    Meeting,
    Membership,
    Spoke,
    WorkingGroup,
)
from committees.services.common import Refused, _today
from core import audit

# --- Working groups ----------------------------------------------------------------------------


def working_group_create(*, name: str, purpose: str, vote_rule: str, by: User) -> WorkingGroup:
    """Start a working group. Its members and leads are added afterwards."""
    group = WorkingGroup.objects.create(name=name, purpose=purpose, vote_rule=vote_rule)
    audit.record(by=by, kind=audit.Kind.GROUP_CREATE, obj=group)
    return group


def working_group_update(
    *, group: WorkingGroup, name: str, purpose: str, vote_rule: str, by: User
) -> WorkingGroup:
    """Rename a group, restate its purpose or change the rule its meetings vote under. Past
    decisions keep the rule that was in force when they were made."""
    group.name, group.purpose, group.vote_rule = name, purpose, vote_rule
    group.save(update_fields=["name", "purpose", "vote_rule"])
    audit.record(by=by, kind=audit.Kind.GROUP_UPDATE, obj=group)
    return group


def _check_can_lead(user: User) -> None:
    if not user.is_lead:
        raise Refused(
            _(
                "%(name)s does not hold the committee lead role. A coordinator gives it on the "
                "Members page; then they can lead a group."
            )
            % {"name": user},
            field="is_lead",
        )


def membership_add(*, group: WorkingGroup, user: User, is_lead: bool, by: User) -> Membership:
    """Add a member to a group (members can belong to several groups), as a lead or not."""
    if is_lead:
        _check_can_lead(user)
    if Membership.objects.filter(group=group, user=user).exists():
        raise Refused(
            _("%(name)s is already a member of %(group)s.") % {"name": user, "group": group},
            field="user",
        )
    membership = Membership.objects.create(group=group, user=user, is_lead=is_lead)
    audit.record(by=by, kind=audit.Kind.MEMBERSHIP_ADD, obj=membership, lead=is_lead)
    return membership


def membership_set_lead(*, membership: Membership, is_lead: bool, by: User) -> Membership:
    """Make a member one of the group's leads, or no longer a lead."""
    if is_lead:
        _check_can_lead(membership.user)
    membership.is_lead = is_lead
    membership.save(update_fields=["is_lead"])
    audit.record(by=by, kind=audit.Kind.MEMBERSHIP_LEAD, obj=membership, lead=is_lead)
    return membership


def membership_remove(*, membership: Membership, by: User) -> None:
    """Take a member out of a group. A sitting spoke must be recalled (or their term end)
    before they leave the group they speak for."""
    sitting = Spoke.objects.current(_today()).filter(
        group_id=membership.group_id, member_id=membership.user_id
    )
    if sitting.exists():
        raise Refused(
            _("%(name)s is the group's spoke: recall them at a meeting before they leave.")
            % {"name": membership.user}
        )
    audit.record(
        by=by,
        kind=audit.Kind.MEMBERSHIP_REMOVE,
        obj=membership,
        group=membership.group_id,
        member=membership.user_id,
    )
    membership.delete()


# --- Spokes ------------------------------------------------------------------------------------


@transaction.atomic
def spoke_elect(
    *,
    group: WorkingGroup,
    member: User,
    meeting: Meeting,
    term_start: date,
    term_end: date,
    mandate: str,
    by: User,
) -> Spoke:
    """Record the spoke a working group elected at one of its meetings. One spoke sits for a
    group at a time: a sitting spoke's term ends the day before the new term starts."""
    WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
    if meeting.body != Body.WORKING_GROUP or meeting.group_id != group.pk:
        raise Refused(
            _("A spoke is elected at a meeting of %(group)s.") % {"group": group}, field="meeting"
        )
    if not Membership.objects.filter(group=group, user=member).exists():
        raise Refused(
            _("%(name)s is not a member of %(group)s.") % {"name": member, "group": group},
            field="member",
        )
    if term_end < term_start:
        raise Refused(_("The term must end after it starts."), field="term_end")
    if term_start < meeting.on:
        raise Refused(
            _("The term cannot start before the meeting that elected the spoke."),
            field="term_start",
        )
    overlapping = Spoke.objects.filter(
        group=group, term_start__lte=term_end, term_end__gte=term_start
    ).filter(Q(recalled_on__isnull=True) | Q(recalled_on__gt=term_start))
    for sitting in overlapping:
        if sitting.term_start >= term_start:
            raise Refused(
                _("%(name)s already has a term from %(start)s: the terms would overlap.")
                % {"name": sitting.member, "start": date_format(sitting.term_start, "DATE_FORMAT")},
                field="term_start",
            )
        sitting.term_end = term_start - timedelta(days=1)
        sitting.save(update_fields=["term_end"])
    spoke = Spoke.objects.create(
        group=group,
        member=member,
        elected_at=meeting,
        term_start=term_start,
        term_end=term_end,
        mandate=mandate,
    )
    audit.record(by=by, kind=audit.Kind.SPOKE_ELECT, obj=spoke, meeting=meeting.pk)
    return spoke


def spoke_recall(*, spoke: Spoke, meeting: Meeting, reason: str, by: User) -> Spoke:
    """The group recalls its spoke at one of its meetings; they leave the council that day."""
    if meeting.body != Body.WORKING_GROUP or meeting.group_id != spoke.group_id:
        raise Refused(
            _("A spoke is recalled at a meeting of %(group)s.") % {"group": spoke.group},
            field="meeting",
        )
    if not (spoke.term_start <= meeting.on <= spoke.sits_until):
        raise Refused(
            _("%(name)s was not sitting as spoke on the day of that meeting.")
            % {"name": spoke.member},
            field="meeting",
        )
    spoke.recalled_on = meeting.on
    spoke.recalled_at = meeting
    spoke.recall_reason = reason
    spoke.save(update_fields=["recalled_on", "recalled_at", "recall_reason"])
    audit.record(by=by, kind=audit.Kind.SPOKE_RECALL, obj=spoke, meeting=meeting.pk)
    return spoke
