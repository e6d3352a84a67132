"""The dashboard's panels. Each app offers panels for a member through a function that returns
a list of `Panel`s (a template and its context, already evaluated); the dashboard lists them
in this order. Panels must run a fixed number of queries, whatever the data size."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from accounts.permissions import Perm, can
from committees.models import ActionItem, Meeting, Spoke
from contacts.models import Conversation
from distribution.models import DeliveryRequest, Item, Serve
from investigation import ranking
from summations.models import Summation

# How many rows a panel lists before "and N more".
PANEL_ROWS = 5


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def distribution_panels(request: HttpRequest) -> list[Panel]:
    """distribution: tonight's serve (households so far, my shift), low stock for leads, the
    requests waiting for a driver, and a driver's run today. One query per panel at most."""
    user = request.user
    today = timezone.localdate()
    panels: list[Panel] = []
    if can(user, Perm.RUN_SERVE):
        mine = Q(shifts__volunteer=user, shifts__cancelled_at__isnull=True)
        serves = list(
            Serve.objects.on(today)
            .select_related("site")
            .with_households()
            .annotate(mine=Count("shifts", filter=mine, distinct=True))
            .order_by("start_time")
        )
        if serves:
            context = {
                "serves": [(serve, serve.households) for serve in serves],
                "my_shift": any(serve.mine for serve in serves),
            }
            panels.append(Panel("distribution/panels/tonight.html", context))
    if can(user, Perm.MANAGE_DISTRIBUTION):
        low = list(Item.objects.low_stock())
        if low:
            context = {"items": low[:PANEL_ROWS], "more": len(low) - len(low[:PANEL_ROWS])}
            panels.append(Panel("distribution/panels/low_stock.html", context))
    if can(user, Perm.MANAGE_DELIVERIES):
        waiting = DeliveryRequest.objects.filter(status=DeliveryRequest.Status.REQUESTED).count()
        if waiting:
            panels.append(Panel("distribution/panels/board.html", {"waiting": waiting}))
    if can(user, Perm.DRIVE):
        count = DeliveryRequest.objects.filter(
            driver=user, date=today, status__in=DeliveryRequest.ON_RUN_STATUSES
        ).count()
        if count:
            panels.append(Panel("distribution/panels/my_run.html", {"count": count}))
    return panels


def my_follow_ups(request: HttpRequest) -> list[Panel]:
    """contacts: the member's own follow-ups due today or overdue, and the quick-add link."""
    if not can(request.user, Perm.VIEW_CONTACTS):
        return []
    today = timezone.localdate()
    due = Conversation.objects.follow_ups_due_for(request.user, on=today)
    context = {"follow_ups": list(due.for_follow_up_list()[:5]), "count": due.count()}
    return [Panel("contacts/panels/follow_ups.html", context | {"today": today})]


def sites_of_struggle(request: HttpRequest) -> list[Panel]:
    """investigation: the top sites (base area and antagonist) of the last 30 days by people,
    watched ones left out (counts only: every member), from the cached ranking."""
    if not can(request.user, Perm.VIEW_AGGREGATES):
        return []
    # The sites page's own default reading, so a grievance's refresh (ranking.refresh) and
    # the page's readers warm the panel too.
    sites = next(reading for reading in ranking.first_readings() if reading["by"] == "site")
    rows, _watched, _count = ranking.page_of_sites(**sites)
    return [
        Panel("investigation/panels/sites.html", {"rows": rows[:3], "days": ranking.DEFAULT_DAYS})
    ]


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


def summation_panels(request: HttpRequest) -> list[Panel]:
    """The latest weekly summation and its state (1 query). Lives here because nothing may
    import dashboard, so an app cannot build a `Panel` itself."""
    if not can(request.user, Perm.VIEW_SUMMATIONS):
        return []
    latest = Summation.objects.latest_for_dashboard()
    return [Panel("summations/panel.html", {"summation": latest})]


def panels_for(request: HttpRequest) -> list[Panel]:
    providers = (
        distribution_panels,
        committee_panels,
        my_follow_ups,
        sites_of_struggle,
        summation_panels,
    )
    panels: list[Panel] = []
    for provider in providers:
        panels.extend(provider(request))
    return panels
