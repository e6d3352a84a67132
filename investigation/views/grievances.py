from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import Perm, can, require
from contacts.models import Contact
from core import importing as csv_import
from core.http import paginate, posted
from investigation import importing, services
from investigation.filters import GrievanceFilter
from investigation.forms import GrievanceForm, QuickAddForm
from investigation.models import Antagonist, Grievance

PAGE_SIZE = 50


@require(Perm.VIEW_GRIEVANCES)
def grievance_list(request: HttpRequest) -> HttpResponse:
    """Every grievance, filtered; also the drill-down behind a sites-of-struggle row."""
    filterset = GrievanceFilter(
        request.GET or None, queryset=Grievance.objects.for_grievance_list()
    )
    page = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "investigation/grievance_list.html",
        {
            "filter": filterset,
            "page": page,
            "grievances": list(page.object_list),
            "show_contacts": can(request.user, Perm.VIEW_CONTACTS),
        },
    )


def _contact_from_query(request: HttpRequest) -> Contact | None:
    pk = request.GET.get("contact") or request.POST.get("contact")
    if not (pk and str(pk).isdigit()):
        return None
    return get_object_or_404(Contact.objects.active(), pk=pk)


@require(Perm.EDIT_INVESTIGATION)
def grievance_create(request: HttpRequest) -> HttpResponse:
    contact = _contact_from_query(request)
    initial = {"base_area": contact.base_area_id} if contact else {}
    form = GrievanceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        grievance = services.grievance_record(
            by=request.user, contact=contact, **form.grievance_fields()
        )
        messages.success(request, _("Grievance recorded."))
        if contact is not None:
            return redirect("contacts:detail", contact.pk)
        return redirect("investigation:grievance_detail", grievance.pk)
    return render(request, "investigation/grievance_form.html", {"form": form, "contact": contact})


@require(Perm.VIEW_GRIEVANCES)
def grievance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = get_object_or_404(Grievance.objects.for_grievance_page(), pk=pk)
    return render(
        request,
        "investigation/grievance_detail.html",
        {
            "grievance": grievance,
            "demands": list(grievance.demands.select_related("campaign")),
            "show_contacts": can(request.user, Perm.VIEW_CONTACTS),
        },
    )


@require(Perm.EDIT_INVESTIGATION)
def grievance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    grievance = get_object_or_404(Grievance.objects.for_grievance_page(), pk=pk)
    form = GrievanceForm(posted(request), instance=grievance)
    if request.method == "POST" and form.is_valid():
        services.grievance_update(grievance=grievance, by=request.user, **form.grievance_fields())
        messages.success(request, _("Saved."))
        return redirect("investigation:grievance_detail", grievance.pk)
    return render(
        request, "investigation/grievance_form.html", {"form": form, "grievance": grievance}
    )


@require(Perm.EDIT_CONTACTS)
@require(Perm.EDIT_INVESTIGATION)
def quick_add(request: HttpRequest) -> HttpResponse:
    """The serve table's page (quick_add:add): a contact met at the serve, what they said
    and up to two grievances, in one form on a phone. `?serve=<id>` is carried as a note."""
    serve = request.GET.get("serve")
    initial = {"language": request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("en", "es") else "en"}
    if serve and serve.isdigit():
        initial["serve"] = int(serve)
    form = QuickAddForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = _quick_add(request, form)
        except services.PhoneOnFile as on_file:
            # Nothing filed: the same form again, everything typed kept, with the question.
            form.phone_on_file(on_file.contacts, show_names=can(request.user, Perm.VIEW_CONTACTS))
            return _quick_add_page(request, form)
        if result.created and result.contact.shares_phone:
            text = ngettext(
                "%(name)s recorded, sharing a phone already on file, with %(count)s grievance.",
                "%(name)s recorded, sharing a phone already on file, with %(count)s grievances.",
                len(result.grievances),
            )
        elif result.created:
            text = ngettext(
                "%(name)s recorded with %(count)s grievance.",
                "%(name)s recorded with %(count)s grievances.",
                len(result.grievances),
            )
        else:
            text = ngettext(
                "Added to %(name)s's record: %(count)s grievance.",
                "Added to %(name)s's record: %(count)s grievances.",
                len(result.grievances),
            )
        messages.success(
            request, text % {"name": result.contact.name, "count": len(result.grievances)}
        )
        query = f"?serve={data['serve']}" if data["serve"] else ""
        return redirect(f"{request.path}{query}")
    return _quick_add_page(request, form)


def _quick_add(request: HttpRequest, form: QuickAddForm) -> services.QuickAddResult:
    data = form.cleaned_data
    return services.contact_quick_add(
        by=request.user,
        name=data["name"],
        phone=data["phone"],
        language=data["language"],
        consent=data["consent"],
        base_area=data["base_area"],
        summary=data["summary"],
        follow_up_due=data["follow_up_due"],
        grievances=form.grievances(),
        serve=data["serve"],
        ask=True,
        **form.choice(),
    )


def _quick_add_page(request: HttpRequest, form: QuickAddForm) -> HttpResponse:
    return render(
        request,
        "investigation/quick_add.html",
        {"form": form, "antagonist_names": list(Antagonist.objects.values_list("name", flat=True))},
    )


@require(Perm.EDIT_INVESTIGATION)
def grievance_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (per-row errors) → confirm → atomic import of grievances."""
    if request.method == "POST" and "token" in request.POST:
        return _grievance_import_confirm(request)
    context = csv_import.upload_and_preview(request, importing.preview_grievances)
    return render(request, "investigation/grievance_import.html", context)


@require(Perm.EDIT_INVESTIGATION)
def grievance_import_sample(request: HttpRequest) -> FileResponse:
    return FileResponse(
        open(settings.BASE_DIR / "docs" / "grievances-import-sample.csv", "rb"),  # noqa: SIM115
        as_attachment=True,
        content_type="text/csv",
    )


def _grievance_import_confirm(request: HttpRequest) -> HttpResponse:
    preview = csv_import.confirmed_preview(request, importing.preview_grievances)
    if preview is None:
        return redirect("investigation:grievance_import")
    if not preview.can_commit:
        context = {"form": csv_import.CsvUploadForm(), "preview": preview}
        return render(request, "investigation/grievance_import.html", context, status=422)
    created = services.grievances_import(preview=preview, by=request.user)
    messages.success(request, _("%(count)s grievances imported.") % {"count": len(created)})
    return redirect("investigation:grievance_list")
