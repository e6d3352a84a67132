import hashlib

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import Perm, can, require
from contacts import importing, services
from contacts.filters import ContactFilter, FollowUpFilter
from contacts.forms import (
    AssessmentForm,
    ContactForm,
    ConversationForm,
    DevelopmentLevelForm,
    ForgetForm,
    phone_taken_message,
)
from contacts.models import (
    Contact,
    ContactAccess,
    Conversation,
    DevelopmentLevel,
    RetentionRun,
)
from core import importing as csv_import
from core.http import paginate, posted, redirect_back

PAGE_SIZE = 50
CONVERSATIONS_PER_PAGE = 20  # the latest first; a regular at the serve has hundreds


# A name or a phone never goes into a URL (web server logs, browser history, Referer): the
# contact list and the export take them from a POST; a GET uses only the other filters.
PERSONAL_FILTERS = ("name", "phone")


def _contact_filter_data(request: HttpRequest):
    if request.method == "POST":
        return request.POST
    data = request.GET.copy()
    for name in PERSONAL_FILTERS:
        data.pop(name, None)
    return data or None


@require(Perm.VIEW_CONTACTS)
@require_http_methods(["GET", "POST"])
def contact_list(request: HttpRequest) -> HttpResponse:
    data = _contact_filter_data(request)
    filterset = ContactFilter(data, queryset=Contact.objects.for_contact_list())
    page = paginate(request, filterset.qs, PAGE_SIZE, number=(data or {}).get("page"))
    return render(
        request,
        "contacts/contact_list.html",
        {
            "filter": filterset,
            "page": page,
            "contacts": list(page.object_list),
            "searched_by_post": request.method == "POST",
        },
    )


@require(Perm.EDIT_CONTACTS)
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                by=request.user, consent=form.cleaned_data["consent"], **form.contact_fields()
            )
        except services.PhoneAlreadyRecorded as taken:  # by someone else, just now
            form.add_error("phone", phone_taken_message(taken.contact))
        else:
            messages.success(request, _("Contact recorded."))
            return redirect("contacts:detail", contact.pk)
    return render(request, "contacts/contact_form.html", {"form": form})


@require(Perm.VIEW_CONTACTS)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.for_contact_detail(), pk=pk)
    services.contact_access_record(
        contact=contact, by=request.user, action=ContactAccess.Action.VIEWED
    )
    conversations_page = paginate(
        request, contact.conversations.for_contact_page(), CONVERSATIONS_PER_PAGE
    )
    context = {
        "contact": contact,
        "conversations": list(conversations_page.object_list),
        "conversations_page": conversations_page,
        "assessments": list(contact.assessments.for_contact_page()),
        "grievances": list(contact.grievances.for_contact_page()),
        "accesses": (
            list(contact.accesses.for_access_log()[:20])
            if can(request.user, Perm.AUDIT_CONTACT_ACCESS)
            else None
        ),
    }
    return render(request, "contacts/contact_detail.html", context)


@require(Perm.EDIT_CONTACTS)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.for_contact_detail(), pk=pk)
    form = ContactForm(posted(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                contact=contact,
                by=request.user,
                consent=form.cleaned_data["consent"],
                version=form.cleaned_data["version"],
                **form.contact_fields(),
            )
        except services.ContactChanged as changed:
            if changed.current is None:
                raise Http404 from changed  # forgotten meanwhile: as for any forgotten contact
            form = form.after_conflict(changed.current)
            context = {"form": form, "contact": contact}
            return render(request, "contacts/contact_form.html", context, status=409)
        except services.PhoneAlreadyRecorded as taken:  # by someone else, just now
            form.add_error("phone", phone_taken_message(taken.contact))
        else:
            messages.success(request, _("Saved."))
            return redirect("contacts:detail", contact.pk)
    return render(request, "contacts/contact_form.html", {"form": form, "contact": contact})


@require(Perm.EDIT_CONTACTS)
def contact_forget(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.for_contact_detail(), pk=pk)
    form = ForgetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.contact_forget(contact=contact, by=request.user)
        messages.success(request, _("The contact was forgotten. Their grievances stay, unnamed."))
        return redirect("contacts:list")
    return render(request, "contacts/contact_forget.html", {"form": form, "contact": contact})


@require(Perm.EDIT_CONTACTS)
def conversation_create(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.for_contact_detail(), pk=pk)
    form = ConversationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.conversation_record(contact=contact, by=request.user, **form.cleaned_data)
        messages.success(request, _("Conversation recorded."))
        return redirect("contacts:detail", contact.pk)
    return render(request, "contacts/conversation_form.html", {"form": form, "contact": contact})


@require(Perm.VIEW_CONTACTS)
def follow_up_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("follow_up_by", str(request.user.pk))
    data.setdefault("due", "now")
    filterset = FollowUpFilter(data, queryset=Conversation.objects.for_follow_up_list())
    page = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "contacts/follow_up_list.html",
        {
            "filter": filterset,
            "page": page,
            "follow_ups": list(page.object_list),
            "today": timezone.localdate(),
        },
    )


