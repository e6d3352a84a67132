"""The lead's side of deliveries: taking requests, the board, assigning drivers. Leads never
see a delivery address or phone: those are typed in and read only by the assigned driver."""

from collections import defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import Perm, require
from core.http import paginate, posted
from distribution import services
from distribution.filters import DeliveryFilter
from distribution.forms import AssignForm, DeliveryEditForm, DeliveryRequestForm, VersionForm
from distribution.models import DeliveryRequest, DriverCoverage, Shift
from distribution.views.common import _get_delivery_for_user


def _suggest_drivers(deliveries, coverages, run_shifts) -> dict[int, list]:
    """{request id: [(driver, signed up that day?)]}: drivers who signed up to drive that day
    first, then drivers whose days and areas cover the request, by name."""
    on_shift = defaultdict(dict)
    for shift in run_shifts:
        on_shift[shift.date][shift.volunteer_id] = shift.volunteer
    suggestions = {}
    for delivery in deliveries:
        area_ids = {delivery.area_id, delivery.area.parent_id if delivery.area_id else None}
        area_ids.discard(None)
        picks = {pk: (0, str(user), user) for pk, user in on_shift[delivery.date].items()}
        for coverage in coverages:
            if coverage.driver_id not in picks and coverage.covers(
                area_ids=area_ids, day=delivery.date
            ):
                picks[coverage.driver_id] = (1, str(coverage.driver), coverage.driver)
        suggestions[delivery.pk] = [
            (user, rank == 0) for rank, _name, user in sorted(picks.values(), key=lambda p: p[:2])
        ]
    return suggestions


def _assign_messages(request: HttpRequest, outcome, driver) -> None:
    if outcome.assigned:
        count = len(outcome.assigned)
        messages.success(
            request,
            ngettext(
                "%(count)d request assigned to %(driver)s.",
                "%(count)d requests assigned to %(driver)s.",
                count,
            )
            % {"count": count, "driver": driver},
        )
    changed = DeliveryRequest.objects.filter(pk__in=outcome.changed).select_related(
        "contact", "driver"
    )
    for delivery in changed.only(
        "status", "contact__name", "driver__display_name", "driver__email"
    ):
        messages.error(
            request,
            _(
                "Not assigned: someone else changed the request for %(name)s first (it is now "
                "“%(status)s”%(driver)s). Check it on the board."
            )
            % {
                "name": delivery.recipient_name,
                "status": delivery.get_status_display(),
                "driver": _(", with %(driver)s") % {"driver": delivery.driver}
                if delivery.driver_id
                else "",
            },
        )


@require(Perm.MANAGE_DELIVERIES)
def delivery_board(request: HttpRequest) -> HttpResponse:
    """The board: filter requests, tick some, assign them to a driver (POST)."""
    assign_form = AssignForm(posted(request), prefix="assign")
    status = 200
    if request.method == "POST":
        if assign_form.is_valid():
            driver = assign_form.cleaned_data["driver"]
            outcome = services.delivery_assign(
                selections=assign_form.cleaned_data["selected"],
                driver=driver,
                day=assign_form.cleaned_data["day"],
                by=request.user,
            )
            _assign_messages(request, outcome, driver)
            return redirect(request.get_full_path())
        status = 422
    filterset = DeliveryFilter(request.GET, queryset=DeliveryRequest.objects.for_board())
    page = paginate(request, filterset.qs)
    dates = {delivery.date for delivery in page.object_list}
    run_shifts = (
        Shift.objects.active()
        .filter(kind=Shift.Kind.DELIVERY_RUN, date__in=dates)
        .select_related("volunteer")
    )
    suggestions = _suggest_drivers(
        page.object_list, list(DriverCoverage.objects.for_suggestions()), list(run_shifts)
    )
    ticked = set(request.POST.getlist(assign_form["selected"].html_name))
    rows = [
        (delivery, suggestions[delivery.pk], f"{delivery.pk}.{delivery.version}" in ticked)
        for delivery in page.object_list
    ]
    return render(
        request,
        "distribution/delivery_board.html",
        {"filter": filterset, "page": page, "rows": rows, "assign_form": assign_form},
        status=status,
    )


@require(Perm.MANAGE_DELIVERIES)
def delivery_create(request: HttpRequest) -> HttpResponse:
    form = DeliveryRequestForm(posted(request), initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        delivery = services.delivery_request_create(
            name=data["name"],
            phone=data["phone"],
            address=data["address"],
            area=data["area"],
            bag_type=data["bag_type"],
            bag_count=data["bag_count"],
            no_kitchen=data["no_kitchen"],
            dietary=data["dietary"],
            language=data["language"],
            day=data["day"],
            window_start=data["window_start"],
            window_end=data["window_end"],
            notes=data["notes"],
            text_on_the_way=data["text_on_the_way"],
            by=request.user,
        )
        messages.success(
            request,
            _("Request taken for %(name)s on %(date)s.")
            % {"name": delivery.recipient_name, "date": date_format(delivery.date, "DAY_FORMAT")},
        )
        return redirect("distribution:delivery_board")
    return render(request, "distribution/delivery_form.html", {"form": form})


@require(Perm.MANAGE_DELIVERIES)
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = _get_delivery_for_user(request, pk)
    form = DeliveryEditForm.for_delivery(delivery, posted(request))
    status = 200
    if request.method == "POST" and delivery.is_open and form.is_valid():
        try:
            services.delivery_request_update(
                delivery=delivery,
                version=form.cleaned_data["version"],
                address=form.cleaned_data["address"],
                phone=form.cleaned_data["phone"],
                by=request.user,
                **form.changes(),
            )
        except services.DeliveryChanged:
            form.add_error(None, _("Someone else changed this request meanwhile. Reload it."))
            status = 409
        else:
            messages.success(request, _("Request saved."))
            return redirect("distribution:delivery_detail", pk=delivery.pk)
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "distribution/delivery_detail.html",
        {
            "delivery": delivery,
            "form": form,
            "version_form": VersionForm(initial={"version": delivery.version}),
        },
        status=status,
    )


def _lead_change(request: HttpRequest, pk: int, change, done: str) -> HttpResponse:
    delivery = _get_delivery_for_user(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That was not understood. Reload the page."))
        return redirect("distribution:delivery_detail", pk=delivery.pk)
    try:
        change(delivery=delivery, version=form.cleaned_data["version"], by=request.user)
    except services.DeliveryChanged:
        messages.error(request, _("Someone else changed this request meanwhile. Check it again."))
    else:
        messages.success(request, done)
    return redirect("distribution:delivery_detail", pk=delivery.pk)


@require(Perm.MANAGE_DELIVERIES)
@require_POST
def delivery_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_change(
        request, pk, services.delivery_cancel, _("Request cancelled. Its address is erased.")
    )


@require(Perm.MANAGE_DELIVERIES)
@require_POST
def delivery_unassign(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_change(
        request, pk, services.delivery_unassign, _("Back on the board, without a driver.")
    )


@require(Perm.MANAGE_DELIVERIES)
@require_POST
def delivery_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_change(
        request,
        pk,
        services.delivery_reopen,
        _("Back on the board, as not delivered. Type its address again before assigning it."),
    )


@require(Perm.MANAGE_DELIVERIES)
@require_POST
def delivery_requeue(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_change(
        request, pk, services.delivery_requeue, _("Back on the board to try again.")
    )
