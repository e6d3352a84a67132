"""The weekly serve: the list of serves, the page at the table with its tap counters, the
volunteers on shift, and closing a serve."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import Perm, can, require
from core.http import posted, redirect_back
from core.pwa import keep_offline
from distribution import services
from distribution.filters import ServeFilter
from distribution.forms import (
    CloseServeForm,
    LateTapForm,
    ServeNotesForm,
    TapForm,
    WalkInForm,
)
from distribution.models import BagType, LateTap, Serve, Shift, Tap
from distribution.views.common import _get_shift_for_user
from distribution.views.counting import counts_closed, counts_json, counts_response, counts_undo

LIST_DAYS_BEFORE = 14
LIST_DAYS_AFTER = 28


@dataclass
class Counter:
    key: str
    label: str
    kind: str
    total: int
    bag_type_id: int | None = None
    language: str = ""
    tap_key: str = ""  # a fresh idempotency key for the no-script form

    @classmethod
    def make(cls, totals: dict[str, int], label, kind, bag_type_id=None, language=""):
        key = Tap.counter_key(kind, bag_type_id, language)
        return cls(
            key=key,
            label=str(label),
            kind=kind,
            total=totals.get(key, 0),
            bag_type_id=bag_type_id,
            language=language,
            tap_key=str(uuid.uuid4()),
        )


def _counter_sections(serve: Serve, totals: dict[str, int]) -> list[tuple[str, list[Counter]]]:
    tapped_bags = [int(key.split(":")[1]) for key in totals if key.startswith("bag:")]
    bag_types = BagType.objects.filter(Q(is_active=True) | Q(pk__in=tapped_bags)).order_by(
        "sort_order", "name"
    )
    households = [
        Counter.make(totals, Tap.Kind.HOUSEHOLD_NEW.label, Tap.Kind.HOUSEHOLD_NEW),
        Counter.make(totals, Tap.Kind.HOUSEHOLD_RETURNING.label, Tap.Kind.HOUSEHOLD_RETURNING),
    ]
    bags = [Counter.make(totals, bag.label, Tap.Kind.BAG, bag_type_id=bag.pk) for bag in bag_types]
    free_store = [Counter.make(totals, _("Items taken"), Tap.Kind.FREE_STORE)]
    languages = [
        Counter.make(totals, label, Tap.Kind.LANGUAGE, language=code)
        for code, label in Tap.Language.choices
    ]
    return [
        (_("Households"), households),
        (_("Bags given out"), bags),
        (_("Free store"), free_store),
        (_("Languages spoken"), languages),
    ]


@require(Perm.RUN_SERVE)
@require_GET
def serve_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    serves = (
        Serve.objects.for_list()
        .filter(
            date__range=(
                today - timedelta(days=LIST_DAYS_BEFORE),
                today + timedelta(days=LIST_DAYS_AFTER),
            )
        )
        .with_households()
    )
    filterset = ServeFilter(request.GET or None, queryset=serves)
    serve_rows = list(filterset.qs)
    my_shifts = {
        shift.serve_id: shift
        for shift in Shift.objects.for_member(request.user).filter(
            serve__in=[serve.pk for serve in serve_rows]
        )
    }
    rows = [(serve, my_shifts.get(serve.pk)) for serve in serve_rows]
    return render(
        request,
        "distribution/serve_list.html",
        {
            "filter": filterset,
            "upcoming": [row for row in rows if row[0].date >= today],
            "past": [row for row in rows if row[0].date < today][::-1],
            "today": today,
            "can_manage": can(request.user, Perm.MANAGE_DISTRIBUTION),
            "can_see_reach": can(request.user, Perm.VIEW_AGGREGATES),
        },
    )


@require(Perm.RUN_SERVE)
@require_GET
def serve_today(request: HttpRequest) -> HttpResponse:
    """Tonight's serve: the first serve today still open, else the list of serves."""
    serve = Serve.objects.tonight(timezone.localdate())
    if serve is None:
        messages.info(request, _("There is no serve today."))
        return redirect("distribution:serve_list")
    return redirect("distribution:serve_detail", pk=serve.pk)


