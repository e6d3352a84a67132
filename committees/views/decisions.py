"""Proposals, the mandates groups give their spokes, and the decision log."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import Perm, require
from committees import services
from committees.filters import DecisionFilter, ProposalFilter
from committees.forms import MandateForm, ProposalForm
from committees.models import BODY_FOR_SCOPE, Decision, Proposal, Scope, WorkingGroup
from committees.views import refuse
from committees.views.access import (
    is_coordinator,
    manageable_groups,
    manageable_meetings,
)
from core.http import paginate, posted

PAGE_SIZE = 50


def decision_log(request: HttpRequest) -> HttpResponse:
    """Every decision with its scope, body and date, searchable."""
    decisions = DecisionFilter(request.GET or None, queryset=Decision.objects.for_log())
    page = paginate(request, decisions.qs, PAGE_SIZE)
    return render(
        request,
        "committees/decision_log.html",
        {"filter": decisions, "page": page, "decisions": list(page.object_list)},
    )


def proposal_list(request: HttpRequest) -> HttpResponse:
    """Proposals waiting for a decision."""
    proposals = ProposalFilter(request.GET or None, queryset=Proposal.objects.open())
    page = paginate(
        request,
        proposals.qs.select_related("group", "proposed_by").order_by("-created_at"),
        PAGE_SIZE,
    )
    return render(
        request,
        "committees/proposal_list.html",
        {"filter": proposals, "page": page, "proposals": list(page.object_list)},
    )


def proposal_create(request: HttpRequest) -> HttpResponse:
    """Any member puts a proposal forward, to one of their groups or to the organization."""
    if is_coordinator(request.user):
        groups = WorkingGroup.objects.all()
    else:
        groups = WorkingGroup.objects.of_member(request.user)
    form = ProposalForm(posted(request), groups=groups.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(**form.cleaned_data, by=request.user)
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("Proposal put forward."))
            return redirect(proposal)
    return render(
        request,
        "committees/proposal_form.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.for_proposal_page(), pk=pk)
    decision = (
        Decision.objects.filter(proposal=proposal)
        .select_related("group", "meeting", "meeting__group", "recorded_by")
        .first()
    )
    votes = []
    action_items = []
    if decision is not None:
        votes = list(
            decision.votes.select_related("voter", "group").order_by(
                "group__name", "voter__display_name"
            )
        )
        action_items = list(decision.action_items.for_action_item_list())
    user = request.user
    leads_group = (
        proposal.scope == Scope.OPERATIONAL
        and decision is None
        and can_lead(user, proposal.group_id)
    )
    context = {
        "proposal": proposal,
        "decision": decision,
        "votes": votes,
        "action_items": action_items,
        "deciding_body": BODY_FOR_SCOPE[Scope(proposal.scope)].label,
        "agenda": list(
            proposal.agenda_items.select_related("meeting", "meeting__group").order_by(
                "meeting__starts_at"
            )
        ),
        "mandates": list(proposal.mandates.select_related("group").order_by("group__name")),
        "can_mandate": proposal.scope == Scope.COORDINATION
        and decision is None
        and manageable_groups(user).exists(),
        "can_schedule": decision is None and manageable_meetings(user).exists(),
        "leads_group": leads_group,
        "can_add_action": decision is not None and manageable_groups(user).exists(),
    }
    return render(request, "committees/proposal_detail.html", context)


def can_lead(user, group_id: int | None) -> bool:
    return group_id is not None and WorkingGroup.objects.led_by(user).filter(pk=group_id).exists()


@require(Perm.LEAD_GROUP)
def mandate_set(request: HttpRequest, pk: int) -> HttpResponse:
    """A group's lead records the position the group mandates its spoke to cast."""
    proposal = get_object_or_404(Proposal.objects.for_proposal_page(), pk=pk)
    form = MandateForm(posted(request), groups=manageable_groups(request.user).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.mandate_set(proposal=proposal, **form.cleaned_data, by=request.user)
        except services.Refused as error:
            refuse(form, error)
        else:
            messages.success(request, _("The group's mandate is recorded for its spoke."))
            return redirect(proposal)
    return render(
        request,
        "committees/mandate_form.html",
        {"form": form, "proposal": proposal},
        status=422 if form.errors else 200,
    )
