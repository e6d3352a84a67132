"""Stock, bag contents and money: adjustments, carrying stock forward, donations, purchases."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import audit
from distribution.models import (
    BagContent,
    BagType,
    Donation,
    Item,
    Purchase,
    Reimbursement,
    StockMovement,
)
from distribution.models.stock import StockLine
from distribution.services.common import StockShortfall

# --- Stock, bags and money --------------------------------------------------------------------


@transaction.atomic
def bag_type_save(*, bag_type: BagType, contents: list[tuple[Item, int]]) -> BagType:
    """Save a bag type and replace what goes in it."""
    bag_type.save()
    bag_type.contents.all().delete()
    BagContent.objects.bulk_create(
        BagContent(bag_type=bag_type, item=item, quantity=quantity) for item, quantity in contents
    )
    return bag_type


def stock_adjust(
    *, item: Item, quantity: int, reason: str, by: User, occurred_on: date | None = None
) -> StockMovement:
    """Correct an item's level (a count, spoilage, a find) with a reason and a name.
    Refuses (StockShortfall) to take the level below zero."""
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        level = Item.objects.filter(pk=item.pk).with_levels().get().level
        if level + quantity < 0:
            raise StockShortfall([StockLine(item=locked, needed=-quantity, on_hand=level)])
        movement = StockMovement.objects.create(
            item=locked,
            kind=StockMovement.Kind.ADJUSTMENT,
            quantity=quantity,
            reason=reason.strip(),
            occurred_on=occurred_on or timezone.localdate(),
            by=by,
        )
        audit.record(
            by=by, kind=audit.Kind.STOCK_ADJUST, obj=movement, item=item.pk, quantity=quantity
        )
        return movement


def _lock_items(pks) -> None:
    """Every writer of ledger lines locks their items' rows first, in id order, until it
    commits: so a line is never in a transaction still open once its item's lock is held (what
    carrying levels forward relies on), and writers never deadlock."""
    list(Item.objects.filter(pk__in=set(pks)).locked().values("pk"))


def stock_carry_forward() -> int:
    """Nightly: fold the ledger lines so far into each item's carried level, so that a level
    reads only the lines since (idempotent). Returns the number of items."""
    return Item.objects.carry_forward()


def _merge_lines(lines: list[tuple[Item, int]]) -> dict[Item, int]:
    merged: dict[Item, int] = defaultdict(int)
    for item, quantity in lines:
        merged[item] += quantity
    return merged


@transaction.atomic
def donation_record(
    *,
    kind: str,
    source: str,
    received_on: date,
    by: User,
    donor_name: str = "",
    amount: Decimal | None = None,
    notes: str = "",
    lines: list[tuple[Item, int]] = (),
) -> Donation:
    """Record a donation: cash (an amount) or in kind (items and quantities, into stock).
    Anonymous unless a donor's name is given."""
    donation = Donation.objects.create(
        kind=kind,
        source=source,
        donor_name=donor_name.strip(),
        amount=amount if kind == Donation.Kind.CASH else None,
        received_on=received_on,
        notes=notes,
        recorded_by=by,
    )
    if kind == Donation.Kind.IN_KIND:
        _lock_items(item.pk for item, _quantity in lines)
        StockMovement.objects.bulk_create(
            StockMovement(
                item=item,
                kind=StockMovement.Kind.DONATION,
                quantity=quantity,
                occurred_on=received_on,
                by=by,
                donation=donation,
            )
            for item, quantity in _merge_lines(lines).items()
        )
    audit.record(by=by, kind=audit.Kind.DONATION_RECORD, obj=donation, donation=kind)
    return donation


@transaction.atomic
def purchase_record(
    *,
    purchased_on: date,
    vendor: str,
    amount: Decimal,
    by: User,
    paid_by: User | None = None,
    notes: str = "",
    lines: list[tuple[Item, int]] = (),
) -> Purchase:
    """Record a purchase and the items bought (into stock). `paid_by` is the volunteer who paid
    out of pocket (owed a reimbursement); None means the organization's cash paid."""
    purchase = Purchase.objects.create(
        purchased_on=purchased_on,
        vendor=vendor,
        amount=amount,
        paid_by=paid_by,
        notes=notes,
        recorded_by=by,
    )
    _lock_items(item.pk for item, _quantity in lines)
    StockMovement.objects.bulk_create(
        StockMovement(
            item=item,
            kind=StockMovement.Kind.PURCHASE,
            quantity=quantity,
            occurred_on=purchased_on,
            by=by,
            purchase=purchase,
        )
        for item, quantity in _merge_lines(lines).items()
    )
    audit.record(by=by, kind=audit.Kind.PURCHASE_RECORD, obj=purchase)
    return purchase


def reimbursement_record(
    *,
    volunteer: User,
    amount: Decimal,
    paid_on: date,
    by: User,
    purchase: Purchase | None = None,
    notes: str = "",
) -> Reimbursement:
    """Record cash paid back to a volunteer (for one of their purchases, or not)."""
    reimbursement = Reimbursement.objects.create(
        volunteer=volunteer,
        amount=amount,
        paid_on=paid_on,
        purchase=purchase,
        notes=notes,
        recorded_by=by,
    )
    audit.record(
        by=by, kind=audit.Kind.REIMBURSEMENT_RECORD, obj=reimbursement, volunteer=volunteer.pk
    )
    return reimbursement
