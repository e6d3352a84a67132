"""Setting up the serves: sites, the weekly schedule, and the bag types with their contents."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import Perm, require
from core.http import posted
from distribution import services
from distribution.forms import BagTypeForm, ScheduleForm, SiteForm, item_lines
from distribution.models import BagType, Schedule, Site


@require(Perm.MANAGE_DISTRIBUTION)
def setup(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "distribution/setup.html",
        {
            "sites": list(Site.objects.order_by("-is_active", "name")),
            "schedules": list(Schedule.objects.for_setup_list()),
            "bag_types": list(BagType.objects.with_contents()),
        },
    )


@require(Perm.MANAGE_DISTRIBUTION)
def site_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    site = get_object_or_404(Site, pk=pk) if pk else None
    form = SiteForm(posted(request), instance=site)
    if request.method == "POST" and form.is_valid():
        form.save()  # a site has no side effects to speak of
        messages.success(request, _("Site saved."))
        return redirect("distribution:setup")
    return render(
        request,
        "distribution/setup_form.html",
        {"form": form, "title": _("Edit the site") if site else _("Add a site")},
    )


@require(Perm.MANAGE_DISTRIBUTION)
def schedule_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    schedule = get_object_or_404(Schedule, pk=pk) if pk else None
    form = ScheduleForm(posted(request), instance=schedule)
    if request.method == "POST" and form.is_valid():
        services.schedule_save(schedule=form.save(commit=False))
        messages.success(request, _("Schedule saved. The next four weeks of serves are ready."))
        return redirect("distribution:setup")
    return render(
        request,
        "distribution/setup_form.html",
        {
            "form": form,
            "title": _("Edit the schedule") if schedule else _("Add a weekly serve"),
        },
    )


@require(Perm.MANAGE_DISTRIBUTION)
def bag_type_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    bag_type = get_object_or_404(BagType, pk=pk) if pk else None
    initial = None
    if bag_type is not None:
        initial = [
            {"item": line.item_id, "quantity": line.quantity}
            for line in bag_type.contents.order_by("item__name")
        ]
    lines = item_lines(posted(request), initial=initial)
    form = BagTypeForm(posted(request), instance=bag_type, lines=lines)
    if request.method == "POST" and form.is_valid():
        services.bag_type_save(bag_type=form.save(commit=False), contents=lines.lines())
        messages.success(request, _("Bag type saved."))
        return redirect("distribution:setup")
    return render(
        request,
        "distribution/bag_type_form.html",
        {"form": form, "lines": lines, "bag_type": bag_type},
    )
