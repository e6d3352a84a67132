"""Stock and collections: items and their ledger, bag types and what goes in them, donations,
purchases and reimbursements. Levels are the sum of the ledger: each item carries forward the
sum of its ledger up to a line (a nightly job moves it on, see `carry_forward`), and a level is
that plus the lines after it. The ledger is never edited, so nothing else holds a level."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import BilingualName
from distribution import units

ZERO = Decimal("0.00")
# Sums of money keep two decimals on every database (SQLite would hand back floats).
MONEY = models.DecimalField(max_digits=12, decimal_places=2)


def money_sum(field: str = "amount") -> Coalesce:
    return Coalesce(Sum(field), Value(ZERO), output_field=MONEY)


class NamedInBothLanguages(BilingualName, models.Model):
    """Names the organization types in, unique, with an optional Spanish version."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_es = models.CharField(_("name in Spanish"), max_length=80, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label


def _ledger_after_carried(aggregate) -> Subquery:
    """`aggregate` over an item's ledger lines after the one its level is carried through."""
    lines = StockMovement.objects.filter(item=OuterRef("pk"), pk__gt=OuterRef("carried_through"))
    return Subquery(lines.order_by().values("item").annotate(value=aggregate).values("value")[:1])


class ItemQuerySet(models.QuerySet):
    def with_levels(self):
        """Each item with `level`: the carried-forward sum plus the ledger lines since (one
        query; it reads only the lines since the last carry-forward, not five years of them)."""
        return self.annotate(
            level=F("carried_level") + Coalesce(_ledger_after_carried(Sum("quantity")), Value(0))
        )

    def locked(self):
        """These items' rows, locked until the transaction ends, always in id order (so that
        two writers never deadlock). Every writer of ledger lines takes them first."""
        return self.select_for_update().order_by("pk")

    def carry_forward(self) -> int:
        """Fold every item's ledger lines so far into its carried level (idempotent). It locks
        the items' rows first, in id order: every writer of ledger lines holds its items' locks
        until it commits (distribution.services), so once they are held no line is in a
        transaction still open, and none can be skipped. Returns the number of items."""
        with transaction.atomic():
            list(self.locked().values("pk"))
            return self.update(
                carried_level=F("carried_level")
                + Coalesce(_ledger_after_carried(Sum("quantity")), Value(0)),
                carried_through=Coalesce(_ledger_after_carried(Max("pk")), F("carried_through")),
            )

    def for_stock_page(self):
        return self.with_levels().order_by("-is_active", "name")

    def low_stock(self):
        """Active items at or under their low-stock threshold, emptiest first."""
        return (
            self.filter(is_active=True)
            .with_levels()
            .filter(level__lte=F("low_stock_threshold"))
            .order_by("level", "name")
        )