@require(Perm.RUN_SERVE)
@require_GET
def serve_detail(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    response = _render_serve(request, serve)
    if serve.date == timezone.localdate():
        # Tonight's serve opens on the phone with no signal (core.pwa, static/js/sw.js).
        keep_offline(response, kind="serve", day=serve.date)
    return response


def _render_serve(
    request: HttpRequest,
    serve: Serve,
    *,
    notes_form: ServeNotesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    totals = serve.taps.all().totals()
    shifts = list(Shift.objects.for_serve_page(serve))
    my_shift = next((s for s in shifts if s.volunteer_id == request.user.pk), None)
    can_close = can(request.user, Perm.MANAGE_DISTRIBUTION)
    late_taps = []
    if can_close and not serve.is_open:
        late_taps = list(LateTap.objects.for_serve_page(serve))
    quick_add_url = None
    if can(request.user, Perm.EDIT_CONTACTS):
        quick_add_url = reverse("quick_add:add") + f"?serve={serve.pk}"
    return render(
        request,
        "distribution/serve_detail.html",
        {
            "serve": serve,
            "sections": _counter_sections(serve, totals),
            "households": Tap.households_in(totals),
            "undo_key": uuid.uuid4(),
            "shifts": shifts,
            "my_shift": my_shift,
            "walk_in_form": WalkInForm(auto_id="id_walk_in_%s") if serve.is_open else None,
            "notes_form": notes_form or ServeNotesForm(instance=serve),
            "quick_add_url": quick_add_url,
            "can_close": can_close,
            "late_taps": late_taps,
        },
        status=status,
    )


def _totals(serve: Serve) -> dict:
    totals = serve.taps.all().totals()
    return {"totals": totals, "households": Tap.households_in(totals)}


def _counts_response(request, serve: Serve, *, status: int = 200, **extra) -> HttpResponse:
    """The live totals, as JSON for the page's script; or back to the page without it."""
    return counts_response(
        request, serve, _totals, "distribution:serve_detail", status=status, **extra
    )


@require(Perm.RUN_SERVE)
@require_POST
def serve_tap(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    form = TapForm(request.POST)
    if not form.is_valid():
        return _counts_response(
            request, serve, status=400, error=_("That tap was not understood. Reload the page.")
        )
    data = form.cleaned_data
    try:
        services.serve_tap(
            serve=serve,
            kind=data["kind"],
            bag_type=data["bag_type"],
            language=data["language"],
            key=data["key"],
            device=data["device"],
            by=request.user,
        )
    except services.ServeClosed:
        # Sent after closing (a phone without signal): kept for the lead to add or discard.
        return counts_closed(
            request,
            serve,
            _counts_response,
            late=True,
            error=_("This serve is closed: the tap is kept for the lead to add or discard."),
        )
    return _counts_response(request, serve)


@require(Perm.RUN_SERVE)
@require_POST
def serve_undo(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    return counts_undo(
        request, serve, _counts_response, undo=services.serve_undo, took_back=_took_back
    )


def _took_back(tap: Tap) -> str:
    label = tap.bag_type.label if tap.bag_type_id else tap.get_language_display() or ""
    label = label or tap.get_kind_display()
    return _("Took back one tap: %(counter)s.") % {"counter": label}


@require(Perm.RUN_SERVE)
@require_GET
def serve_totals(request: HttpRequest, pk: int) -> JsonResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    return counts_json(serve, _totals)


@require(Perm.RUN_SERVE)
@require_POST
def serve_notes(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    form = ServeNotesForm(request.POST, instance=serve)
    if not form.is_valid():
        # The page again, with what was typed and the error next to it (a redirect lost both).
        return _render_serve(request, serve, notes_form=form, status=422)
    services.serve_update_notes(serve=serve, notes=form.cleaned_data["notes"], by=request.user)
    messages.success(request, _("Notes saved."))
    return redirect("distribution:serve_detail", pk=serve.pk)


@require(Perm.MANAGE_DISTRIBUTION)
@require_POST
def serve_late_tap(request: HttpRequest, pk: int, late_pk: int) -> HttpResponse:
    """The lead adds a late tap to the closed serve's counts (stock adjusted) or discards it."""
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    late_tap = get_object_or_404(LateTap, pk=late_pk, serve=serve)
    form = LateTapForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to add or to discard the late tap."))
    elif not services.serve_late_tap_decide(
        late_tap=late_tap, add=form.cleaned_data["decision"] == "add", by=request.user
    ):
        messages.info(request, _("This late tap was already added or discarded."))
    elif form.cleaned_data["decision"] == "add":
        messages.success(request, _("Added to the counts; stock is updated."))
    else:
        messages.success(request, _("Late tap discarded."))
    return redirect("distribution:serve_detail", pk=serve.pk)


@require(Perm.MANAGE_DISTRIBUTION)
def serve_close(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    if not serve.is_open:
        messages.info(request, _("This serve is already closed."))
        return redirect("distribution:serve_detail", pk=serve.pk)
    form = CloseServeForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.serve_close(
                serve=serve, by=request.user, shortfall_reason=form.cleaned_data["shortfall_reason"]
            )
        except services.StockShortfall:
            form.add_error(
                "shortfall_reason",
                _(
                    "Closing would take stock below zero. Record an adjustment (say why) "
                    "or correct the counts first."
                ),
            )
            status = 422
        except services.ServeClosed:
            messages.info(request, _("This serve is already closed."))
            return redirect("distribution:serve_detail", pk=serve.pk)
        else:
            messages.success(
                request, _("Serve closed. Its counts are locked and stock is updated.")
            )
            return redirect("distribution:serve_detail", pk=serve.pk)
    taps = serve.taps.all()
    lines = serve.stock_lines()
    return render(
        request,
        "distribution/serve_close.html",
        {
            "serve": serve,
            "form": form,
            "households": taps.households(),
            "bags": taps.bags_by_type(),
            "free_store": taps.free_store_items(),
            "lines": lines,
            "short": [line for line in lines if line.is_short],
        },
        status=status,
    )


# --- Volunteers on shift ----------------------------------------------------------------------


@require(Perm.RUN_SERVE)
@require_POST
def serve_sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    try:
        services.shift_sign_up(volunteer=request.user, serve=serve)
    except services.ServeClosed:
        messages.error(request, _("This serve is closed."))
    else:
        messages.success(request, _("You are signed up. Thank you!"))
    return redirect_back(request, reverse("distribution:serve_list"))


@require(Perm.RUN_SERVE)
@require_POST
def serve_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer at the table starts their shift (themselves, or someone who walked up)."""
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who is checking in."))
        return redirect("distribution:serve_detail", pk=serve.pk)
    try:
        shift = services.serve_check_in(
            serve=serve, volunteer=form.cleaned_data["volunteer"], by=request.user
        )
    except services.ServeClosed:
        messages.error(request, _("This serve is closed."))
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": shift.volunteer})
    return redirect("distribution:serve_detail", pk=serve.pk)


@require(Perm.RUN_SERVE)
@require_POST
def shift_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer can't make it: cancel their shift; the lead gets an email."""
    shift = _get_shift_for_user(request, pk, own=True)
    if services.shift_cancel(shift=shift, by=request.user):
        messages.success(request, _("Thanks for letting us know. The lead will get an email."))
    else:
        messages.info(request, _("This shift has already started or was cancelled."))
    return redirect_back(request, reverse("distribution:serve_list"))


@require(Perm.RUN_SERVE)
@require_POST
def shift_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _get_shift_for_user(request, pk)
    try:
        services.shift_check_in(shift=shift, by=request.user)
    except services.ServeClosed:
        messages.error(request, _("This serve is closed."))
    return redirect_back(request, _shift_page(shift))


@require(Perm.RUN_SERVE)
@require_POST
def shift_check_out(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _get_shift_for_user(request, pk)
    services.shift_check_out(shift=shift, by=request.user)
    return redirect_back(request, _shift_page(shift))


def _shift_page(shift: Shift) -> str:
    if shift.serve_id:
        return reverse("distribution:serve_detail", args=[shift.serve_id])
    return reverse("distribution:run")
