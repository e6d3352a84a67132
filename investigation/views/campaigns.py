from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import Perm, can, require
from core.http import paginate, posted
from investigation import services
from investigation.filters import CampaignFilter
from investigation.forms import CampaignActionForm, CampaignForm, CampaignPeopleForm, DemandForm
from investigation.models import Campaign, Demand

PAGE_SIZE = 50


@require(Perm.VIEW_GRIEVANCES)
def campaign_list(request: HttpRequest) -> HttpResponse:
    filterset = CampaignFilter(request.GET or None, queryset=Campaign.objects.for_campaign_list())
    page = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "investigation/campaign_list.html",
        {"filter": filterset, "page": page, "campaigns": list(page.object_list)},
    )


@require(Perm.EDIT_INVESTIGATION)
def campaign_create(request: HttpRequest) -> HttpResponse:
    site = [request.GET.get(key, "") for key in ("base_area", "antagonist")]
    initial = CampaignForm.initial_for_site(*(int(i) if i.isdigit() else None for i in site))
    form = CampaignForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        campaign = services.campaign_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Campaign started. Now draw up its program of demands."))
        return redirect("investigation:campaign_detail", campaign.pk)
    return render(request, "investigation/campaign_form.html", {"form": form})


@require(Perm.EDIT_INVESTIGATION)
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.for_campaign_detail(), pk=pk)
    form = CampaignForm(posted(request), instance=campaign)
    if request.method == "POST" and form.is_valid():
        services.campaign_update(campaign=campaign, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("investigation:campaign_detail", campaign.pk)
    return render(request, "investigation/campaign_form.html", {"form": form, "campaign": campaign})


@require(Perm.VIEW_GRIEVANCES)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.for_campaign_detail(), pk=pk)
    context = {
        "campaign": campaign,
        "demands": list(campaign.demands.for_campaign_page()),
        "actions": list(campaign.actions.for_campaign_page()),
        # Names are encrypted: sorted here, once opened (a campaign's contacts, not the list).
        "contacts": sorted(
            campaign.contacts.filter(forgotten_at__isnull=True).only("id", "name", "key"),
            key=lambda contact: (contact.name.casefold(), contact.pk),
        )
        if can(request.user, Perm.VIEW_CONTACTS)
        else None,
        "contact_count": campaign.contacts.filter(forgotten_at__isnull=True).count(),
        "members": list(campaign.members.order_by("display_name", "email")),
    }
    return render(request, "investigation/campaign_detail.html", context)


@require(Perm.EDIT_INVESTIGATION)
def campaign_people(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.for_campaign_detail(), pk=pk)
    initial = {"contacts": campaign.contacts.all(), "members": campaign.members.all()}
    data = request.POST if request.method == "POST" else None  # unticking all is a valid POST
    form = CampaignPeopleForm(data, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.campaign_set_people(campaign=campaign, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("investigation:campaign_detail", campaign.pk)
    return render(
        request, "investigation/campaign_people.html", {"form": form, "campaign": campaign}
    )


@require(Perm.EDIT_INVESTIGATION)
def demand_edit(request: HttpRequest, pk: int, demand_pk: int | None = None) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.for_campaign_detail(), pk=pk)
    demand = get_object_or_404(Demand, campaign=campaign, pk=demand_pk) if demand_pk else None
    form = DemandForm(posted(request), instance=demand, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        services.demand_save(campaign=campaign, demand=demand, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("investigation:campaign_detail", campaign.pk)
    return render(
        request,
        "investigation/demand_form.html",
        {"form": form, "campaign": campaign, "demand": demand},
    )


@require(Perm.EDIT_INVESTIGATION)
def campaign_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.for_campaign_detail(), pk=pk)
    form = CampaignActionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.campaign_action_record(campaign=campaign, by=request.user, **form.cleaned_data)
        messages.success(request, _("Action logged."))
        return redirect("investigation:campaign_detail", campaign.pk)
    return render(request, "investigation/action_form.html", {"form": form, "campaign": campaign})
