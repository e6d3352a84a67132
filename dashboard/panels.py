"""The dashboard's panels. Each app offers panels for a member through a function that returns
a list of `Panel`s (a template and its context, already evaluated); the dashboard lists them
in this order. Panels must run a fixed number of queries, whatever the data size."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone

from accounts.permissions import Perm, can
from committees.models import ActionItem, Meeting, Spoke

# How many rows a panel lists before "and N more".
PANEL_ROWS = 5


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def committee_panels(request: HttpRequest) -> list[Panel]:
    """My action items, my next meetings and, for a lead, what is overdue in their groups."""
    user, today = request.user, timezone.localdate()
    mine = ActionItem.objects.for_dashboard(user)
    items = list(mine[:PANEL_ROWS])
    total = mine.count()
    is_spoke = Spoke.objects.current(today).filter(member=user).exists()
    meetings = list(
        Meeting.objects.for_member(user, is_spoke=is_spoke)
        .upcoming()
        .select_related("group")[:PANEL_ROWS]
    )
    panels = [
        Panel(
            "committees/panels/my_action_items.html",
            {
                "items": items,
                "more": total - len(items),
            },
        ),
        Panel("committees/panels/my_meetings.html", {"meetings": meetings}),
    ]
    if can(user, Perm.LEAD_GROUP):
        overdue = list(ActionItem.objects.overdue_in_groups_led_by(user, today)[:PANEL_ROWS])
        if overdue:
            panels.append(Panel("committees/panels/overdue_in_my_groups.html", {"items": overdue}))
    return panels


def panels_for(request: HttpRequest) -> list[Panel]:
    providers = (committee_panels,)  # apps add their panel functions here as they are built
    panels: list[Panel] = []
    for provider in providers:
        panels.extend(provider(request))
    return panels
