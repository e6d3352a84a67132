"""Action items: who does what by when, answerable to a working group."""

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Perm, require
from committees import services
from committees.filters import ActionItemFilter
from committees.forms import ActionItemForm, ActionItemStatusForm
from committees.models import ActionItem, Decision
from committees.views.access import (
    _get_action_item_for_user,
    _get_meeting_for_user,
    is_coordinator,
    manageable_groups,
)
from core.http import paginate, posted, redirect_back

PAGE_SIZE = 50


def action_item_list(request: HttpRequest) -> HttpResponse:
    """Everyone's action items; by default the member's own open ones."""
    data = request.GET if request.GET else {"mine": "on", "status": ActionItem.Status.OPEN}
    items = ActionItemFilter(
        data, queryset=ActionItem.objects.for_action_item_list(), request=request
    )
    page = paginate(request, items.qs, PAGE_SIZE)
    managed = set(manageable_groups(request.user).values_list("pk", flat=True))
    return render(
        request,
        "committees/action_item_list.html",
        {
            "filter": items,
            "page": page,
            "items": list(page.object_list),
            "managed": managed,
        },
    )


@require(Perm.LEAD_GROUP)
def action_item_create(request: HttpRequest) -> HttpResponse:
    """From a meeting (?meeting=) or a decision (?decision=), or on its own."""
    groups = manageable_groups(request.user).order_by("name")
    # An item is recorded from a meeting the member manages (another group's meeting: 404).
    meeting_pk = _int(request.GET.get("meeting"))
    meeting = _get_meeting_for_user(request, meeting_pk, to_manage=True) if meeting_pk else None
    decision = Decision.objects.filter(pk=_int(request.GET.get("decision"))).first()
    initial = {"group": (meeting or decision).group_id if (meeting or decision) else None}
    form = ActionItemForm(posted(request), groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.action_item_create(
            **form.cleaned_data, meeting=meeting, decision=decision, by=request.user
        )
        messages.success(request, _("Action item added."))
        if meeting is not None:
            return redirect(meeting)
        if decision is not None:
            return redirect(decision)
        return redirect("committees:action_item_list")
    return render(
        request,
        "committees/action_item_form.html",
        {"form": form, "meeting": meeting, "decision": decision},
        status=422 if form.errors else 200,
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def action_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_action_item_for_user(request, pk)
    user = request.user
    can_manage = is_coordinator(user) or manageable_groups(user).filter(pk=item.group_id).exists()
    return render(
        request,
        "committees/action_item_detail.html",
        {
            "item": item,
            "can_manage": can_manage,
            "can_update": can_manage or item.assignee_id == user.pk,
            "overdue": item.is_overdue(timezone.localdate()),
            "status_choices": ActionItem.Status.choices,
        },
    )


@require(Perm.LEAD_GROUP)
def action_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_action_item_for_user(request, pk, to_manage=True)
    groups = manageable_groups(request.user).order_by("name")
    # Not bound to the instance: the service compares the old assignee with the new one.
    initial = model_to_dict(item, fields=["title", "assignee", "group", "due_on", "notes"])
    form = ActionItemForm(posted(request), initial=initial, groups=groups)
    if request.method == "POST" and form.is_valid():
        services.action_item_update(item=item, **form.cleaned_data, by=request.user)
        messages.success(request, _("Saved."))
        return redirect(item)
    return render(
        request,
        "committees/action_item_form.html",
        {"form": form, "item": item},
        status=422 if form.errors else 200,
    )


@require_POST
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignee (or the group's lead) marks an item done, dropped or open again. With
    htmx, only the item's row comes back."""
    item = _get_action_item_for_user(request, pk, to_update=True)
    form = ActionItemStatusForm(request.POST)
    if form.is_valid():
        services.action_item_set_status(
            item=item, status=form.cleaned_data["status"], by=request.user
        )
    if request.htmx:
        row = ActionItem.objects.for_action_item_list().get(pk=item.pk)
        return render(
            request, "committees/action_item_list.html#item_row", {"item": row, "can_update": True}
        )
    if form.is_valid():
        messages.success(request, _("Saved."))
    return redirect_back(request, item)
