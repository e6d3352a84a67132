"""The distribution: the week's serves (households new and returning, bags by type, the free
store), the deliveries done and failed; then stock in and out and cash in and out. Counts and
bag types only: a delivery's name, phone and address never come near a summation."""

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.weeks import Week
from distribution.models import (
    DeliveryRequest,
    Donation,
    LateTap,
    Purchase,
    Reimbursement,
    Serve,
    StockMovement,
    Tap,
)
from summations.sections.base import Audience, Figure, Kind, Section, Table, localized, weekly

Delivered, Failed = DeliveryRequest.Status.DELIVERED, DeliveryRequest.Status.FAILED


def distribution_section(period: Week) -> Section:
    """6 queries: serves, taps and deliveries (each its 12 weeks in one query), bags by type
    at the serves and on deliveries, why deliveries failed."""
    first = period.trend()[0]
    serves = weekly(
        Serve.objects.held().between(first.monday, period.sunday),
        "date",
        period,
        held=Count("id"),
    )
    taps = weekly(
        Tap.objects.counted().between(first.monday, period.sunday),
        "serve__date",
        period,
        households=Count("id", filter=Q(kind__in=Tap.HOUSEHOLD_KINDS)),
        new=Count("id", filter=Q(kind=Tap.Kind.HOUSEHOLD_NEW)),
        returning=Count("id", filter=Q(kind=Tap.Kind.HOUSEHOLD_RETURNING)),
        bags=Count("id", filter=Q(kind=Tap.Kind.BAG)),
        free_store=Count("id", filter=Q(kind=Tap.Kind.FREE_STORE)),
        late=Count("id", filter=Q(Exists(LateTap.objects.added().filter(key=OuterRef("key"))))),
    )
    deliveries = weekly(
        DeliveryRequest.objects.between(first.monday, period.sunday),
        "finished_at",
        period,
        delivered=Count("id", filter=Q(status=Delivered)),
        failed=Count("id", filter=Q(status=Failed)),
        bags=Sum("bag_count", filter=Q(status=Delivered)),
    )
    tables = [t for t in (_bags_by_type(period), _failures(period)) if t is not None]
    return Section(
        key="distribution",
        title=_("Distribution"),
        audience=Audience.MEMBERS,
        figures=(
            Figure.from_trend(_("Serves held"), serves["held"], key="serves"),
            Figure.from_trend(
                _("Households served"), taps["households"], key="households", headline=True
            ),
            Figure.from_trend(_("New households"), taps["new"], key="households_new"),
            Figure.from_trend(
                _("Returning households"), taps["returning"], key="households_returning"
            ),
            Figure.from_trend(
                _("Bags given out at the serves"), taps["bags"], key="bags", headline=True
            ),
            Figure.from_trend(_("Free-store items"), taps["free_store"], key="free_store"),
            Figure.from_trend(_("Late taps added after closing"), taps["late"], key="late_taps"),
            Figure.from_trend(
                _("Deliveries done"), deliveries["delivered"], key="deliveries", headline=True
            ),
            Figure.from_trend(
                _("Deliveries failed"), deliveries["failed"], key="deliveries_failed"
            ),
            Figure.from_trend(_("Bags delivered"), deliveries["bags"], key="bags_delivered"),
        ),
        tables=tuple(tables),
        notes=(
            _(
                "Households and bags are the counters tapped at the serves (taps undone are "
                "not counted). A delivery counts in the week it was delivered or failed."
            ),
        ),
    )


def _bags_by_type(period: Week) -> Table | None:
    this_week = Q(serve__date__gte=period.monday)
    at_serves = (
        Tap.objects.counted()
        .between(period.previous.monday, period.sunday)
        .filter(kind=Tap.Kind.BAG)
        .values("bag_type_id", "bag_type__name", "bag_type__name_es")
        .annotate(this_week=Count("id", filter=this_week), previous=Count("id", filter=~this_week))
        .order_by()
    )
    delivered_this_week = Q(finished_at__gte=period.start)
    delivered = (
        DeliveryRequest.objects.done()
        .filter(finished_at__gte=period.previous.start, finished_at__lt=period.end)
        .values("bag_type_id", "bag_type__name", "bag_type__name_es")
        .annotate(
            this_week=Sum("bag_count", filter=delivered_this_week),
            previous=Sum("bag_count", filter=~delivered_this_week),
        )
        .order_by()
    )
    rows: dict[int, dict] = {}
    for source, found in (("serves", at_serves), ("delivered", delivered)):
        for row in found:
            line = rows.setdefault(
                row["bag_type_id"],
                {
                    "name": localized(en=row["bag_type__name"], es=row["bag_type__name_es"]),
                    "serves": 0,
                    "delivered": 0,
                    "previous": 0,
                },
            )
            line[source] += row["this_week"] or 0
            line["previous"] += row["previous"] or 0
    if not rows:
        return None
    ordered = sorted(
        rows.values(), key=lambda r: (-(r["serves"] + r["delivered"]), r["name"]["en"])
    )
    return Table(
        title=_("Bags by type"),
        columns=(
            _("Bag"),
            _("At the serves"),
            pgettext_lazy("bags brought to people's homes", "Delivered"),
            _("Previous week"),
        ),
        rows=tuple((r["name"], r["serves"], r["delivered"], r["previous"]) for r in ordered),
    )


