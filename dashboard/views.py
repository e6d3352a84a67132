from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dashboard.panels import panels_for


def home(request: HttpRequest) -> HttpResponse:
    """The member's start page: what needs them today, by role."""
    return render(request, "dashboard/home.html", {"panels": panels_for(request)})


def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: a signed-in page that renders the base template and runs no
    query of its own, to compare every real page against."""
    return render(request, "dashboard/floor.html")
