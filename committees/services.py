"""Writes on committees: groups and their members, spokes, meetings, proposals and decisions,
action items and weekly reports. Who may call each one is checked by the views' lookups
(`committees.views.access`); the rules about *what* may be recorded live here and in
`committees.rules`, and a write they forbid raises `Refused` with a message for the member."""

from collections import defaultdict
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from committees import rules
from committees.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Mandate,
    Meeting,
    Membership,
    Outcome,
    Proposal,
    Scope,
    Spoke,
    Vote,
    VoteChoice,
    VoteRule,
    WeeklyReport,
    WorkingGroup,
)
from core import audit, emails
from core.tasks import enqueue_on_commit


class Refused(Exception):
    """A write the committee rules do not allow. `message` tells the member why; `field` names
    the form field it belongs next to, if any."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _today() -> date:
    return timezone.localdate()


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


# --- Meetings ----------------------------------------------------------------------------------


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise Refused(_("The meeting must end after it starts."), field="ends")


def meeting_schedule(
    *,
    body: str,
    group: WorkingGroup | None,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    by: User,
) -> Meeting:
    """Call a meeting of a working group, the spokes-council or the general body."""
    if body == Body.WORKING_GROUP and group is None:
        raise Refused(_("Choose the working group that meets."), field="group")
    _check_times(starts_at, ends_at)
    meeting = Meeting.objects.create(
        body=body,
        group=group if body == Body.WORKING_GROUP else None,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        called_by=by,
    )
    audit.record(by=by, kind=audit.Kind.MEETING_SCHEDULE, obj=meeting, body=body)
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    minutes: str,
    by: User,
) -> Meeting:
    """Change when or where a meeting is, or write its minutes."""
    _check_times(starts_at, ends_at)
    meeting.title, meeting.place, meeting.minutes = title, place, minutes
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.save(update_fields=["title", "place", "minutes", "starts_at", "ends_at"])
    audit.record(by=by, kind=audit.Kind.MEETING_UPDATE, obj=meeting)
    return meeting


@transaction.atomic
def meeting_record_attendance(*, meeting: Meeting, members, by: User) -> int:
    """Record who was present (replacing any earlier record). For the general body, fix the
    quorum at GENERAL_BODY_QUORUM of the members active now, rounded up."""
    eligible = meeting.eligible_members()
    wanted = set(eligible.filter(pk__in=[m.pk for m in members]).values_list("pk", flat=True))
    meeting.attendances.exclude(member_id__in=wanted).delete()
    already = set(meeting.attendances.values_list("member_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member_id=pk) for pk in sorted(wanted - already)
    )
    if meeting.body == Body.GENERAL_BODY:
        meeting.members_eligible = eligible.count()
        meeting.quorum_needed = rules.quorum_needed(
            settings.GENERAL_BODY_QUORUM, meeting.members_eligible
        )
        meeting.save(update_fields=["members_eligible", "quorum_needed"])
    audit.record(by=by, kind=audit.Kind.MEETING_ATTENDANCE, obj=meeting, present=len(wanted))
    return len(wanted)


def meeting_send_notice(*, meeting: Meeting, by: User) -> Meeting:
    """Email the meeting notice, with the agenda, to everyone called to it (after commit,
    through the worker). It can be sent again after the agenda changes."""
    meeting.notice_sent_at = timezone.now()
    meeting.save(update_fields=["notice_sent_at"])
    audit.record(by=by, kind=audit.Kind.MEETING_NOTICE, obj=meeting)
    enqueue_on_commit("committees.tasks.send_meeting_notice", meeting.pk)
    return meeting


def _claim_request(queryset, *, requested: str, handled: str) -> bool:
    """Claim the latest request of a row (`requested`, a time) by copying it to `handled`, in
    one conditional UPDATE: of two deliveries of one task, only one gets True."""
    return bool(
        queryset.filter(**{f"{requested}__isnull": False})
        .filter(Q(**{f"{handled}__isnull": True}) | Q(**{f"{handled}__lt": F(requested)}))
        .update(**{handled: F(requested)})
    )


@transaction.atomic
def meeting_notice_deliver(*, meeting_id: int) -> int:
    """Send the notice of one meeting, each member in their own language. Returns the count.

    The request (notice_sent_at) is claimed first, so a task delivered twice sends once; if
    sending fails the claim is rolled back with it."""
    if not _claim_request(
        Meeting.objects.filter(pk=meeting_id),
        requested="notice_sent_at",
        handled="notice_delivered_for",
    ):
        return 0
    meeting = Meeting.objects.select_related("group").get(pk=meeting_id)
    agenda = list(meeting.agenda_items.all())
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "link": emails.absolute(meeting.get_absolute_url()),
    }

    def subject() -> str:
        return _("Meeting notice: %(body)s, %(date)s") % {
            "body": meeting.body_name,
            "date": date_format(meeting.on, "DATE_FORMAT"),
        }

    messages = [
        emails.message_for(
            member, subject=subject, template="committees/email/meeting_notice.txt", context=context
        )
        for member in meeting.eligible_members()
    ]
    return emails.send(messages)


# --- Agenda ------------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    proposal: Proposal | None,
    iso_week: str,
    by: User,
) -> AgendaItem:
    """Add an item at the end of a meeting's agenda: a discussion, a proposal to decide, or
    (general body only) the review of a week's summation, which puts the proposal "adopt the
    summation of week N" before the general body as a steering decision."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    position = (meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1
    if kind == AgendaItem.Kind.TOPIC:
        if not title:
            raise Refused(_("Say what will be discussed."), field="title")
        proposal, iso_week = None, ""
    elif kind == AgendaItem.Kind.PROPOSAL:
        if proposal is None:
            raise Refused(_("Choose the proposal to decide."), field="proposal")
        if Decision.objects.filter(proposal=proposal).exists():
            raise Refused(_("That proposal has already been decided."), field="proposal")
        title, iso_week = proposal.title, ""
    else:
        if meeting.body != Body.GENERAL_BODY:
            raise Refused(_("The general body reviews the weekly summation."), field="kind")
        if not iso_week:
            raise Refused(_("Say which week's summation is reviewed."), field="iso_week")
        proposal = (
            Proposal.objects.open()
            .filter(
                agenda_items__kind=AgendaItem.Kind.SUMMATION_REVIEW,
                agenda_items__iso_week=iso_week,
            )
            .first()
        )
        if proposal is None:
            proposal = Proposal.objects.create(
                title=Proposal.summation_adoption_title(iso_week),
                scope=Scope.STEERING,
                proposed_by=by,
            )
        title = _("Review the summation of week %(week)s") % {"week": iso_week}
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        kind=kind,
        title=title,
        proposal=proposal,
        iso_week=iso_week,
    )
    audit.record(by=by, kind=audit.Kind.AGENDA_ADD, obj=item, meeting=meeting.pk)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User) -> None:
    """Take an item off the agenda. An undecided summation-adoption proposal that no other
    meeting has on its agenda goes with it."""
    proposal = item.proposal
    audit.record(by=by, kind=audit.Kind.AGENDA_REMOVE, obj=item, meeting=item.meeting_id)
    item.delete()
    if (
        item.kind == AgendaItem.Kind.SUMMATION_REVIEW
        and proposal is not None
        and not proposal.agenda_items.exists()
        and not Decision.objects.filter(proposal=proposal).exists()
    ):
        proposal.delete()


