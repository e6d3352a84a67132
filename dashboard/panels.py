"""The dashboard's panels. Each app offers panels for a member through a function that returns
a list of `Panel`s (a template and its context, already evaluated); the dashboard lists them
in this order. Panels must run a fixed number of queries, whatever the data size."""

from dataclasses import dataclass, field

from django.http import HttpRequest

from distribution.panels import dashboard_panels as distribution_panels


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def panels_for(request: HttpRequest) -> list[Panel]:
    providers = (distribution_panels,)  # apps add their panel functions here as they are built
    panels: list[Panel] = []
    for provider in providers:
        # A provider below the dashboard can't import Panel: it may give (template, context).
        panels.extend(p if isinstance(p, Panel) else Panel(*p) for p in provider(request))
    return panels
