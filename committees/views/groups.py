"""Working groups, their members and leads, spokes, the spokes-council and the general body,
leads' own decisions and weekly reports."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import Perm, can, require
from committees import rules, services
from committees.forms import (
    LeadDecisionForm,
    MembershipAddForm,
    SpokeElectionForm,
    SpokeRecallForm,
    WeeklyReportForm,
    WorkingGroupForm,
)
from committees.models import (
    ActionItem,
    Body,
    Decision,
    Meeting,
    Membership,
    Proposal,
    Scope,
    Spoke,
    WeeklyReport,
    WorkingGroup,
)
from committees.views import refuse
from committees.views.access import (
    _get_group_for_user,
    _get_group_led_by_user,
    _get_membership_for_user,
    _get_spoke_for_user,
    is_coordinator,
    manageable_groups,
)
from core.http import posted
from core.weeks import Week


def group_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    groups = list(WorkingGroup.objects.for_group_list(today))
    mine = set(Membership.objects.filter(user=request.user).values_list("group_id", flat=True))
    return render(
        request,
        "committees/group_list.html",
        {
            "groups": groups,
            "mine": mine,
            "can_create": is_coordinator(request.user),
        },
    )


@require(Perm.MANAGE_COMMITTEES)
def group_create(request: HttpRequest) -> HttpResponse:
    form = WorkingGroupForm(posted(request))
    if request.method == "POST" and form.is_valid():
        group = services.working_group_create(**form.cleaned_data, by=request.user)
        messages.success(request, _("Working group created. Now add its members."))
        return redirect("committees:group_members", group.pk)
    return render(request, "committees/group_form.html", {"form": form})


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _get_group_for_user(request, pk)
    today = timezone.localdate()
    now = timezone.now()
    memberships = list(Membership.objects.for_group_page(group))
    spoke = Spoke.objects.current(today).filter(group=group).select_related("member").first()
    context = {
        "group": group,
        "memberships": memberships,
        "spoke": spoke,
        "meetings": list(Meeting.objects.filter(group=group).upcoming(now)[:5]),
        "decisions": list(Decision.objects.for_log().filter(group=group)[:10]),
        "proposals": list(Proposal.objects.open().filter(group=group).order_by("-created_at")),
        "action_items": list(
            ActionItem.objects.open().filter(group=group).for_action_item_list()[:20]
        ),
        "reports": list(WeeklyReport.objects.for_group(group)[:4]),
        "can_manage": manageable_groups(request.user).filter(pk=group.pk).exists(),
        "leads_it": any(m.user_id == request.user.pk and m.is_lead for m in memberships)
        and request.user.is_lead,
        "this_week": str(Week.of(today)),
        "last_week": str(Week.of(today).previous),
    }
    return render(request, "committees/group_detail.html", context)


@require(Perm.LEAD_GROUP)
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _get_group_for_user(request, pk, to_manage=True)
    form = WorkingGroupForm(posted(request), instance=group)
    if request.method == "POST" and form.is_valid():
        services.working_group_update(group=group, **form.cleaned_data, by=request.user)
        messages.success(request, _("Saved."))
        return redirect(group)
    return render(request, "committees/group_form.html", {"form": form, "group": group})


@require(Perm.LEAD_GROUP)
def group_members(request: HttpRequest, pk: int) -> HttpResponse:
    group = _get_group_for_user(request, pk, to_manage=True)
    form = MembershipAddForm(posted(request), group=group)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(group=group, **form.cleaned_data, by=request.user)
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("committees:group_members", group.pk)
    if form.errors:
        status = 422
    memberships = list(Membership.objects.for_group_page(group))
    return render(
        request,
        "committees/group_members.html",
        {"group": group, "memberships": memberships, "form": form},
        status=status,
    )


@require(Perm.LEAD_GROUP)
@require_POST
def membership_set_lead(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership_for_user(request, pk)
    try:
        services.membership_set_lead(
            membership=membership, is_lead=request.POST.get("is_lead") == "1", by=request.user
        )
    except services.Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("committees:group_members", membership.group_id)


@require(Perm.LEAD_GROUP)
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership_for_user(request, pk)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except services.Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s left the group.") % {"name": membership.user})
    return redirect("committees:group_members", membership.group_id)


@require(Perm.LEAD_GROUP)
def spoke_elect(request: HttpRequest, pk: int) -> HttpResponse:
    group = _get_group_for_user(request, pk, to_manage=True)
    form = SpokeElectionForm(posted(request), group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.spoke_elect(group=group, **form.cleaned_data, by=request.user)
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("The spoke's election is recorded."))
            return redirect("committees:spokes_council")
    return render(
        request,
        "committees/spoke_form.html",
        {"form": form, "group": group},
        status=422 if form.errors else 200,
    )


@require(Perm.LEAD_GROUP)
def spoke_recall(request: HttpRequest, pk: int) -> HttpResponse:
    spoke = _get_spoke_for_user(request, pk)
    form = SpokeRecallForm(posted(request), group=spoke.group)
    if request.method == "POST" and form.is_valid():
        try:
            services.spoke_recall(
                spoke=spoke,
                meeting=form.cleaned_data["meeting"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("The recall is recorded."))
            return redirect("committees:spokes_council")
    return render(
        request,
        "committees/spoke_recall.html",
        {"form": form, "spoke": spoke},
        status=422 if form.errors else 200,
    )


def spokes_council(request: HttpRequest) -> HttpResponse:
    """Who sits on the spokes-council, since when, with which mandate."""
    today = timezone.localdate()
    spokes = list(Spoke.objects.for_council_page(today))
    return render(
        request,
        "committees/spokes_council.html",
        {
            "spokes": spokes,
            "groups_without_spoke": list(
                WorkingGroup.objects.exclude(pk__in=[s.group_id for s in spokes])
            ),
            "history": list(Spoke.objects.history().exclude(pk__in=[s.pk for s in spokes])[:20]),
            "meetings": list(
                Meeting.objects.filter(body=Body.SPOKES_COUNCIL).upcoming(timezone.now())[:5]
            ),
            "decisions": list(Decision.objects.for_log().filter(body=Body.SPOKES_COUNCIL)[:10]),
            "vote_rule": rules.rule_label(settings.SPOKES_COUNCIL_VOTE_RULE),
            "manageable": set(manageable_groups(request.user).values_list("pk", flat=True)),
        },
    )


def general_body(request: HttpRequest) -> HttpResponse:
    """The general body of all members: its quorum rule, its meetings, its steering decisions."""
    active = User.objects.filter(is_active=True).count()
    return render(
        request,
        "committees/general_body.html",
        {
            "active_members": active,
            "quorum_share": round(settings.GENERAL_BODY_QUORUM * 100),
            "quorum_needed": rules.quorum_needed(settings.GENERAL_BODY_QUORUM, active),
            "vote_rule": rules.rule_label(settings.GENERAL_BODY_VOTE_RULE),
            "meetings": list(
                Meeting.objects.filter(body=Body.GENERAL_BODY).upcoming(timezone.now())[:5]
            ),
            "past_meetings": list(
                Meeting.objects.filter(body=Body.GENERAL_BODY)
                .for_meeting_list()
                .past(timezone.now())[:5]
            ),
            "decisions": list(Decision.objects.for_log().filter(body=Body.GENERAL_BODY)[:10]),
            "open_steering": list(
                Proposal.objects.open().filter(scope=Scope.STEERING).order_by("-created_at")
            ),
        },
    )


@require(Perm.LEAD_GROUP)
def lead_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A lead records an operational decision for their own group, without a meeting."""
    group = _get_group_led_by_user(request, pk)
    initial = {}
    if request.GET.get("proposal"):
        initial["proposal"] = request.GET["proposal"]
    form = LeadDecisionForm(posted(request), group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            decision = services.decision_record_by_lead(
                group=group,
                proposal=data.get("proposal"),  # the field is left out when none is open
                title=data["title"],
                text=data["text"],
                outcome=data["outcome"],
                reasoning=data["reasoning"],
                by=request.user,
            )
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("The decision is recorded in the decision log."))
            return redirect(decision)
    return render(
        request,
        "committees/lead_decision.html",
        {"form": form, "group": group},
        status=422 if form.errors else 200,
    )