# --- Proposals, mandates and decisions ---------------------------------------------------------


def proposal_create(
    *, title: str, text: str, scope: str, group: WorkingGroup | None, by: User
) -> Proposal:
    """Put a proposal forward. Its scope says who can decide it: an operational proposal
    belongs to one working group; coordination and steering ones to the whole organization."""
    if scope == Scope.OPERATIONAL and group is None:
        raise Refused(_("Say which working group an operational proposal is for."), field="group")
    proposal = Proposal.objects.create(
        title=title,
        text=text,
        scope=scope,
        group=group if scope == Scope.OPERATIONAL else None,
        proposed_by=by,
    )
    audit.record(by=by, kind=audit.Kind.PROPOSAL_CREATE, obj=proposal, scope=scope)
    return proposal


def mandate_set(
    *, proposal: Proposal, group: WorkingGroup, position: str, note: str, by: User
) -> Mandate:
    """Record the position a working group mandates its spoke to cast on a coordination
    proposal at the spokes-council."""
    if proposal.scope != Scope.COORDINATION:
        raise Refused(
            _("Spokes vote at the spokes-council on coordination proposals only."),
            field="position",
        )
    if Decision.objects.filter(proposal=proposal).exists():
        raise Refused(_("That proposal has already been decided."), field="position")
    mandate, _created = Mandate.objects.update_or_create(
        proposal=proposal,
        group=group,
        defaults={"position": position, "note": note, "recorded_by": by},
    )
    audit.record(by=by, kind=audit.Kind.MANDATE_SET, obj=mandate, position=position)
    return mandate


