"""The dashboard's panels. Each app offers panels for a member through a function that returns
a list of `Panel`s (a template and its context, already evaluated); the dashboard lists them
in this order. Panels must run a fixed number of queries, whatever the data size."""

from dataclasses import dataclass, field

from django.http import HttpRequest

from accounts.permissions import Perm, can
from summations.models import Summation


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def summation_panels(request: HttpRequest) -> list[Panel]:
    """The latest weekly summation and its state (1 query). Lives here because nothing may
    import dashboard, so an app cannot build a `Panel` itself."""
    if not can(request.user, Perm.VIEW_SUMMATIONS):
        return []
    latest = Summation.objects.latest_for_dashboard()
    return [Panel("summations/panel.html", {"summation": latest})]


def panels_for(request: HttpRequest) -> list[Panel]:
    providers = (summation_panels,)  # apps add their panel functions here as they are built
    panels: list[Panel] = []
    for provider in providers:
        panels.extend(provider(request))
    return panels
