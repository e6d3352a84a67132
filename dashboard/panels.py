"""The dashboard's panels. Each app offers panels for a member through a function that returns
a list of `Panel`s (a template and its context, already evaluated); the dashboard lists them
in this order. Panels must run a fixed number of queries, whatever the data size."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from accounts.permissions import Perm, can
from contacts.models import Conversation
from investigation.models import Grievance


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def my_follow_ups(request: HttpRequest) -> list[Panel]:
    """contacts: the member's own follow-ups due today or overdue, and the quick-add link."""
    if not can(request.user, Perm.VIEW_CONTACTS):
        return []
    today = timezone.localdate()
    due = Conversation.objects.follow_ups_due_for(request.user, on=today)
    context = {"follow_ups": list(due.for_follow_up_list()[:5]), "count": due.count()}
    return [Panel("contacts/panels/follow_ups.html", context | {"today": today})]


def sites_of_struggle(request: HttpRequest) -> list[Panel]:
    """investigation: the top base areas of the last 30 days (counts only: every member)."""
    if not can(request.user, Perm.VIEW_AGGREGATES):
        return []
    days = 30
    end = timezone.localdate()
    start = end - timedelta(days=days - 1)
    rows = Grievance.objects.sites_of_struggle(
        by="base_area", start=start, end=end, previous_start=start - timedelta(days=days)
    )
    return [Panel("investigation/panels/sites.html", {"rows": list(rows[:3]), "days": days})]


def panels_for(request: HttpRequest) -> list[Panel]:
    providers = (my_follow_ups, sites_of_struggle)  # apps add their panel functions here
    panels: list[Panel] = []
    for provider in providers:
        panels.extend(provider(request))
    return panels