def _lock_open_proposal(proposal: Proposal) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("group").get(pk=proposal.pk)
    )
    if Decision.objects.filter(proposal=proposal).exists():
        raise Refused(_("This proposal has already been decided."))
    return proposal


@transaction.atomic
def decision_record_at_meeting(
    *, proposal: Proposal, meeting: Meeting, votes: dict[str, str], reasoning: str, by: User
) -> Decision:
    """Record the decision a meeting took on a proposal: the votes of the members present
    (`votes` maps each voter's key from `meeting.voters()` to a VoteChoice; members who did
    not vote are left out), the rule in force, the outcome it gives, and the reasoning.

    Refused when the meeting is the wrong level for the proposal's scope, when a steering
    proposal comes before a general body meeting without quorum, and when a spoke's vote
    differs from the position their group mandated."""
    proposal = _lock_open_proposal(proposal)
    refusal = rules.refusal_at_meeting(proposal, meeting)
    if refusal:
        raise Refused(refusal)
    if proposal.scope == Scope.STEERING:
        present = meeting.attendances.count()
        if not meeting.has_quorum(present):
            raise Refused(
                rules.refusal_without_quorum(
                    present=present,
                    needed=meeting.quorum_needed,
                    eligible=meeting.members_eligible,
                )
            )
    voters = {voter.key: voter for voter in meeting.voters(proposal)}
    cast = []
    for key, choice in votes.items():
        if not choice:
            continue
        voter = voters.get(key)
        if voter is None:
            raise Refused(_("Only members present at the meeting can vote."))
        if voter.mandate and choice != voter.mandate:
            raise Refused(
                _("%(group)s mandated its spoke to vote “%(position)s”.")
                % {"group": voter.group, "position": VoteChoice(voter.mandate).label},
                field=f"vote_{key}",
            )
        cast.append((voter, VoteChoice(choice)))
    if not cast:
        raise Refused(_("Record at least one vote."))
    rule = meeting.vote_rule
    tally = rules.Tally.of(choice for _voter, choice in cast)
    decision = Decision.objects.create(
        proposal=proposal,
        body=meeting.body,
        group=meeting.group,
        meeting=meeting,
        decided_on=meeting.on,
        vote_rule=rule,
        outcome=rules.outcome_under(rule, tally),
        reasoning=reasoning,
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        votes_abstain=tally.votes_abstain,
        votes_block=tally.votes_block,
        recorded_by=by,
    )
    Vote.objects.bulk_create(
        Vote(
            decision=decision,
            voter=voter.member,
            group=voter.group,
            choice=choice,
            mandated=bool(voter.mandate),
        )
        for voter, choice in cast
    )
    audit.record(
        by=by,
        kind=audit.Kind.DECISION_MEETING,
        obj=decision,
        meeting=meeting.pk,
        outcome=decision.outcome,
        votes_for=tally.votes_for,
        votes_against=tally.votes_against,
        votes_abstain=tally.votes_abstain,
        votes_block=tally.votes_block,
    )
    return decision