@require(Perm.EDIT_CONTACTS)
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation.objects.of_remembered_contacts(), pk=pk)
    services.follow_up_complete(conversation=conversation, by=request.user)
    messages.success(request, _("Follow-up marked done."))
    return redirect_back(request, "contacts:follow_ups")


@require(Perm.EDIT_CONTACTS)
def contact_assess(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.for_contact_detail(), pk=pk)
    form = AssessmentForm(posted(request), initial={"level": contact.development_level_id})
    if request.method == "POST" and form.is_valid():
        services.contact_assess(contact=contact, by=request.user, **form.cleaned_data)
        messages.success(request, _("Assessment recorded."))
        return redirect("contacts:detail", contact.pk)
    return render(request, "contacts/assessment_form.html", {"form": form, "contact": contact})


@require(Perm.EDIT_CONTACTS)
def level_list(request: HttpRequest) -> HttpResponse:
    levels = list(DevelopmentLevel.objects.for_choices())
    return render(request, "contacts/level_list.html", {"levels": levels})


@require(Perm.EDIT_CONTACTS)
def level_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    level = get_object_or_404(DevelopmentLevel, pk=pk) if pk else None
    form = DevelopmentLevelForm(posted(request), instance=level)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("contacts:levels")
    return render(request, "contacts/level_form.html", {"form": form, "level": level})


@require(Perm.EDIT_CONTACTS)
def contact_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (per-row errors, duplicates skipped) → confirm → atomic import.
    Between preview and confirm the file travels encrypted in the page, not in a session."""
    if request.method == "POST" and "token" in request.POST:
        return _contact_import_confirm(request)
    context = csv_import.upload_and_preview(request, importing.preview_contacts)
    return render(request, "contacts/contact_import.html", context)


def _contact_import_confirm(request: HttpRequest) -> HttpResponse:
    form = csv_import.ImportConfirmForm(request.POST)
    preview = csv_import.confirmed_preview(request, importing.preview_contacts)
    if preview is None:
        return redirect("contacts:import")
    if not preview.can_commit:
        context = {"form": csv_import.CsvUploadForm(), "preview": preview}
        return render(request, "contacts/contact_import.html", context, status=422)
    key = hashlib.sha256(form.data["token"].encode()).hexdigest()
    try:
        created = services.contacts_import(preview=preview, by=request.user, key=key)
    except services.ImportAlreadyDone:
        messages.info(request, _("This file was imported already."))
        return redirect("contacts:list")
    except services.PhonesRecordedMeanwhile:
        messages.error(
            request,
            _("Someone recorded one of these phones since the preview. Upload the file again."),
        )
        return redirect("contacts:import")
    messages.success(
        request,
        _("%(created)s contacts imported, %(skipped)s duplicates skipped.")
        % {"created": len(created), "skipped": len(preview.skipped)},
    )
    return redirect("contacts:list")


@require(Perm.EDIT_CONTACTS)
def contact_import_sample(request: HttpRequest) -> FileResponse:
    return FileResponse(
        open(settings.BASE_DIR / "docs" / "contacts-import-sample.csv", "rb"),  # noqa: SIM115
        as_attachment=True,
        content_type="text/csv",
    )


@require(Perm.EXPORT_CONTACTS)
@require_http_methods(["GET", "POST"])
def contact_export(request: HttpRequest) -> HttpResponse:
    """The contacts the list's filters select, as CSV (the filters come as on the list)."""
    filterset = ContactFilter(_contact_filter_data(request), queryset=Contact.objects.for_export())
    body = services.contacts_export(by=request.user, contacts=filterset.qs.iterator())
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="contacts-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return response


@require(Perm.AUDIT_CONTACT_ACCESS)
def access_log(request: HttpRequest) -> HttpResponse:
    page = paginate(request, ContactAccess.objects.for_access_log(), PAGE_SIZE)
    return render(
        request,
        "contacts/access_log.html",
        {
            "page": page,
            "accesses": list(page.object_list),
            "retention_runs": list(RetentionRun.objects.recent()[:10]),
            "retention_months": settings.CONTACT_RETENTION_MONTHS,
        },
    )
