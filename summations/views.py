from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import Perm, can, require
from core.http import paginate
from core.weeks import Week
from summations import services
from summations.filters import SummationFilter
from summations.forms import CommentForm, WeekForm
from summations.models import Summation, SummationComment
from summations.pdf import summation_pdf as render_pdf
from summations.presentation import EVERY_AUDIENCE, audiences_for, figures_html, period_label

PER_PAGE = 26  # half a year of weeks


def _list_context(request: HttpRequest, week_form: WeekForm | None = None) -> dict:
    filterset = SummationFilter(request.GET or None, queryset=Summation.objects.for_list())
    page = paginate(request, filterset.qs, PER_PAGE)
    if week_form is None and can(request.user, Perm.BUILD_SUMMATIONS):
        week_form = WeekForm(initial={"week": str(Week.last_completed(timezone.now()))})
    return {
        "filter": filterset,
        "page": page,
        "summations": list(page.object_list),
        "week_form": week_form,
    }


@require(Perm.VIEW_SUMMATIONS)
@require_GET
def summation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "summations/list.html", _list_context(request))


@require(Perm.BUILD_SUMMATIONS)
@require_POST
def summation_build_week(request: HttpRequest) -> HttpResponse:
    """Build (or rebuild) the summation of a week chosen on the list page."""
    form = WeekForm(request.POST)
    if not form.is_valid():
        return render(request, "summations/list.html", _list_context(request, form), status=422)
    summation = services.summation_request_build(week=form.cleaned_data["week"], by=request.user)
    return redirect("summations:detail", pk=summation.pk)


def _detail_context(request: HttpRequest, summation: Summation, comment_form=None) -> dict:
    context = {
        "figures_html": figures_html(summation, request.LANGUAGE_CODE, audiences_for(request.user)),
        "period_label": period_label(summation.period),
    }
    context.update(
        comments=list(SummationComment.objects.for_summation(summation)),
        comment_form=comment_form or CommentForm(),
        **_status_context(request, summation),
    )
    return context


def _status_context(request: HttpRequest, summation: Summation) -> dict:
    return {
        "summation": summation,
        "can_build": can(request.user, Perm.BUILD_SUMMATIONS),
        "can_decide": can(request.user, Perm.MANAGE_COMMITTEES),
    }


@require(Perm.VIEW_SUMMATIONS)
@require_GET
def summation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    summation = get_object_or_404(Summation.objects.for_detail(), pk=pk)
    return render(request, "summations/detail.html", _detail_context(request, summation))


@require(Perm.VIEW_SUMMATIONS)
@require_GET
def summation_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The build-progress partial, polled every 2 s while a build is under way. Once the
    build is over it stops polling and swaps in the fresh figures as well (out of band)."""
    summation = get_object_or_404(Summation.objects.for_status(), pk=pk)
    context = _status_context(request, summation)
    if not summation.build_in_progress:  # the last poll: one more query, for the figures
        audiences = audiences_for(request.user)
        context.update(
            figures_html=figures_html(summation, request.LANGUAGE_CODE, audiences),
            figures_oob=True,
        )
    return render(request, "summations/detail.html#status", context)


@require(Perm.BUILD_SUMMATIONS)
@require_POST
def summation_build(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Build now": rebuild this summation in the background; the page shows the progress."""
    summation = get_object_or_404(Summation, pk=pk)
    services.summation_request_build(week=summation.period, by=request.user)
    summation = get_object_or_404(Summation.objects.for_status(), pk=pk)
    if request.htmx:
        return render(request, "summations/detail.html#status", _status_context(request, summation))
    return redirect("summations:detail", pk=summation.pk)


@require(Perm.MANAGE_COMMITTEES)
@require_POST
def summation_present(request: HttpRequest, pk: int) -> HttpResponse:
    summation = get_object_or_404(Summation, pk=pk)
    try:
        services.summation_present(summation=summation, by=request.user)
    except services.SummationStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as presented to the general body."))
    return redirect("summations:detail", pk=summation.pk)


@require(Perm.MANAGE_COMMITTEES)
@require_POST
def summation_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    summation = get_object_or_404(Summation, pk=pk)
    try:
        services.summation_adopt(summation=summation, by=request.user)
    except services.SummationStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as adopted by the general body."))
    return redirect("summations:detail", pk=summation.pk)


@require(Perm.VIEW_SUMMATIONS)
@require_POST
def summation_comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    summation = get_object_or_404(Summation, pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, summation, comment_form=form)
        return render(request, "summations/detail.html", context, status=422)
    services.summation_comment_create(
        summation=summation, by=request.user, body=form.cleaned_data["body"]
    )
    return redirect(reverse("summations:detail", args=[summation.pk]) + "#comments")


@require(Perm.VIEW_SUMMATIONS)
@require_GET
def summation_pdf(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    """A summation's PDF, through the permission check (summation files are not public), with
    the sections the reader may read, as on the page. The stored PDF holds every section; a
    reader who may not see the investigation's (a driver) gets one made from the same stored
    figures without them."""
    summation = get_object_or_404(Summation.objects.for_status(), pk=pk)
    pdf = summation.pdf_for(language)
    if not pdf:
        raise Http404
    filename = f"summation-{summation.period}-{language}.pdf"
    audiences = audiences_for(request.user)
    if audiences != EVERY_AUDIENCE:
        response = HttpResponse(render_pdf(summation, language, audiences), "application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    try:
        handle = pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type="application/pdf", filename=filename)
