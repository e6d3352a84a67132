from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import Perm, can, require
from contacts.models import BaseArea
from core import importing as csv_import
from core.http import paginate, posted
from investigation import importing, services
from investigation.filters import AntagonistFilter, BaseAreaFilter
from investigation.forms import (
    AntagonistForm,
    BaseAreaForm,
    GrievanceCategoryForm,
    InvestigationNoteForm,
)
from investigation.models import (
    Antagonist,
    Campaign,
    Grievance,
    GrievanceCategory,
    base_areas_for_list,
)

PAGE_SIZE = 50
NOTES_PER_PAGE = 10  # an active base area gathers hundreds of notes over the years


@require(Perm.VIEW_GRIEVANCES)
def base_area_list(request: HttpRequest) -> HttpResponse:
    filterset = BaseAreaFilter(request.GET or None, queryset=base_areas_for_list())
    page = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "investigation/base_area_list.html",
        {
            "filter": filterset,
            "page": page,
            "base_areas": list(page.object_list),
            "can_import": can(request.user, Perm.EDIT_INVESTIGATION),
        },
    )


@require(Perm.EDIT_INVESTIGATION)
def base_area_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    base_area = get_object_or_404(BaseArea.objects.for_area_page(), pk=pk) if pk else None
    form = BaseAreaForm(posted(request), instance=base_area)
    if request.method == "POST" and form.is_valid():
        base_area = services.base_area_save(base_area=base_area, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("investigation:base_area_detail", base_area.pk)
    return render(
        request, "investigation/base_area_form.html", {"form": form, "base_area": base_area}
    )


@require(Perm.EDIT_INVESTIGATION)
def base_area_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (per-row errors, areas already there) → confirm → atomic import."""
    if request.method == "POST" and "token" in request.POST:
        return _base_area_import_confirm(request)
    context = csv_import.upload_and_preview(request, importing.preview_base_areas)
    return render(request, "investigation/base_area_import.html", context)


@require(Perm.EDIT_INVESTIGATION)
def base_area_import_sample(request: HttpRequest) -> FileResponse:
    return FileResponse(
        open(settings.BASE_DIR / "docs" / "base-areas-import-sample.csv", "rb"),  # noqa: SIM115
        as_attachment=True,
        content_type="text/csv",
    )


def _base_area_import_confirm(request: HttpRequest) -> HttpResponse:
    preview = csv_import.confirmed_preview(request, importing.preview_base_areas)
    if preview is None:
        return redirect("investigation:base_area_import")
    if not preview.errors and not preview.rows:
        # Sent twice, or imported meanwhile by someone else: everything is there already.
        messages.info(request, _("Every area in the file is already in Basework: none imported."))
        return redirect("investigation:base_area_list")
    if not preview.can_commit:
        context = {"form": csv_import.CsvUploadForm(), "preview": preview}
        return render(request, "investigation/base_area_import.html", context, status=422)
    created = services.base_areas_import(preview=preview)
    messages.success(request, _("Base areas imported: %(count)s.") % {"count": len(created)})
    return redirect("investigation:base_area_list")


@require(Perm.VIEW_GRIEVANCES)
def base_area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    base_area = get_object_or_404(BaseArea.objects.for_area_page(), pk=pk)
    grievances = Grievance.objects.filter(base_area=base_area)
    notes_page = paginate(request, base_area.notes.select_related("written_by"), NOTES_PER_PAGE)
    context = {
        "base_area": base_area,
        "children": list(base_area.children.order_by("name")),
        "notes": list(notes_page.object_list),
        "notes_page": notes_page,
        "contact_count": base_area.contacts.filter(forgotten_at__isnull=True).count(),
        "by_category": list(
            GrievanceCategory.objects.filter(grievances__base_area=base_area)
            .annotate(n=Count("grievances"))
            .order_by("-n", "name")
        ),
        "recent_grievances": list(grievances.for_grievance_list()[:20]),
        "campaigns": list(Campaign.objects.filter(base_area=base_area).order_by("-started_on")),
        "note_form": InvestigationNoteForm(),
    }
    return render(request, "investigation/base_area_detail.html", context)


@require(Perm.EDIT_INVESTIGATION)
def base_area_note_create(request: HttpRequest, pk: int) -> HttpResponse:
    base_area = get_object_or_404(BaseArea.objects.for_area_page(), pk=pk)
    form = InvestigationNoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.base_area_note_add(base_area=base_area, by=request.user, **form.cleaned_data)
        messages.success(request, _("Note added."))
        return redirect("investigation:base_area_detail", base_area.pk)
    return render(request, "investigation/note_form.html", {"form": form, "base_area": base_area})


@require(Perm.VIEW_GRIEVANCES)
def antagonist_list(request: HttpRequest) -> HttpResponse:
    filterset = AntagonistFilter(
        request.GET or None, queryset=Antagonist.objects.for_antagonist_list()
    )
    page = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "investigation/antagonist_list.html",
        {"filter": filterset, "page": page, "antagonists": list(page.object_list)},
    )


@require(Perm.EDIT_INVESTIGATION)
def antagonist_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    antagonist = get_object_or_404(Antagonist, pk=pk) if pk else None
    form = AntagonistForm(posted(request), instance=antagonist)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("investigation:antagonist_list")
    return render(
        request, "investigation/antagonist_form.html", {"form": form, "antagonist": antagonist}
    )


@require(Perm.EDIT_INVESTIGATION)
def category_list(request: HttpRequest) -> HttpResponse:
    categories = list(GrievanceCategory.objects.annotate(grievance_count=Count("grievances")))
    return render(request, "investigation/category_list.html", {"categories": categories})


@require(Perm.EDIT_INVESTIGATION)
def category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(GrievanceCategory, pk=pk) if pk else None
    form = GrievanceCategoryForm(posted(request), instance=category)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("investigation:category_list")
    return render(request, "investigation/category_form.html", {"form": form, "category": category})
