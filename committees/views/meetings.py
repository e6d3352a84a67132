"""Meetings of a working group, the spokes-council or the general body: the agenda,
attendance and quorum, minutes, the notice, and the decisions taken there."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Perm, require
from committees import rules, services
from committees.filters import MeetingFilter
from committees.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingEditForm,
    MeetingForm,
)
from committees.models import ActionItem, AgendaItem, Attendance, Body, Decision, Meeting, Scope
from committees.views import refuse
from committees.views.access import (
    _get_agenda_item_for_user,
    _get_meeting_for_user,
    bodies_user_can_call,
    manageable_groups,
    manageable_meetings,
)
from core.http import paginate, posted

PAGE_SIZE = 30


def meeting_list(request: HttpRequest) -> HttpResponse:
    data = request.GET if request.GET else {"when": "upcoming"}
    meetings = MeetingFilter(data, queryset=Meeting.objects.for_meeting_list())
    page = paginate(request, meetings.qs, PAGE_SIZE)
    return render(
        request,
        "committees/meeting_list.html",
        {
            "filter": meetings,
            "page": page,
            "meetings": list(page.object_list),
            "can_call": bool(bodies_user_can_call(request.user)),
        },
    )


@require(Perm.LEAD_GROUP)
def meeting_create(request: HttpRequest) -> HttpResponse:
    groups = manageable_groups(request.user).order_by("name")
    initial = {
        "body": request.GET.get("body", Body.WORKING_GROUP),
        "group": request.GET.get("group"),
    }
    form = MeetingForm(
        posted(request),
        bodies=bodies_user_can_call(request.user),
        groups=groups,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                body=data["body"],
                group=data["group"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                by=request.user,
            )
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("Meeting called. Add its agenda, then send the notice."))
            return redirect(meeting)
    return render(
        request, "committees/meeting_form.html", {"form": form}, status=422 if form.errors else 200
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(request, pk)
    agenda = list(
        meeting.agenda_items.select_related("proposal", "proposal__decision", "proposal__group")
    )
    present = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("member")
        .order_by("member__display_name", "member__email")
    )
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "present": present,
        "quorum_met": meeting.has_quorum(len(present)),
        "vote_rule": rules.rule_label(meeting.vote_rule),
        "decisions": list(
            Decision.objects.filter(meeting=meeting).select_related("proposal").order_by("pk")
        ),
        "action_items": list(ActionItem.objects.filter(meeting=meeting).for_action_item_list()),
        "can_manage": manageable_meetings(request.user).filter(pk=meeting.pk).exists(),
    }
    return render(request, "committees/meeting_detail.html", context)


@require(Perm.LEAD_GROUP)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(request, pk, to_manage=True)
    form = MeetingEditForm(posted(request), initial=MeetingEditForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.meeting_update(
            meeting=meeting,
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data["place"],
            minutes=data["minutes"],
            by=request.user,
        )
        messages.success(request, _("Saved."))
        return redirect(meeting)
    return render(
        request,
        "committees/meeting_edit.html",
        {"form": form, "meeting": meeting},
        status=422 if form.errors else 200,
    )


@require(Perm.LEAD_GROUP)
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(request, pk, to_manage=True)
    initial = {"present": list(meeting.attendances.values_list("member_id", flat=True))}
    form = AttendanceForm(posted(request), eligible=meeting.eligible_members(), initial=initial)
    if request.method == "POST" and form.is_valid():
        count = services.meeting_record_attendance(
            meeting=meeting, members=form.cleaned_data["present"], by=request.user
        )
        messages.success(request, _("Attendance saved: %(count)s present.") % {"count": count})
        return redirect(meeting)
    return render(request, "committees/meeting_attendance.html", {"form": form, "meeting": meeting})


@require(Perm.LEAD_GROUP)
@require_POST
def meeting_notice(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(request, pk, to_manage=True)
    services.meeting_send_notice(meeting=meeting, by=request.user)
    messages.success(request, _("The notice is on its way to everyone called to the meeting."))
    return redirect(meeting)


@require(Perm.LEAD_GROUP)
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting_for_user(request, pk, to_manage=True)
    initial = {"kind": AgendaItem.Kind.TOPIC}
    if request.GET.get("proposal"):
        initial = {"kind": AgendaItem.Kind.PROPOSAL, "proposal": request.GET["proposal"]}
    form = AgendaItemForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, **form.cleaned_data, by=request.user)
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("Added to the agenda."))
            return redirect(meeting)
    return render(
        request,
        "committees/agenda_item_form.html",
        {"form": form, "meeting": meeting},
        status=422 if form.errors else 200,
    )


@require(Perm.LEAD_GROUP)
@require_POST
def agenda_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_agenda_item_for_user(request, pk)
    services.agenda_item_remove(item=item, by=request.user)
    messages.success(request, _("Taken off the agenda."))
    return redirect(item.meeting)


@require(Perm.LEAD_GROUP)
def meeting_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the votes and the decision on a proposal on this meeting's agenda. A meeting at
    the wrong level for the proposal's scope (or a general body without quorum, for a
    steering proposal) is told why, and nothing is recorded."""
    item = _get_agenda_item_for_user(request, pk)
    meeting, proposal = item.meeting, item.proposal
    if proposal is None:
        return redirect(meeting)
    form = DecisionForm(posted(request), voters=meeting.voters(proposal))
    refusal = rules.refusal_at_meeting(proposal, meeting)
    if refusal is None and proposal.scope == Scope.STEERING:
        present = meeting.attendances.count()
        if not meeting.has_quorum(present):
            refusal = rules.refusal_without_quorum(
                present=present, needed=meeting.quorum_needed, eligible=meeting.members_eligible
            )
    decided = Decision.objects.filter(proposal=proposal).first()
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record_at_meeting(
                proposal=proposal,
                meeting=meeting,
                votes=form.votes(),
                reasoning=form.cleaned_data["reasoning"],
                by=request.user,
            )
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("The decision is recorded in the decision log."))
            return redirect(meeting)
    return render(
        request,
        "committees/meeting_decide.html",
        {
            "form": form,
            "item": item,
            "meeting": meeting,
            "proposal": proposal,
            "refusal": refusal,
            "decided": decided,
            "vote_rule": rules.rule_label(meeting.vote_rule),
        },
        status=422 if form.errors else 200,
    )
