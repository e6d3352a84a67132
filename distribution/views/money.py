"""Money: the cash balance, donations, purchases and reimbursements."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import Perm, require
from core.http import paginate, posted
from distribution import services
from distribution.filters import DonationFilter
from distribution.forms import DonationForm, PurchaseForm, ReimbursementForm, item_lines
from distribution.models import Donation, Purchase, Reimbursement
from distribution.models.money import CashBalance


@require(Perm.MANAGE_DISTRIBUTION)
@require_GET
def cash(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "distribution/cash.html",
        {
            "balance": CashBalance.between(),
            "awaiting": list(Purchase.objects.awaiting_reimbursement()),
            "page": paginate(request, Reimbursement.objects.for_list()),
        },
    )


@require(Perm.MANAGE_DISTRIBUTION)
@require_GET
def donation_list(request: HttpRequest) -> HttpResponse:
    donations = DonationFilter(request.GET or None, queryset=Donation.objects.for_list())
    return render(
        request,
        "distribution/donation_list.html",
        {"filter": donations, "page": paginate(request, donations.qs)},
    )


@require(Perm.MANAGE_DISTRIBUTION)
def donation_create(request: HttpRequest) -> HttpResponse:
    lines = item_lines(posted(request))
    form = DonationForm(posted(request), lines=lines, initial={"kind": Donation.Kind.IN_KIND})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.donation_record(
            kind=data["kind"],
            source=data["source"],
            donor_name=data["donor_name"],
            amount=data["amount"],
            received_on=data["received_on"],
            notes=data["notes"],
            lines=lines.lines(),
            by=request.user,
        )
        messages.success(request, _("Donation recorded. Thank you, whoever you are!"))
        return redirect("distribution:donation_list")
    return render(request, "distribution/donation_form.html", {"form": form, "lines": lines})


@require(Perm.MANAGE_DISTRIBUTION)
@require_GET
def purchase_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "distribution/purchase_list.html",
        {"page": paginate(request, Purchase.objects.for_list())},
    )


@require(Perm.MANAGE_DISTRIBUTION)
def purchase_create(request: HttpRequest) -> HttpResponse:
    lines = item_lines(posted(request))
    form = PurchaseForm(posted(request), lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.purchase_record(
            purchased_on=data["purchased_on"],
            vendor=data["vendor"],
            amount=data["amount"],
            paid_by=data["paid_by"],
            notes=data["notes"],
            lines=lines.lines(),
            by=request.user,
        )
        messages.success(request, _("Purchase recorded."))
        return redirect("distribution:purchase_list")
    return render(request, "distribution/purchase_form.html", {"form": form, "lines": lines})


@require(Perm.MANAGE_DISTRIBUTION)
def reimbursement_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    purchase_id = request.GET.get("purchase", "")
    if purchase_id.isdigit():
        purchase = Purchase.objects.awaiting_reimbursement().filter(pk=purchase_id).first()
        if purchase is not None:
            initial = {
                "purchase": purchase.pk,
                "volunteer": purchase.paid_by_id,
                "amount": purchase.amount - purchase.reimbursed,
            }
    form = ReimbursementForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.reimbursement_record(
            volunteer=data["volunteer"],
            amount=data["amount"],
            paid_on=data["paid_on"],
            purchase=data["purchase"],
            notes=data["notes"],
            by=request.user,
        )
        messages.success(request, _("Reimbursement recorded."))
        return redirect("distribution:cash")
    return render(
        request, "distribution/setup_form.html", {"form": form, "title": _("Pay back a volunteer")}
    )
