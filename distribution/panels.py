"""distribution's dashboard panels, as (template, context) pairs, already evaluated. The
dashboard lists them; this module does not import the dashboard (it sits above us).

A fixed number of queries, whatever the data: at most one per panel."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from accounts.permissions import Perm, can
from distribution.models import DeliveryRequest, Item, Serve, Tap

LOW_STOCK_SHOWN = 8


def dashboard_panels(request: HttpRequest) -> list[tuple[str, dict]]:
    user = request.user
    today = timezone.localdate()
    panels: list[tuple[str, dict]] = []
    if can(user, Perm.RUN_SERVE):
        serves = list(
            Serve.objects.on(today)
            .select_related("site")
            .annotate(
                households=Count(
                    "taps",
                    filter=Q(
                        taps__undone_at__isnull=True,
                        taps__kind__in=[Tap.Kind.HOUSEHOLD_NEW, Tap.Kind.HOUSEHOLD_RETURNING],
                    ),
                ),
                mine=Count(
                    "shifts",
                    filter=Q(shifts__volunteer=user, shifts__cancelled_at__isnull=True),
                    distinct=True,
                ),
            )
            .order_by("start_time")
        )
        if serves:
            panels.append(
                (
                    "distribution/panels/tonight.html",
                    {
                        "serves": [(serve, serve.households) for serve in serves],
                        "my_shift": any(serve.mine for serve in serves),
                    },
                )
            )
    if can(user, Perm.MANAGE_DISTRIBUTION):
        low = list(Item.objects.low_stock())
        if low:
            panels.append(
                (
                    "distribution/panels/low_stock.html",
                    {"items": low[:LOW_STOCK_SHOWN], "more": max(len(low) - LOW_STOCK_SHOWN, 0)},
                )
            )
    if can(user, Perm.MANAGE_DELIVERIES):
        waiting = DeliveryRequest.objects.filter(status=DeliveryRequest.Status.REQUESTED).count()
        if waiting:
            panels.append(("distribution/panels/board.html", {"waiting": waiting}))
    if can(user, Perm.DRIVE):
        count = DeliveryRequest.objects.filter(
            driver=user, date=today, status__in=DeliveryRequest.ON_RUN_STATUSES
        ).count()
        if count:
            panels.append(("distribution/panels/my_run.html", {"count": count}))
    return panels