def weekly_report(request: HttpRequest, pk: int, iso_week: str) -> HttpResponse:
    """A group's report for one week: the lead writes it, every member reads it."""
    try:
        week = Week.exactly(iso_week)
    except ValueError:
        raise Http404 from None
    group = _get_group_for_user(request, pk)
    report = WeeklyReport.objects.filter(group=group, iso_week=iso_week).first()
    can_write = manageable_groups(request.user).filter(pk=group.pk).exists()
    form = None
    if can_write:
        initial = {}
        if report is not None:
            initial = {
                "what_we_did": report.what_we_did,
                "what_went_wrong": report.what_went_wrong,
                "next_steps": report.next_steps,
            }
        form = WeeklyReportForm(posted(request), initial=initial)
        if request.method == "POST" and form.is_valid():
            services.weekly_report_save(
                group=group, iso_week=iso_week, **form.cleaned_data, by=request.user
            )
            messages.success(request, _("The weekly report is saved."))
            return redirect(group)
    elif request.method == "POST":
        # Without the lead role: refused (403); a lead of another group: not theirs (404).
        if not can(request.user, Perm.LEAD_GROUP):
            raise PermissionDenied
        raise Http404
    return render(
        request,
        "committees/weekly_report.html",
        {
            "group": group,
            "iso_week": iso_week,
            "first_day": week.monday,
            "last_day": week.sunday,
            "report": report,
            "form": form,
        },
        status=422 if form is not None and form.errors else 200,
    )
