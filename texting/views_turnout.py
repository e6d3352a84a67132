"""Turnout texts' pages: write them for a campaign's action, preview, send, follow their fate,
record who came. For members who may text turnout (Perm.TEXT_TURNOUT)."""

from collections import Counter

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import Perm, require
from core.http import posted
from investigation.models import CampaignAction
from texting import turnout as service
from texting.forms_turnout import TEMPLATE_FIELDS, CameForm, TurnoutForm
from texting.models import Turnout, TurnoutRecipient


def _form_page(request, form, action, turnout=None) -> HttpResponse:
    """Preview asks for the texts as they would go, saving nothing; save keeps a draft."""
    if request.method == "POST" and form.is_valid():
        if "preview" not in request.POST:
            turnout = service.turnout_save(
                by=request.user, action=action, turnout=turnout, **form.turnout_fields()
            )
            return redirect("texting:turnout_detail", turnout.pk)
        previews = form.previews()
    else:
        previews = None
    earlier = Turnout.objects.filter(action=action).only("id", "title", "sent_at", "created_at")
    context = {
        "form": form,
        "action": action,
        "campaign": action.campaign,
        "turnout": turnout,
        "previews": previews,
        "counts": form.crowd.counts() if previews else None,
        "earlier": list(earlier) if turnout is None else [],
    }
    return render(request, "texting/turnout/form.html", context)


@require(Perm.TEXT_TURNOUT)
def turnout_new(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = get_object_or_404(
        CampaignAction.objects.select_related("campaign__base_area"), pk=action_pk
    )
    organizer = service.organizer_first_name(request.user)
    form = TurnoutForm(posted(request), action=action, organizer=organizer)
    return _form_page(request, form, action)


@require(Perm.TEXT_TURNOUT)
def turnout_edit(request: HttpRequest, pk: int) -> HttpResponse:
    turnout = get_object_or_404(Turnout.objects.for_turnout_page(), pk=pk)
    if turnout.sent_at is not None:
        messages.info(request, _("These texts were sent already: they cannot change."))
        return redirect("texting:turnout_detail", turnout.pk)
    organizer = service.organizer_first_name(request.user)
    form = TurnoutForm(
        posted(request), instance=turnout, action=turnout.action, organizer=organizer
    )
    return _form_page(request, form, turnout.action, turnout)


@require(Perm.TEXT_TURNOUT)
def turnout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft: the texts as they would go and who would get one. Sent: each recipient's
    text (queued, sent, delivered, failed and why, replied) and who came."""
    turnout = get_object_or_404(Turnout.objects.for_turnout_page(), pk=pk)
    context = {"turnout": turnout, "action": turnout.action, "campaign": turnout.action.campaign}
    if turnout.sent_at is None:
        crowd = service.audience(turnout.base_area, turnout.antagonist)
        templates = {code: getattr(turnout, name) for code, name in TEMPLATE_FIELDS.items()}
        context["previews"] = service.previews(
            service.details_of(turnout),
            templates,
            crowd,
            service.organizer_first_name(request.user),
        )
        context["counts"] = crowd.counts()
    else:
        recipients = list(turnout.recipients.for_turnout_page())
        context["recipients"] = recipients
        context["came_form"] = CameForm(
            recipients=recipients, initial={"came": [r.pk for r in recipients if r.came]}
        )
        shown = Counter(r.shown for r in recipients)
        context["tally"] = [
            (label, shown[value]) for value, label in TurnoutRecipient.Shown.choices if shown[value]
        ]
        context["came_count"] = sum(r.came for r in recipients)
    return render(request, "texting/turnout/detail.html", context)


@require(Perm.TEXT_TURNOUT)
@require_POST
def turnout_send(request: HttpRequest, pk: int) -> HttpResponse:
    turnout = get_object_or_404(Turnout, pk=pk)
    try:
        queued = service.turnout_send(turnout=turnout, by=request.user)
    except service.TurnoutRefused as refused:
        messages.error(request, str(refused))
        return redirect("texting:turnout_edit", turnout.pk)
    if queued:
        message = ngettext("%(count)s text on its way.", "%(count)s texts on their way.", queued)
        messages.success(request, message % {"count": queued})
    return redirect("texting:turnout_detail", turnout.pk)


@require(Perm.TEXT_TURNOUT)
@require_POST
def turnout_came(request: HttpRequest, pk: int) -> HttpResponse:
    turnout = get_object_or_404(Turnout, pk=pk, sent_at__isnull=False)
    recipients = list(turnout.recipients.for_turnout_page())
    form = CameForm(request.POST, recipients=recipients)
    if not form.is_valid():
        messages.error(request, _("Tick only people on this list."))
        return redirect("texting:turnout_detail", turnout.pk)
    total = service.turnout_came(
        turnout=turnout, by=request.user, came=set(form.cleaned_data["came"])
    )
    messages.success(request, _("Turnout recorded: %(count)s in all.") % {"count": total})
    return redirect("texting:turnout_detail", turnout.pk)
