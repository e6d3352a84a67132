"""Reach: whether the distribution reaches the places where the struggle is (see
distribution.reach for what counts)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.permissions import Perm, require
from distribution import reach as figures
from distribution.forms import ReachForm


@require(Perm.VIEW_AGGREGATES)
@require_GET
def reach(request: HttpRequest) -> HttpResponse:
    """Per top-level base area, the contacts met at serves and reached by deliveries in the
    period beside the grievances and the people who raised them; where the serve sites'
    contacts come from; the areas and sites called out. Counts and place names only, so the
    same readers as the sites of struggle. Four queries whatever the data, none while the
    figures are cached (at most REACH_SECONDS old)."""
    form = ReachForm(request.GET or None)
    choice = form.choices()
    found = figures.reach_for_page(start=choice["start"], end=choice["end"])
    return render(
        request,
        "distribution/reach.html",
        {
            "form": form,
            "choice": choice,
            "reach": found,
            "minutes": figures.REACH_SECONDS // 60,
            "counting": figures.COUNTING,
            "area_rule": figures.area_rule(found.threshold),
            "site_rule": figures.site_rule(found.threshold),
            "area_call_outs": [figures.area_call_out(area) for area in found.under_reached],
            "site_call_outs": [figures.site_call_out(site) for site in found.sites_in_quiet_areas],
            "without_area": figures.without_area_note(found.reached_without_area)
            if found.reached_without_area
            else "",
        },
    )
