"""Handout pages: the list, a handout and its versions, drafts, adoption, the PDFs, printing
for tonight's serve and counting copies given out there."""

import uuid

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import Perm, can, require
from core.http import posted
from distribution.models import Serve
from distribution.views.counting import counts_closed, counts_json, counts_response, counts_undo
from handouts import pdf, services
from handouts.formatting import render as format_text
from handouts.forms import (
    CountForm,
    HandoutForm,
    PrintedBatchForm,
    SheetForm,
    VersionForm,
)
from handouts.models import LANGUAGES, Handout, HandoutTap, HandoutVersion, PrintedBatch

LAYOUTS = {"both": pdf.BOTH, "en": ("en",), "es": ("es",)}
# Serves whose households suggest how many copies to print.
SUGGESTION_SERVES = 4


def _refused(form, refusal: services.Refused) -> None:
    form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)


def _columns(version: HandoutVersion) -> list[dict]:
    return [
        {
            "language": code,
            "label": label,
            "title": version.text(code)[0],
            "body": format_text(version.text(code)[1]),
        }
        for code, label in LANGUAGES
    ]


@require(Perm.VIEW_HANDOUTS)
@require_GET
def handout_list(request: HttpRequest) -> HttpResponse:
    handouts = list(Handout.objects.for_list())
    return render(
        request,
        "handouts/list.html",
        {"handouts": handouts, "can_edit": can(request.user, Perm.EDIT_HANDOUTS)},
    )


