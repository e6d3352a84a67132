"""The driver's side: the day's run on the phone, the printable run sheet, signing up to drive
and the areas and days a driver covers. A driver sees only their own requests still to
deliver; nothing from the investigation (areas, grievances, notes on contacts) is shown."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import Perm, require
from core import audit
from core.http import posted
from core.pwa import keep_offline
from distribution import services
from distribution.forms import CoverageForm, FailedForm, MarkForm, RunSignUpForm, UndoMarkForm
from distribution.models import DeliveryRequest, DriverCoverage, Shift
from distribution.views.common import _get_delivery_for_user


def _render_run(
    request: HttpRequest,
    day: date,
    *,
    failed_form: FailedForm | None = None,
    failed_for: int | None = None,
    sign_up_form: RunSignUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    driver = request.user
    today = timezone.localdate()
    other_days = list(
        DeliveryRequest.objects.filter(
            driver=driver, status__in=DeliveryRequest.ON_RUN_STATUSES, date__gte=today
        )
        .exclude(date=day)
        .order_by("date")
        .values_list("date", flat=True)
        .distinct()[:14]
    )
    shifts = list(
        Shift.objects.for_member(driver)
        .active()
        .filter(kind=Shift.Kind.DELIVERY_RUN, date__gte=min(day, today))
        .order_by("date")[:15]
    )
    to_do = list(DeliveryRequest.objects.for_run(driver=driver, day=day))
    shown = settings.DELIVERY_UNDO_SHOWN_SECONDS
    undo = DeliveryRequest.objects.mark_to_undo(driver=driver, day=day, within=shown)
    # The page shows these requests' addresses and phones: who saw them goes on the trail.
    audit.record(
        by=driver, kind=audit.Kind.RUN_VIEWED, day=day.isoformat(), deliveries=[d.pk for d in to_do]
    )
    return render(
        request,
        "distribution/run.html",
        {
            "day": day,
            "is_today": day == today,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "to_do": to_do,
            "done": list(DeliveryRequest.objects.finished_on_run(driver=driver, day=day)),
            "other_days": other_days,
            "shift": next((s for s in shifts if s.date == day), None),
            "upcoming_shifts": [s for s in shifts if s.date >= today],
            "failed_form": failed_form or FailedForm(),
            "failure_reasons": DeliveryRequest.FailureReason.choices,
            "failed_for": failed_for,
            "sign_up_form": sign_up_form or RunSignUpForm(initial={"day": day}),
            "undo": undo,
            "undo_seconds": shown,
        },
        status=status,
    )


@require(Perm.DRIVE)
@require_GET
def run(request: HttpRequest, day: date | None = None) -> HttpResponse:
    day = day or timezone.localdate()
    response = _render_run(request, day)
    if day == timezone.localdate():
        # Today's run opens on the phone with no signal, for today only (static/js/sw.js).
        keep_offline(response, kind="run", day=day)
    return response


@require(Perm.DRIVE)
@require_GET
def run_sheet(request: HttpRequest, day: date) -> HttpResponse:
    """The day's run as a PDF to print: the same fields as on the phone, with boxes to tick."""
    from core.pdf import render_pdf  # WeasyPrint is heavy and chatty: load it only here

    deliveries = list(DeliveryRequest.objects.for_run(driver=request.user, day=day))
    audit.record(
        by=request.user,
        kind=audit.Kind.RUN_SHEET,
        day=day.isoformat(),
        deliveries=[d.pk for d in deliveries],
    )
    pdf = render_pdf(
        "distribution/pdf/run_sheet.html",
        {"day": day, "driver": request.user, "deliveries": deliveries},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="run-{day.isoformat()}.pdf"'
    return response


@require(Perm.DRIVE)
@require_POST
def run_start(request: HttpRequest, day: date) -> HttpResponse:
    count = services.delivery_run_start(driver=request.user, day=day)
    messages.success(
        request, _("Run started: %(count)d on the way. Drive safe!") % {"count": count}
    )
    return redirect("distribution:run_day", day=day)


@require(Perm.DRIVE)
@require_POST
def run_finish(request: HttpRequest, day: date) -> HttpResponse:
    if services.delivery_run_finish(driver=request.user, day=day):
        messages.success(request, _("Run finished. Thank you!"))
    return redirect("distribution:run_day", day=day)


@require(Perm.DRIVE)
@require_POST
def run_sign_up(request: HttpRequest) -> HttpResponse:
    form = RunSignUpForm(request.POST)
    if not form.is_valid():
        return _render_run(request, timezone.localdate(), sign_up_form=form, status=422)
    shift = services.shift_sign_up(volunteer=request.user, run_date=form.cleaned_data["day"])
    messages.success(
        request,
        _("You are signed up to drive on %(day)s.")
        % {"day": date_format(shift.date, "DAY_FORMAT")},
    )
    return redirect("distribution:run_day", day=shift.date)


def _from_outbox(request: HttpRequest) -> bool:
    """The phone's outbox asks for JSON; the form posted without the script gets the page."""
    return "application/json" in request.headers.get("Accept", "")


def _marked(
    request: HttpRequest, delivery, marked: bool, message: str, key: uuid.UUID
) -> HttpResponse:
    """After a mark: JSON for the phone's outbox (a mark refused as no longer on the run, or
    already applied, is still done with: nothing to send again), else back to the run with
    the mark's Undo (the run shows it for the driver's last mark of the last few seconds)."""
    text = message if marked else _("This delivery is no longer on your run.")
    if marked:
        messages.success(request, text)
    else:
        messages.info(request, text)
    if _from_outbox(request):
        return JsonResponse({"marked": marked, "message": text})
    return redirect("distribution:run_day", day=delivery.date)


@require(Perm.DRIVE)
@require_POST
def delivery_delivered(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = _get_delivery_for_user(request, pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        if _from_outbox(request):
            return JsonResponse({"errors": form.errors}, status=400)
        messages.error(request, _("That mark was not understood. Reload the page."))
        return redirect("distribution:run_day", day=delivery.date)
    key = form.cleaned_data["key"] or uuid.uuid4()
    marked = services.delivery_mark_delivered(delivery=delivery, by=request.user, key=key)
    return _marked(
        request,
        delivery,
        marked,
        _("Delivered to %(name)s. Thank you!") % {"name": delivery.recipient_name},
        key,
    )


@require(Perm.DRIVE)
@require_POST
def delivery_failed(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = _get_delivery_for_user(request, pk)
    form = FailedForm(request.POST)
    if not form.is_valid():
        if _from_outbox(request):
            return JsonResponse({"errors": form.errors}, status=400)
        return _render_run(
            request, delivery.date, failed_form=form, failed_for=delivery.pk, status=422
        )
    key = form.cleaned_data["key"] or uuid.uuid4()
    marked = services.delivery_mark_failed(
        delivery=delivery, reason=form.cleaned_data["reason"], by=request.user, key=key
    )
    return _marked(request, delivery, marked, _("Noted. A lead will follow up on it."), key)


@require(Perm.DRIVE)
@require_POST
def delivery_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a mark: the stop is back on the run (JSON 409 for the outbox when too late)."""
    delivery = get_object_or_404(
        DeliveryRequest.objects.marked_by(request.user).select_related("contact"), pk=pk
    )
    form = UndoMarkForm(request.POST)
    if not form.is_valid():
        if _from_outbox(request):
            return JsonResponse({"errors": form.errors}, status=400)
        messages.error(request, _("That mark was not understood. Reload the page."))
        return redirect("distribution:run_day", day=delivery.date)
    undone = services.delivery_mark_undo(
        delivery=delivery, mark=form.cleaned_data["mark"], by=request.user
    )
    if undone:
        text = _("Back on your run: %(name)s.") % {"name": delivery.recipient_name}
    else:
        text = _("Too late to take it back here. A lead can put it back on the board.")
    if _from_outbox(request):
        return JsonResponse({"undone": undone, "message": text}, status=200 if undone else 409)
    (messages.success if undone else messages.error)(request, text)
    return redirect("distribution:run_day", day=delivery.date)


@require(Perm.DRIVE)
def coverage(request: HttpRequest) -> HttpResponse:
    current = DriverCoverage.objects.filter(driver=request.user).prefetch_related("areas").first()
    initial = {}
    if current is not None:
        initial = {"areas": list(current.areas.all()), "weekdays": current.weekday_list}
    form = CoverageForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.driver_coverage_set(
            driver=request.user,
            areas=form.cleaned_data["areas"],
            weekdays=form.cleaned_data["weekdays"],
        )
        messages.success(request, _("Saved. Leads will see you as a suggestion for these."))
        return redirect("distribution:run")
    return render(request, "distribution/coverage.html", {"form": form})