def _failures(period: Week) -> Table | None:
    rows = list(
        DeliveryRequest.objects.failed()
        .filter(finished_at__gte=period.start, finished_at__lt=period.end)
        .values_list("failure_reason")
        .annotate(n=Count("id"))
        .order_by("-n", "failure_reason")
    )
    if not rows:
        return None
    return Table(
        title=_("Why deliveries failed this week"),
        columns=(_("Reason"), _("Deliveries")),
        rows=tuple(
            (
                DeliveryRequest.FailureReason(reason).label if reason else _("No reason given"),
                n,
            )
            for reason, n in rows
        ),
    )


def collections_section(period: Week) -> Section:
    """5 queries: stock movements, cash donations, purchases and reimbursements (each its 12
    weeks in one query), and this week's stock by item."""
    first = period.trend()[0]
    stock = weekly(
        StockMovement.objects.between(first.monday, period.sunday),
        "occurred_on",
        period,
        units_in=Sum("quantity", filter=Q(quantity__gt=0)),
        units_out=Sum("quantity", filter=Q(quantity__lt=0)),
    )
    donations = weekly(
        Donation.objects.between(first.monday, period.sunday).filter(kind=Donation.Kind.CASH),
        "received_on",
        period,
        cash=Sum("amount"),
    )
    purchases = weekly(
        Purchase.objects.between(first.monday, period.sunday),
        "purchased_on",
        period,
        from_cash=Sum("amount", filter=Q(paid_by__isnull=True)),
    )
    reimbursements = weekly(
        Reimbursement.objects.between(first.monday, period.sunday),
        "paid_on",
        period,
        paid=Sum("amount"),
    )
    cash_out = [
        money(p) + money(r)
        for p, r in zip(purchases["from_cash"], reimbursements["paid"], strict=True)
    ]
    # StockMovement.objects.by_item(), with the items' Spanish names as well.
    items = list(
        StockMovement.objects.between(period.monday, period.sunday)
        .values("item__name", "item__name_es")
        .annotate(
            units_in=Sum("quantity", filter=Q(quantity__gt=0)),
            units_out=Sum("quantity", filter=Q(quantity__lt=0)),
        )
        .order_by("item__name")
    )
    return Section(
        key="collections",
        title=_("Stock and cash"),
        audience=Audience.MEMBERS,
        figures=(
            Figure.from_trend(_("Stock in (units)"), stock["units_in"], key="stock_in"),
            Figure.from_trend(
                _("Stock out (units)"), [-n for n in stock["units_out"]], key="stock_out"
            ),
            Figure.from_trend(
                _("Cash in (donations)"),
                [money(v) for v in donations["cash"]],
                Kind.MONEY,
                key="cash_in",
            ),
            Figure.from_trend(
                _("Cash out (purchases and reimbursements)"), cash_out, Kind.MONEY, key="cash_out"
            ),
        ),
        tables=(
            Table(
                title=_("Stock in and out by item this week"),
                columns=(_("Item"), _("In"), _("Out")),
                rows=tuple(
                    (
                        localized(en=row["item__name"], es=row["item__name_es"]),
                        row["units_in"] or 0,
                        -(row["units_out"] or 0),
                    )
                    for row in items
                ),
            ),
        )
        if items
        else (),
        notes=(
            _(
                "Stock counts units of each item: donations and purchases in, serves and "
                "deliveries out, adjustments on their side. Cash out is what was paid from the "
                "organization's cash: purchases and reimbursements to volunteers."
            ),
        ),
    )


def money(value) -> float:
    """A sum of money (a Decimal, or 0 for a week without any) as JSON can keep it."""
    return round(float(value or 0), 2)