class Item(NamedInBothLanguages):
    unit = models.CharField(
        _("unit"), max_length=30, default="", blank=True, help_text=_("For example: can, bag, box.")
    )
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock threshold"),
        default=0,
        help_text=_("Leads see this item on the dashboard when stock is at or below this."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The sum of the ledger up to and including line `carried_through` (see carry_forward).
    carried_level = models.IntegerField(default=0, editable=False)
    carried_through = models.BigIntegerField(default=0, editable=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["name"]

    def amount(self, count: int) -> str:
        """`count` of this item in its unit, in the reader's language: "12 cans", "12 latas"."""
        return units.amount(count, self.unit)

    @property
    def level_amount(self) -> str:
        """What is in stock, with its unit (on items read `with_levels()`)."""
        return self.amount(self.level)


class BagTypeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_counters(self):
        return self.active().order_by("sort_order", "name")

    def with_contents(self):
        return self.prefetch_related(
            models.Prefetch("contents", queryset=BagContent.objects.select_related("item"))
        ).order_by("-is_active", "sort_order", "name")


class BagType(NamedInBothLanguages):
    """A kind of bag handed out: pre-packed groceries, a no-cook bag, hygiene, free store…"""

    description = models.CharField(_("description"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order on the serve page"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = BagTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("bag type")
        verbose_name_plural = _("bag types")
        ordering = ["sort_order", "name"]


@dataclass(frozen=True)
class StockLine:
    """Units of one item a serve or a delivery takes out, against what is in stock."""

    item: "Item"
    needed: int
    on_hand: int

    @property
    def is_short(self) -> bool:
        return self.on_hand < self.needed

    @property
    def missing(self) -> int:
        return self.needed - max(self.on_hand, 0)


class BagContentQuerySet(models.QuerySet):
    def units_for(self, bags: dict[int, int]) -> dict[int, int]:
        """{bag type id: number of bags} -> {item id: units that leave stock} (one query)."""
        needed: dict[int, int] = {}
        for line in self.filter(bag_type_id__in=[pk for pk, n in bags.items() if n > 0]):
            needed[line.item_id] = (
                needed.get(line.item_id, 0) + line.quantity * bags[line.bag_type_id]
            )
        return needed

    def stock_lines(self, bags: dict[int, int]) -> list[StockLine]:
        """What these bags take out of stock, item by item, with the levels (two queries)."""
        needed = self.units_for(bags)
        items = Item.objects.filter(pk__in=needed).with_levels().order_by("name")
        return [StockLine(item=item, needed=needed[item.pk], on_hand=item.level) for item in items]


class BagContent(models.Model):
    bag_type = models.ForeignKey(BagType, on_delete=models.CASCADE, related_name="contents")
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="in_bags"
    )
    quantity = models.PositiveIntegerField(_("quantity per bag"))

    objects = BagContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("bag content")
        verbose_name_plural = _("bag contents")
        constraints = [
            models.UniqueConstraint(fields=["bag_type", "item"], name="one_line_per_item_in_a_bag"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="bag_content_quantity_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item}"


class StockMovementQuerySet(models.QuerySet):
    def between(self, start: date, end: date):
        return self.filter(occurred_on__range=(start, end))

    def totals(self) -> dict[str, int]:
        """{"in": units in, "out": units out} (adjustments count on their side)."""
        row = self.aggregate(
            units_in=Coalesce(Sum("quantity", filter=Q(quantity__gt=0)), Value(0)),
            units_out=Coalesce(Sum("quantity", filter=Q(quantity__lt=0)), Value(0)),
        )
        return {"in": row["units_in"], "out": -row["units_out"]}

    def by_kind(self) -> dict[str, int]:
        """{kind: net units} for the movements, e.g. {"donation": 120, "serve": -80}."""
        return dict(self.values_list("kind").annotate(n=Sum("quantity")).order_by())

    def by_item(self) -> list[dict]:
        """[{"item_id", "item__name", "units_in", "units_out"}] by item name."""
        return list(
            self.values("item_id", "item__name")
            .annotate(
                units_in=Coalesce(Sum("quantity", filter=Q(quantity__gt=0)), Value(0)),
                units_out=-Coalesce(Sum("quantity", filter=Q(quantity__lt=0)), Value(0)),
            )
            .order_by("item__name")
        )

    def for_ledger(self):
        return self.select_related("by", "serve__site", "donation", "purchase").order_by(
            "-occurred_on", "-id"
        )


class StockMovement(models.Model):
    """One line of the stock ledger: a signed quantity of one item and why it moved."""

    class Kind(models.TextChoices):
        DONATION = "donation", _("Donation")
        PURCHASE = "purchase", _("Purchase")
        SERVE = "serve", _("Serve")
        DELIVERY = "delivery", _("Delivery")
        ADJUSTMENT = "adjustment", _("Adjustment")

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    quantity = models.IntegerField(_("quantity"))
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    serve = models.ForeignKey(
        "distribution.Serve",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    delivery = models.ForeignKey(
        "distribution.DeliveryRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    donation = models.ForeignKey(
        "distribution.Donation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    purchase = models.ForeignKey(
        "distribution.Purchase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["donation", "purchase"], quantity__gt=0)
                | Q(kind__in=["serve", "delivery"], quantity__lt=0)
                | (Q(kind="adjustment") & ~Q(quantity=0) & ~Q(reason="")),
                name="stock_movement_sign_matches_kind",
            )
        ]
        indexes = [
            models.Index(fields=["item", "occurred_on"]),
            # The lines since an item's carried-forward level.
            models.Index(fields=["item", "id"], name="stock_item_since"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.quantity:+d} ({self.get_kind_display()})"