@transaction.atomic
def decision_record_by_lead(
    *,
    group: WorkingGroup,
    proposal: Proposal | None,
    title: str,
    text: str,
    outcome: str,
    reasoning: str,
    by: User,
) -> Decision:
    """A group's lead records an operational decision for their own group, without a
    meeting: on one of the group's open operational proposals, or on a new one (`title`,
    `text`). Refused for another group's matters and for coordination or steering."""
    if not WorkingGroup.objects.led_by(by).filter(pk=group.pk).exists():
        raise Refused(
            _("Only a lead of %(group)s records its operational decisions.") % {"group": group}
        )
    if proposal is None:
        if not title:
            raise Refused(_("Say what was decided."), field="title")
        proposal = Proposal.objects.create(
            title=title, text=text, scope=Scope.OPERATIONAL, group=group, proposed_by=by
        )
    proposal = _lock_open_proposal(proposal)
    if proposal.scope != Scope.OPERATIONAL or proposal.group_id != group.pk:
        raise Refused(
            _("A lead decides only operational proposals of their own group."), field="proposal"
        )
    decision = Decision.objects.create(
        proposal=proposal,
        body=Body.WORKING_GROUP,
        group=group,
        meeting=None,
        decided_on=_today(),
        vote_rule=VoteRule.LEAD,
        outcome=Outcome(outcome),
        reasoning=reasoning,
        recorded_by=by,
    )
    audit.record(by=by, kind=audit.Kind.DECISION_LEAD, obj=decision, outcome=decision.outcome)
    return decision


# --- Action items ------------------------------------------------------------------------------


def action_item_create(
    *,
    title: str,
    notes: str,
    group: WorkingGroup,
    assignee: User,
    due_on: date,
    meeting: Meeting | None,
    decision: Decision | None,
    by: User,
) -> ActionItem:
    """Give a member something to do, answerable to a working group; the assignee hears about
    it by email (after commit, through the worker)."""
    notify = assignee.pk != by.pk
    item = ActionItem.objects.create(
        title=title,
        notes=notes,
        group=group,
        assignee=assignee,
        due_on=due_on,
        meeting=meeting,
        decision=decision,
        created_by=by,
        assigned_notice_due_at=timezone.now() if notify else None,
    )
    audit.record(by=by, kind=audit.Kind.ACTION_ITEM_CREATE, obj=item, assignee=assignee.pk)
    if notify:
        enqueue_on_commit("committees.tasks.send_action_item_assigned", item.pk)
    return item


def action_item_update(
    *,
    item: ActionItem,
    title: str,
    notes: str,
    group: WorkingGroup,
    assignee: User,
    due_on: date,
    by: User,
) -> ActionItem:
    """Change an action item. A new assignee hears about it; a new due date re-arms the
    reminder and the overdue flag (they are claimed per due date)."""
    reassigned = item.assignee_id != assignee.pk
    item.title, item.notes, item.group, item.assignee, item.due_on = (
        title,
        notes,
        group,
        assignee,
        due_on,
    )
    fields = ["title", "notes", "group", "assignee", "due_on"]
    notify = reassigned and assignee.pk != by.pk
    if notify:
        item.assigned_notice_due_at = timezone.now()
        fields.append("assigned_notice_due_at")
    item.save(update_fields=fields)
    audit.record(by=by, kind=audit.Kind.ACTION_ITEM_UPDATE, obj=item, assignee=assignee.pk)
    if notify:
        enqueue_on_commit("committees.tasks.send_action_item_assigned", item.pk)
    return item


def action_item_set_status(*, item: ActionItem, status: str, by: User) -> ActionItem:
    """Mark an action item done, dropped, or open again."""
    item.status = ActionItem.Status(status)
    item.done_on = _today() if item.status == ActionItem.Status.DONE else None
    item.save(update_fields=["status", "done_on"])
    audit.record(by=by, kind=audit.Kind.ACTION_ITEM_STATUS, obj=item, status=item.status)
    return item