@require(Perm.EDIT_HANDOUTS)
def handout_create(request: HttpRequest) -> HttpResponse:
    form = HandoutForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.handout_create(by=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(version.handout)
    status = 422 if form.errors else 200
    return render(
        request, "handouts/form.html", {"form": form, "title": _("New handout")}, status=status
    )


@require(Perm.VIEW_HANDOUTS)
@require_GET
def handout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    handout = get_object_or_404(Handout, pk=pk)
    versions = list(HandoutVersion.objects.for_handout_page(handout))
    current = next((v for v in versions if v.is_current), None)
    fit = {}
    if current is not None:
        fit = {code: pdf.copies_per_sheet(current, langs) for code, langs in LAYOUTS.items()}
    return render(
        request,
        "handouts/detail.html",
        {
            "handout": handout,
            "current": current,
            "columns": _columns(current) if current else [],
            "fit": fit,
            "versions": versions,
            "can_edit": can(request.user, Perm.EDIT_HANDOUTS),
        },
    )


@require(Perm.VIEW_HANDOUTS)
@require_GET
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(
        HandoutVersion.objects.for_version_page(), handout_id=pk, number=number
    )
    return render(
        request,
        "handouts/version.html",
        {
            "version": version,
            "handout": version.handout,
            "columns": _columns(version),
            "fits": pdf.copies_per_sheet(version) is not None,
            "can_edit": can(request.user, Perm.EDIT_HANDOUTS),
        },
    )


@require(Perm.EDIT_HANDOUTS)
def version_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(
        HandoutVersion.objects.for_version_page(), handout_id=pk, number=number
    )
    form = VersionForm(posted(request), instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.handout_version_update(version=version, by=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(version)
    elif request.method == "GET" and not version.is_draft:
        messages.error(
            request, _("This version was put to the general body: it no longer changes.")
        )
        return redirect(version)
    status = 422 if form.errors else 200
    title = _("Edit version %(number)s") % {"number": version.number}
    return render(request, "handouts/form.html", {"form": form, "title": title}, status=status)


def _version_action(request, pk: int, number: int, action, done: str) -> HttpResponse:
    version = get_object_or_404(
        HandoutVersion.objects.for_version_page(), handout_id=pk, number=number
    )
    try:
        version = action(version=version, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect(version)


@require(Perm.EDIT_HANDOUTS)
@require_POST
def version_propose(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _version_action(
        request,
        pk,
        number,
        services.handout_version_propose,
        _("Put to the general body: add the proposal to a general body meeting's agenda."),
    )


@require(Perm.EDIT_HANDOUTS)
@require_POST
def version_adopt(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _version_action(
        request,
        pk,
        number,
        services.handout_version_adopt,
        _("Adopted by the general body: this version is now current."),
    )


@require(Perm.EDIT_HANDOUTS)
@require_POST
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    handout = get_object_or_404(Handout, pk=pk)
    try:
        version = services.handout_version_start(handout=handout, by=request.user)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(handout)
    return redirect("handouts:version_edit", pk=handout.pk, number=version.number)


def _too_long(request, message: str) -> HttpResponse:
    return render(request, "handouts/too_long.html", {"message": message}, status=422)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require(Perm.VIEW_HANDOUTS)
@require_GET
def handout_pdf(request: HttpRequest, pk: int, layout: str) -> HttpResponse:
    handout = get_object_or_404(Handout, pk=pk)
    current = handout.current_version
    if current is None or layout not in LAYOUTS:
        return _too_long(request, _("This handout has no adopted version to print yet."))
    try:
        data, _per_sheet = pdf.handout_pdf(current, LAYOUTS[layout])
    except pdf.TooLong as too_long:
        return _too_long(request, too_long.message)
    return _pdf_response(data, f"handout-{handout.pk}-v{current.number}-{layout}.pdf")


@require(Perm.VIEW_HANDOUTS)
@require_GET
def combined_sheet(request: HttpRequest) -> HttpResponse:
    form = SheetForm(request.GET)
    if not form.is_valid():
        return _too_long(request, " ".join(e for errors in form.errors.values() for e in errors))
    versions = [h.current_version for h in form.cleaned_data["handout"]]
    try:
        data = pdf.combined_pdf(versions, LAYOUTS[form.cleaned_data["layout"]])
    except pdf.TooLong as too_long:
        return _too_long(request, too_long.message)
    return _pdf_response(data, "handouts-sheet.pdf")


def suggested_copies(serve: Serve) -> int | None:
    """The most households any of the last four closed serves at this site had: enough
    copies for a busy night. None before the site's first closed serve."""
    recent = list(
        Serve.objects.held()
        .filter(site_id=serve.site_id, date__lte=serve.date)
        .exclude(pk=serve.pk)
        .order_by("-date", "-start_time")[:SUGGESTION_SERVES]
    )
    totals = [past.taps.all().households()["total"] for past in recent]
    return max(totals) if totals else None


def _left(versions) -> dict[int, int]:
    """{version id: copies printed minus copies given out}, for versions with a batch."""
    printed = PrintedBatch.objects.copies_of(versions)
    given = dict(
        HandoutTap.objects.counted()
        .filter(version__in=versions)
        .values_list("version_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {pk: copies - given.get(pk, 0) for pk, copies in printed.items()}


@require(Perm.VIEW_HANDOUTS)
def serve_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Print for tonight: each current handout, how many copies a sheet holds, how many
    sheets for the suggested copies; a combined sheet; a printed batch recorded."""
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    batch_form = PrintedBatchForm(posted(request))
    if request.method == "POST":
        if not can(request.user, Perm.EDIT_HANDOUTS):
            return HttpResponse(status=403)
        if batch_form.is_valid():
            data = batch_form.cleaned_data
            try:
                services.printed_batch_record(
                    version=data["handout"].current_version,
                    language=data["language"],
                    copies=data["copies"],
                    printed_on=data["printed_on"],
                    by=request.user,
                )
            except services.Refused as refusal:
                _refused(batch_form, refusal)
            else:
                messages.success(request, _("Printed batch recorded."))
                return redirect("handouts:serve_print", pk=serve.pk)
    suggestion = suggested_copies(serve)
    handouts = list(Handout.objects.with_current().for_list())
    versions = [h.current_version for h in handouts]
    left = _left(versions)
    rows = []
    for handout, version in zip(handouts, versions, strict=True):
        per_sheet = pdf.copies_per_sheet(version)
        rows.append(
            {
                "handout": handout,
                "version": version,
                "per_sheet": per_sheet,
                "sheets": -(-suggestion // per_sheet) if suggestion and per_sheet else None,
                "left": left.get(version.pk),
            }
        )
    return render(
        request,
        "handouts/serve_print.html",
        {
            "serve": serve,
            "suggestion": suggestion,
            "rows": rows,
            "sheet_form": SheetForm(initial={"handout": handouts}),
            "batch_form": batch_form,
            "can_edit": can(request.user, Perm.EDIT_HANDOUTS),
        },
        status=422 if batch_form.errors else 200,
    )


# --- Counting at the serve -----------------------------------------------------------------


def _totals(serve: Serve) -> dict:
    return {"totals": serve.handout_taps.all().totals()}


def _counts_response(request, serve: Serve, *, status: int = 200, **extra) -> HttpResponse:
    """The live totals, as JSON for the page's script; or back to the page without it."""
    return counts_response(request, serve, _totals, "handouts:serve_count", status=status, **extra)


@require(Perm.RUN_SERVE)
@require_GET
def serve_count(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    handouts = list(Handout.objects.with_current().for_list())
    totals = serve.handout_taps.all().totals()
    left = _left([h.current_version for h in handouts])
    counters = [
        {
            "handout": handout,
            "left": left.get(handout.current_version.pk),
            "counters": [
                {
                    "key": HandoutTap.counter_key(handout.pk, code),
                    "language": code,
                    "label": label,
                    "total": totals.get(HandoutTap.counter_key(handout.pk, code), 0),
                    "tap_key": str(uuid.uuid4()),
                }
                for code, label in LANGUAGES
            ],
        }
        for handout in handouts
    ]
    return render(
        request,
        "handouts/serve_count.html",
        {"serve": serve, "handouts": counters, "undo_key": str(uuid.uuid4())},
    )


@require(Perm.RUN_SERVE)
@require_GET
def serve_totals(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    return counts_json(serve, _totals)


@require(Perm.RUN_SERVE)
@require_POST
def serve_tap(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    form = CountForm(request.POST)
    if not form.is_valid():
        return _counts_response(
            request, serve, status=400, error=_("That count was not understood. Reload the page.")
        )
    data = form.cleaned_data
    try:
        services.handout_tap(
            serve=serve,
            handout=data["kind"],
            language=data["language"],
            key=data["key"],
            device=data["device"],
            by=request.user,
        )
    except services.ServeClosed:
        return counts_closed(request, serve, _counts_response)
    except services.Refused as refusal:
        return _counts_response(request, serve, status=400, error=refusal.message)
    return _counts_response(request, serve)


@require(Perm.RUN_SERVE)
@require_POST
def serve_undo(request: HttpRequest, pk: int) -> HttpResponse:
    serve = get_object_or_404(Serve.objects.for_serve_detail(), pk=pk)
    return counts_undo(
        request,
        serve,
        _counts_response,
        undo=services.handout_undo,
        took_back=lambda _tap: _("Took back one handout count."),
    )
