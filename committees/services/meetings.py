"""Scheduling meetings, attendance, the notice members get, and the agenda."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from committees import rules
from committees.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    Proposal,
    Scope,
    WorkingGroup,
)
from committees.services.common import Refused
from core import audit, emails
from core.queue import enqueue_on_commit

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