@transaction.atomic
def action_item_assigned_notify(*, item_id: int) -> int:
    """Tell the assignee of an action item, once per assignment (claimed first, so a task
    delivered twice sends one email)."""
    if not _claim_request(
        ActionItem.objects.filter(pk=item_id),
        requested="assigned_notice_due_at",
        handled="assigned_notice_sent_for",
    ):
        return 0
    item = ActionItem.objects.select_related("group", "assignee").get(pk=item_id)
    if item.status != ActionItem.Status.OPEN or not item.assignee.is_active:
        return 0
    message = emails.message_for(
        item.assignee,
        subject=lambda: _("New action item: %(title)s") % {"title": item.title},
        template="committees/email/action_item_assigned.txt",
        context={"item": item, "link": emails.absolute(item.get_absolute_url())},
    )
    return emails.send([message])


def _claim(queryset, field: str) -> list[ActionItem]:
    """Lock the rows not yet claimed by another run, mark them claimed for their due date,
    and return them: two runs never send the same notice."""
    with transaction.atomic():
        items = list(
            queryset.select_for_update(skip_locked=True, of=("self",)).select_related(
                "group", "assignee"
            )
        )
        ActionItem.objects.filter(pk__in=[i.pk for i in items]).update(**{field: F("due_on")})
    return items


def _overdue_subject(count: int) -> str:
    return ngettext("%(count)s overdue action item", "%(count)s overdue action items", count) % {
        "count": count
    }


def action_items_send_due_notices(*, today: date) -> tuple[int, int]:
    """The daily job: remind assignees of open items due within ACTION_ITEM_REMINDER_DAYS,
    and flag overdue items to their group's leads (to the coordinators if the group has no
    lead). Each notice is claimed per item and due date first, so the job is idempotent.
    Returns (reminders sent, leads flagged)."""
    due_soon = _claim(
        ActionItem.objects.needing_reminder(today, settings.ACTION_ITEM_REMINDER_DAYS),
        "reminded_for",
    )
    reminders = [
        emails.message_for(
            item.assignee,
            subject=lambda item=item: (
                _("Reminder: %(title)s is due %(date)s")
                % {"title": item.title, "date": date_format(item.due_on, "DATE_FORMAT")}
            ),
            template="committees/email/action_item_reminder.txt",
            context={"item": item, "link": emails.absolute(item.get_absolute_url())},
        )
        for item in due_soon
        if item.assignee.is_active
    ]
    overdue = _claim(ActionItem.objects.needing_overdue_flag(today), "overdue_flagged_for")
    by_group: dict[int, list[ActionItem]] = defaultdict(list)
    for item in overdue:
        by_group[item.group_id].append(item)
    leads: dict[int, list[User]] = defaultdict(list)
    for membership in Membership.objects.leads_of(by_group).select_related("user"):
        leads[membership.group_id].append(membership.user)
    coordinators = list(User.objects.filter(is_active=True, is_coordinator=True))
    per_reader: dict[int, tuple[User, list[ActionItem]]] = {}
    for group_id, items in by_group.items():
        for reader in leads.get(group_id) or coordinators:
            per_reader.setdefault(reader.pk, (reader, []))[1].extend(items)
    flags = [
        emails.message_for(
            reader,
            subject=partial(_overdue_subject, len(items)),
            template="committees/email/action_items_overdue.txt",
            context={
                "items": sorted(items, key=lambda i: (i.group.name, i.due_on)),
                "link": emails.absolute(reverse("committees:action_item_list") + "?overdue=on"),
                "today": today,
            },
        )
        for reader, items in per_reader.values()
    ]
    emails.send(reminders + flags)
    return len(reminders), len(flags)


# --- Weekly reports ----------------------------------------------------------------------------


def weekly_report_save(
    *,
    group: WorkingGroup,
    iso_week: str,
    what_we_did: str,
    what_went_wrong: str,
    next_steps: str,
    by: User,
) -> WeeklyReport:
    """Write (or rewrite) a group's report for one ISO week, for the weekly summation."""
    report, _created = WeeklyReport.objects.update_or_create(
        group=group,
        iso_week=iso_week,
        defaults={
            "what_we_did": what_we_did,
            "what_went_wrong": what_went_wrong,
            "next_steps": next_steps,
            "written_by": by,
        },
    )
    audit.record(by=by, kind=audit.Kind.WEEKLY_REPORT_SAVE, obj=report)
    return report
