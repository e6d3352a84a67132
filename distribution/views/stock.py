"""Stock: current levels, an item's ledger, adjustments."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import Perm, require
from core.http import paginate, posted
from distribution import services
from distribution.filters import LedgerFilter
from distribution.forms import ItemForm, StockAdjustForm
from distribution.models import Item


@require(Perm.MANAGE_DISTRIBUTION)
@require_GET
def stock(request: HttpRequest) -> HttpResponse:
    items = list(Item.objects.for_stock_page())
    return render(
        request,
        "distribution/stock.html",
        {
            "items": items,
            "low": [i for i in items if i.is_active and i.level <= i.low_stock_threshold],
        },
    )


@require(Perm.MANAGE_DISTRIBUTION)
def item_create(request: HttpRequest) -> HttpResponse:
    form = ItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        item = form.save()  # a new item has no stock yet: nothing else changes
        messages.success(request, _("Item added."))
        return redirect("distribution:item_detail", pk=item.pk)
    return render(
        request, "distribution/setup_form.html", {"form": form, "title": _("Add an item")}
    )


@require(Perm.MANAGE_DISTRIBUTION)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.with_levels(), pk=pk)
    form = ItemForm(posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Item saved."))
        return redirect("distribution:item_detail", pk=item.pk)
    ledger = LedgerFilter(request.GET or None, queryset=item.movements.for_ledger())
    return render(
        request,
        "distribution/item_detail.html",
        {"item": item, "form": form, "filter": ledger, "page": paginate(request, ledger.qs)},
    )


@require(Perm.MANAGE_DISTRIBUTION)
def stock_adjust(request: HttpRequest) -> HttpResponse:
    form = StockAdjustForm(posted(request), initial={"item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        try:
            services.stock_adjust(
                item=form.cleaned_data["item"],
                quantity=form.cleaned_data["quantity"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.StockShortfall as short:
            on_hand = short.shortfalls[0].on_hand
            form.add_error(
                "quantity",
                _("Only %(count)s in stock: the level can't go below zero.") % {"count": on_hand},
            )
            return render(request, "distribution/stock_adjust.html", {"form": form}, status=422)
        messages.success(request, _("Stock adjusted."))
        return redirect("distribution:item_detail", pk=form.cleaned_data["item"].pk)
    return render(request, "distribution/stock_adjust.html", {"form": form})
