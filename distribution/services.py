"""Writes on distribution: serves and their counters, shifts, stock, money and deliveries.

Every function here is the one way its change is made. Multi-row writes run in a transaction;
emails go out through Celery after the transaction commits."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from contacts import services as contacts_services
from contacts.models import Contact
from core import audit, emails
from core.queue import enqueue_on_commit
from distribution.models import (
    BagContent,
    BagType,
    DeliveryRequest,
    Donation,
    DriverCoverage,
    Item,
    LateTap,
    Purchase,
    Reimbursement,
    Schedule,
    Serve,
    Shift,
    StockMovement,
    Tap,
)
from distribution.models.stock import StockLine

SCHEDULE_WEEKS_AHEAD = 4


class ServeClosed(Exception):
    """The serve is closed: its counts are locked."""


class StockShortfall(Exception):
    """Taking these quantities out would leave an item below zero."""

    def __init__(self, shortfalls: list[StockLine]):
        self.shortfalls = shortfalls
        super().__init__(", ".join(f"{s.item}: {s.needed} > {s.on_hand}" for s in shortfalls))


class DeliveryChanged(Exception):
    """The request changed (another lead, or the driver) since the page was loaded."""


# --- Serves -----------------------------------------------------------------------------------


def serves_schedule_ahead(
    *, today: date | None = None, weeks: int = SCHEDULE_WEEKS_AHEAD, schedules=None
) -> int:
    """Create every active schedule's serves for the next `weeks` weeks; return how many were
    new. Safe to run any number of times, even twice at once: a schedule has one serve a day
    (a unique constraint), and existing serves are left as they are."""
    today = today or timezone.localdate()
    last = today + timedelta(weeks=weeks) - timedelta(days=1)
    schedules = list(Schedule.objects.active() if schedules is None else schedules)
    existing = set(
        Serve.objects.filter(schedule__in=schedules, date__range=(today, last)).values_list(
            "schedule_id", "date"
        )
    )
    missing = [
        Serve(
            site_id=schedule.site_id,
            schedule=schedule,
            date=day,
            start_time=schedule.start_time,
            end_time=schedule.end_time,
            working_group_id=schedule.working_group_id,
            lead_id=schedule.lead_id,
        )
        for schedule in schedules
        for day in schedule.dates_between(today, last)
        if (schedule.pk, day) not in existing
    ]
    Serve.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


@transaction.atomic
def schedule_save(*, schedule: Schedule) -> Schedule:
    """Save a schedule and bring its coming serves in line: serves nobody has tapped or signed
    up for move to the new day (or go, if the schedule stopped), the rest keep their day and
    take the new times, lead and working group; missing serves are created at once."""
    schedule.save()
    today = timezone.localdate()
    future = Serve.objects.filter(schedule=schedule, date__gte=today, status=Serve.Status.OPEN)
    untouched = future.filter(
        ~Exists(Tap.objects.filter(serve=OuterRef("pk"))),
        ~Exists(Shift.objects.filter(serve=OuterRef("pk"))),
    )
    keep = set()
    if schedule.is_active and schedule.site.is_active:
        keep = set(schedule.dates_between(today, today + timedelta(weeks=SCHEDULE_WEEKS_AHEAD)))
    untouched.exclude(date__in=keep).delete()
    future.update(
        site=schedule.site,
        start_time=schedule.start_time,
        end_time=schedule.end_time,
        lead=schedule.lead,
        working_group=schedule.working_group,
    )
    if keep:
        serves_schedule_ahead(today=today, schedules=[schedule])
    return schedule


def _lock_open_serve(serve: Serve, *, exclusive: bool = False) -> Serve:
    """Lock the serve's row for this transaction and check that it is open.

    Taps take a FOR NO KEY UPDATE lock, so they queue behind each other for the moment of
    their insert; closing takes FOR UPDATE, so it waits for every tap in flight and no tap
    can land after the counts were read."""
    query = Serve.objects.select_for_update(no_key=not exclusive)
    locked = query.select_related(None).get(pk=serve.pk)
    if not locked.is_open:
        raise ServeClosed
    return locked


# The same lock for what else is counted at a serve beside its taps (handouts.services).
lock_open_serve = _lock_open_serve


def _tap_fields(*, kind, bag_type, language, key, device, by) -> dict:
    """A tap's fields as stored: a bag type only on a bag, a language only on a language."""
    return {
        "kind": kind,
        "bag_type": bag_type if kind == Tap.Kind.BAG else None,
        "language": language if kind == Tap.Kind.LANGUAGE else "",
        "key": key,
        "device": device,
        "by": by,
    }


def serve_tap(
    *,
    serve: Serve,
    kind: str,
    bag_type: BagType | None = None,
    language: str = "",
    key: uuid.UUID,
    device: str = "",
    by: User,
) -> bool:
    """Count one tap; return False if this tap (same key) was already counted.

    The phone makes the key, so a tap sent again after a lost answer is counted once: the key
    is unique, and the insert is the transaction's last write, so a repeat rolls back alone
    (no query to look for the key first: a busy serve takes hundreds of taps a minute).
    On a closed serve the tap is kept as late (`serve_tap_late`), then ServeClosed is raised."""
    fields = _tap_fields(
        kind=kind, bag_type=bag_type, language=language, key=key, device=device, by=by
    )
    try:
        with transaction.atomic():
            _lock_open_serve(serve)
            tap = Tap.objects.create(serve=serve, **fields)
            # After the tap: a repeated key fails on the tap and takes this row back with it.
            audit.record(by=by, kind=audit.Kind.SERVE_TAP, obj=tap, serve=serve.pk, tap=kind)
    except ServeClosed:
        serve_tap_late(serve=serve, **fields)
        raise
    except IntegrityError:
        if Tap.objects.filter(key=key).exists():
            return False
        raise
    return True


def serve_tap_late(
    *,
    serve: Serve,
    kind: str,
    bag_type: BagType | None = None,
    language: str = "",
    key: uuid.UUID,
    device: str = "",
    by: User,
) -> LateTap | None:
    """Keep a tap that reached the server after its serve was closed (a phone without signal
    sent it later): not counted, shown to the lead to add or discard. None if this tap (same
    key) was already kept or counted."""
    if Tap.objects.filter(key=key).exists():
        return None
    fields = _tap_fields(
        kind=kind, bag_type=bag_type, language=language, key=key, device=device, by=by
    )
    try:
        with transaction.atomic():
            late = LateTap.objects.create(serve=serve, **fields)
            audit.record(
                by=by, kind=audit.Kind.SERVE_TAP, obj=late, serve=serve.pk, tap=kind, late=True
            )
    except IntegrityError:  # the same late tap, sent again
        return None
    return late


def serve_late_tap_decide(*, late_tap: LateTap, add: bool, by: User) -> bool:
    """The lead adds a late tap to its closed serve's counts, or discards it. Adding counts it
    as a tap and takes its bag's contents out of stock, in one transaction, once: the late tap
    is claimed first (a conditional UPDATE), so a second press (or a second lead) does
    nothing. Stock is not refused (the bag was given out): an item short shows below zero.
    False if it was already decided."""
    status = LateTap.Status.ADDED if add else LateTap.Status.DISCARDED
    with transaction.atomic():
        claimed = LateTap.objects.filter(pk=late_tap.pk, status=LateTap.Status.WAITING).update(
            status=status, decided_by=by, decided_at=timezone.now()
        )
        if not claimed:
            return False
        late = LateTap.objects.select_related("serve").get(pk=late_tap.pk)
        if add:
            Tap.objects.create(
                serve=late.serve,
                kind=late.kind,
                bag_type_id=late.bag_type_id,
                language=late.language,
                key=late.key,
                device=late.device,
                by_id=late.by_id,
            )
            if late.bag_type_id:
                _take_out_of_stock(
                    needed=BagContent.objects.units_for({late.bag_type_id: 1}),
                    kind=StockMovement.Kind.SERVE,
                    occurred_on=late.serve.date,
                    by=by,
                    refuse_below_zero=False,
                    serve=late.serve,
                )
        audit.record(
            by=by,
            kind=audit.Kind.SERVE_TAP if add else audit.Kind.SERVE_UNDO,
            obj=late,
            serve=late.serve_id,
            late=True,
        )
    return True


def serve_undo(*, serve: Serve, key: uuid.UUID, device: str = "", by: User) -> Tap | None:
    """Take back the last counted tap this member made from this phone; return it, or None
    when there is nothing to take back or this undo (same key) was already done."""
    with transaction.atomic():
        _lock_open_serve(serve)
        if Tap.objects.filter(undo_key=key).exists():
            return None
        last = (
            Tap.objects.counted()
            .filter(serve=serve, by=by, device=device)
            .select_related("bag_type")
            .order_by("-id")
            .first()
        )
        if last is None:
            return None
        last.undone_at = timezone.now()
        last.undo_key = key
        last.save(update_fields=["undone_at", "undo_key"])
        audit.record(by=by, kind=audit.Kind.SERVE_UNDO, obj=last, serve=serve.pk)
    return last


def serve_update_notes(*, serve: Serve, notes: str, by: User) -> Serve:
    serve.notes = notes
    serve.save(update_fields=["notes"])
    audit.record(by=by, kind=audit.Kind.SERVE_NOTES, obj=serve)
    return serve


def _take_out_of_stock(
    *,
    needed: dict[int, int],
    kind: str,
    occurred_on: date,
    by: User,
    shortfall_reason: str = "",
    refuse_below_zero: bool = True,
    **link,
) -> list[StockMovement]:
    """Record `needed` units leaving stock. The items' rows are locked first (in id order) so
    that two closes can't both take the last units. An item that would go below zero stops
    everything, unless a reason for an adjustment is given: then the missing units are
    recorded as an adjustment, with that reason and this member's name, first."""
    if not needed:
        return []
    items = {item.pk: item for item in Item.objects.filter(pk__in=needed).locked()}
    levels = dict(Item.objects.filter(pk__in=needed).with_levels().values_list("pk", "level"))
    shortfalls = [
        StockLine(item=items[pk], needed=qty, on_hand=levels.get(pk, 0))
        for pk, qty in sorted(needed.items(), key=lambda kv: items[kv[0]].name)
        if levels.get(pk, 0) < qty
    ]
    movements = []
    if shortfalls and refuse_below_zero:
        if not shortfall_reason.strip():
            raise StockShortfall(shortfalls)
        movements += [
            StockMovement(
                item=s.item,
                kind=StockMovement.Kind.ADJUSTMENT,
                quantity=s.needed - s.on_hand,
                reason=shortfall_reason.strip(),
                occurred_on=occurred_on,
                by=by,
                **link,
            )
            for s in shortfalls
        ]
    movements += [
        StockMovement(
            item=items[pk], kind=kind, quantity=-qty, occurred_on=occurred_on, by=by, **link
        )
        for pk, qty in needed.items()
    ]
    return StockMovement.objects.bulk_create(movements)


def serve_close(*, serve: Serve, by: User, shortfall_reason: str = "") -> Serve:
    """Close a serve: lock its counts, take the bags' contents out of stock and check out the
    volunteers still checked in, all in one transaction.

    Refuses (StockShortfall) if an item would go below zero, unless `shortfall_reason` is
    given, which records an adjustment for the missing units first."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_open_serve(serve, exclusive=True)
        _take_out_of_stock(
            needed=BagContent.objects.units_for(locked.bags_counted()),
            kind=StockMovement.Kind.SERVE,
            occurred_on=locked.date,
            by=by,
            shortfall_reason=shortfall_reason,
            serve=locked,
        )
        Shift.objects.filter(
            serve=locked, checked_in_at__isnull=False, checked_out_at__isnull=True
        ).update(checked_out_at=now)
        locked.status = Serve.Status.CLOSED
        locked.closed_at = now
        locked.closed_by = by
        locked.save(update_fields=["status", "closed_at", "closed_by"])
        audit.record(
            by=by, kind=audit.Kind.SERVE_CLOSE, obj=locked, shortfall=bool(shortfall_reason)
        )
    serve.status, serve.closed_at, serve.closed_by = locked.status, now, by
    return serve


# --- Shifts -----------------------------------------------------------------------------------


def shift_sign_up(
    *, volunteer: User, serve: Serve | None = None, run_date: date | None = None
) -> Shift:
    """Sign a member up ahead for a serve, or to drive on a day. Signing up again after
    "can't make it" restores the shift."""
    if serve is not None:
        if not serve.is_open:
            raise ServeClosed
        shift, _created = Shift.objects.get_or_create(
            kind=Shift.Kind.SERVE,
            serve=serve,
            volunteer=volunteer,
            defaults={"date": serve.date, "working_group_id": serve.working_group_id},
        )
    else:
        shift, _created = Shift.objects.get_or_create(
            kind=Shift.Kind.DELIVERY_RUN, serve=None, date=run_date, volunteer=volunteer
        )
    if shift.cancelled_at is not None:
        shift.cancelled_at = None
        shift.lead_notified_at = None
        shift.save(update_fields=["cancelled_at", "lead_notified_at"])
    return shift


def shift_cancel(*, shift: Shift, by: User) -> bool:
    """A volunteer can't make it: cancel a shift not yet started and email the lead once the
    cancellation is saved. Returns False if it was already cancelled or started."""
    with transaction.atomic():
        cancelled = Shift.objects.filter(
            pk=shift.pk, cancelled_at__isnull=True, checked_in_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if cancelled:
            audit.record(by=by, kind=audit.Kind.SHIFT_CANCEL, obj=shift)
            enqueue_on_commit("distribution.tasks.notify_lead_of_cancellation", shift.pk)
    return bool(cancelled)


def _leads_for_shift(shift: Shift) -> list[User]:
    if shift.kind == Shift.Kind.SERVE:
        if shift.serve.lead_id and shift.serve.lead.is_active:
            return [shift.serve.lead]
        group_id = shift.serve.working_group_id or shift.working_group_id
        return list(
            User.objects.filter(
                is_active=True,
                memberships__group_id=group_id,
                memberships__is_lead=True,
            ).order_by("pk")
        )
    assigners = User.objects.filter(
        is_active=True,
        pk__in=DeliveryRequest.objects.filter(driver_id=shift.volunteer_id, date=shift.date).values(
            "assigned_by"
        ),
    )
    if assigners.exists():
        return list(assigners.order_by("pk"))
    return list(User.objects.filter(is_active=True, is_lead=True).order_by("pk"))


def shift_cancellation_notify(*, shift_id: int) -> int:
    """Email the lead(s) that a volunteer can't make it; return the number of emails sent.

    The shift is claimed first (a conditional UPDATE), so a task delivered twice sends once."""
    claimed = Shift.objects.filter(
        pk=shift_id, cancelled_at__isnull=False, lead_notified_at__isnull=True
    ).update(lead_notified_at=timezone.now())
    if not claimed:
        return 0
    shift = Shift.objects.select_related("serve__site", "serve__lead", "volunteer").get(pk=shift_id)
    messages = []
    for lead in _leads_for_shift(shift):
        if lead.pk == shift.volunteer_id:
            continue
        context = {"shift": shift, "lead": lead, "org": settings.ORGANIZATION_NAME}
        messages.append(
            emails.message_for(
                lead,
                subject=lambda context=context: render_to_string(
                    "distribution/email/cant_make_it_subject.txt", context
                ),
                template="distribution/email/cant_make_it.txt",
                context=context,
            )
        )
    return emails.send(messages)


def shift_check_in(*, shift: Shift, by: User) -> bool:
    """Check a volunteer in (now). False if already in, cancelled or the serve is closed."""
    if shift.serve_id and not Serve.objects.filter(pk=shift.serve_id, status="open").exists():
        raise ServeClosed
    checked_in = Shift.objects.filter(
        pk=shift.pk, checked_in_at__isnull=True, cancelled_at__isnull=True
    ).update(checked_in_at=timezone.now())
    if checked_in:
        audit.record(by=by, kind=audit.Kind.SHIFT_CHECK_IN, obj=shift)
    return bool(checked_in)


def shift_check_out(*, shift: Shift, by: User) -> bool:
    checked_out = Shift.objects.filter(
        pk=shift.pk, checked_in_at__isnull=False, checked_out_at__isnull=True
    ).update(checked_out_at=timezone.now())
    if checked_out:
        audit.record(by=by, kind=audit.Kind.SHIFT_CHECK_OUT, obj=shift)
    return bool(checked_out)


@transaction.atomic
def serve_check_in(*, serve: Serve, volunteer: User, by: User) -> Shift:
    """A volunteer who turns up (signed up or not) starts their shift now."""
    shift = shift_sign_up(volunteer=volunteer, serve=serve)
    shift_check_in(shift=shift, by=by)
    shift.refresh_from_db()
    return shift


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


# --- Deliveries -------------------------------------------------------------------------------

_CONTACT_LANGUAGES = {"en": Contact.Language.ENGLISH, "es": Contact.Language.SPANISH}


def _recipient(*, name: str, phone: str, area, language: str, no_kitchen: bool, by) -> Contact:
    """The contact with this phone number, or a new contact (first met on a delivery), made
    through the contacts app's own service. The delivery address stays on the request: it is
    not copied to the contact."""
    found = Contact.objects.active().with_phone(phone).order_by("pk").first() if phone else None
    if found is None:
        try:
            return contacts_services.contact_create(
                by=by,
                name=name.strip(),
                phone=phone.strip(),
                base_area=area,
                language=_CONTACT_LANGUAGES.get(language, Contact.Language.OTHER),
                no_kitchen=no_kitchen,
                first_met=Contact.FirstMet.DELIVERY,
                first_met_on=timezone.localdate(),
            )
        except contacts_services.PhoneAlreadyRecorded as recorded:  # recorded meanwhile
            found = recorded.contact
    contacts_services.contact_touch(contact=found)
    return found


@transaction.atomic
def delivery_request_create(
    *,
    name: str,
    phone: str,
    address: str,
    bag_type: BagType,
    day: date,
    by: User,
    area=None,
    bag_count: int = 1,
    no_kitchen: bool = False,
    dietary: str = "",
    language: str = Tap.Language.ENGLISH,
    window_start=None,
    window_end=None,
    notes: str = "",
) -> DeliveryRequest:
    """Take a delivery request. The recipient is found by phone number among the contacts,
    or added as a new contact."""
    contact = _recipient(
        name=name, phone=phone, area=area, language=language, no_kitchen=no_kitchen, by=by
    )
    delivery = DeliveryRequest.objects.create(
        contact=contact,
        address=address.strip(),
        phone=phone.strip(),
        area=area,
        bag_type=bag_type,
        bag_count=bag_count,
        no_kitchen=no_kitchen,
        dietary=dietary.strip(),
        language=language,
        date=day,
        window_start=window_start,
        window_end=window_end,
        notes=notes.strip(),
        requested_by=by,
    )
    audit.record(by=by, kind=audit.Kind.DELIVERY_REQUEST, obj=delivery)
    return delivery


def _change(delivery: DeliveryRequest, version: int, statuses, **changes) -> None:
    """Apply `changes` only if the request is still at `version` and in one of `statuses`;
    otherwise someone else changed it first: DeliveryChanged."""
    updated = DeliveryRequest.objects.filter(
        pk=delivery.pk, version=version, status__in=statuses
    ).update(version=F("version") + 1, **changes)
    if not updated:
        raise DeliveryChanged


def delivery_request_update(
    *,
    delivery: DeliveryRequest,
    version: int,
    by: User,
    address: str = "",
    phone: str = "",
    **fields,
) -> None:
    """Change an open request. The address and phone are write-only: left empty, they stay."""
    if address.strip():
        fields["address"] = address.strip()
    if phone.strip():
        fields["phone"] = phone.strip()
    with transaction.atomic():
        _change(delivery, version, DeliveryRequest.OPEN_STATUSES, **fields)
        audit.record(by=by, kind=audit.Kind.DELIVERY_UPDATE, obj=delivery)


@dataclass
class AssignOutcome:
    assigned: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)


def delivery_assign(
    *, selections: list[tuple[int, int]], driver: User, by: User, day: date | None = None
) -> AssignOutcome:
    """Give requests (id, version as the lead saw it) to a driver, at the end of the driver's
    run for the day. A request is assigned only if nobody changed it since the lead's page
    loaded: of two leads assigning the same request at once, exactly one wins (the other's
    UPDATE waits for the first to commit, then matches no row)."""
    outcome = AssignOutcome()
    now = timezone.now()
    with transaction.atomic():
        for pk, version in selections:
            run_day = Value(day) if day else OuterRef("date")
            last_position = (
                DeliveryRequest.objects.filter(driver=driver, date=run_day)
                .order_by()
                .values("driver")
                .annotate(m=Max("position"))
                .values("m")
            )
            changes = {
                "status": DeliveryRequest.Status.ASSIGNED,
                "driver": driver,
                "assigned_by": by,
                "assigned_at": now,
                "position": Coalesce(Subquery(last_position), 0) + 1,
            }
            if day:
                changes["date"] = day
            try:
                _change(
                    DeliveryRequest(pk=pk),
                    version,
                    [DeliveryRequest.Status.REQUESTED, DeliveryRequest.Status.ASSIGNED],
                    **changes,
                )
            except DeliveryChanged:
                outcome.changed.append(pk)
            else:
                outcome.assigned.append(pk)
        if outcome.assigned:
            audit.record(
                by=by, kind=audit.Kind.DELIVERY_ASSIGN, obj=driver, deliveries=outcome.assigned
            )
    return outcome


@transaction.atomic
def delivery_unassign(*, delivery: DeliveryRequest, version: int, by: User) -> None:
    _change(
        delivery,
        version,
        [DeliveryRequest.Status.ASSIGNED],
        status=DeliveryRequest.Status.REQUESTED,
        driver=None,
        assigned_by=None,
        assigned_at=None,
    )
    audit.record(by=by, kind=audit.Kind.DELIVERY_UNASSIGN, obj=delivery)


_ERASED = dict.fromkeys(DeliveryRequest.PRIVATE_FIELDS, "")


@transaction.atomic
def delivery_cancel(*, delivery: DeliveryRequest, version: int, by: User) -> None:
    """Cancel an open request; its address and phone are erased at once."""
    now = timezone.now()
    _change(
        delivery,
        version,
        DeliveryRequest.OPEN_STATUSES,
        status=DeliveryRequest.Status.CANCELLED,
        finished_at=now,
        address_erased_at=now,
        **_ERASED,
    )
    audit.record(by=by, kind=audit.Kind.DELIVERY_CANCEL, obj=delivery)


@transaction.atomic
def delivery_requeue(*, delivery: DeliveryRequest, version: int, by: User) -> None:
    """Put a failed request back on the board to try again (while it still has an address)."""
    updated = DeliveryRequest.objects.filter(
        pk=delivery.pk,
        version=version,
        status=DeliveryRequest.Status.FAILED,
        address_erased_at__isnull=True,
    ).update(
        version=F("version") + 1,
        status=DeliveryRequest.Status.REQUESTED,
        driver=None,
        assigned_by=None,
        assigned_at=None,
        out_at=None,
        finished_at=None,
        failure_reason="",
    )
    if not updated:
        raise DeliveryChanged
    audit.record(by=by, kind=audit.Kind.DELIVERY_REQUEUE, obj=delivery)


@transaction.atomic
def delivery_run_start(*, driver: User, day: date) -> int:
    """The driver sets off: their assigned requests for the day are out, and their run shift
    starts (hours for the summation). Returns how many requests went out."""
    shift = shift_sign_up(volunteer=driver, run_date=day)
    shift_check_in(shift=shift, by=driver)
    return DeliveryRequest.objects.filter(
        driver=driver, date=day, status=DeliveryRequest.Status.ASSIGNED
    ).update(status=DeliveryRequest.Status.OUT, out_at=timezone.now(), version=F("version") + 1)


def delivery_run_finish(*, driver: User, day: date) -> bool:
    shift = Shift.objects.filter(kind=Shift.Kind.DELIVERY_RUN, volunteer=driver, date=day).first()
    return bool(shift and shift_check_out(shift=shift, by=driver))


def _mark(delivery: DeliveryRequest, by: User, key: uuid.UUID | None, **changes) -> bool:
    """Apply a driver's mark if the request is still on their run and this mark's key (made
    by the phone) was never used: the first statement of the caller's transaction, so a
    repeated key rolls back alone. True if marked."""
    on_run = DeliveryRequest.objects.filter(
        pk=delivery.pk, driver=by, status__in=DeliveryRequest.ON_RUN_STATUSES
    )
    if key is not None:
        changes["mark_key"] = key
        on_run = on_run.exclude(mark_key=key)  # back on the run, but this mark was applied
    try:
        with transaction.atomic():
            updated = on_run.update(version=F("version") + 1, **changes)
    except IntegrityError:  # this key marked a request already (a resent mark)
        return False
    return bool(updated)


def delivery_mark_delivered(
    *, delivery: DeliveryRequest, by: User, key: uuid.UUID | None = None
) -> bool:
    """The driver delivered the bag: the address, phone and notes are erased at once and the
    bags' contents leave stock. Stock is never refused here (the bag is already at the door):
    if the ledger was short, the item shows below zero on the stock page until a lead adjusts
    it. False if the request was not on this driver's run any more, or this mark (`key`, made
    by the phone's outbox) was already applied."""
    now = timezone.now()
    with transaction.atomic():
        marked = _mark(
            delivery,
            by,
            key,
            status=DeliveryRequest.Status.DELIVERED,
            finished_at=now,
            address_erased_at=now,
            **_ERASED,
        )
        if not marked:
            return False
        done = DeliveryRequest.objects.only("bag_type_id", "bag_count", "date", "contact_id").get(
            pk=delivery.pk
        )
        _take_out_of_stock(
            needed=BagContent.objects.units_for({done.bag_type_id: done.bag_count}),
            kind=StockMovement.Kind.DELIVERY,
            occurred_on=timezone.localdate(),
            by=by,
            refuse_below_zero=False,
            delivery=done,
        )
        if done.contact_id:
            contacts_services.contact_touch(contact=Contact(pk=done.contact_id))
        audit.record(by=by, kind=audit.Kind.DELIVERY_DELIVERED, obj=done)
    return True


def delivery_mark_failed(
    *, delivery: DeliveryRequest, reason: str, by: User, key: uuid.UUID | None = None
) -> bool:
    """The driver could not deliver. The request leaves the driver's run at once; the lead
    may put it back on the board for two weeks, then the address is erased. A mark whose
    `key` was already applied is refused (False), even after the lead put the request back."""
    with transaction.atomic():
        failed = _mark(
            delivery,
            by,
            key,
            status=DeliveryRequest.Status.FAILED,
            failure_reason=reason,
            finished_at=timezone.now(),
        )
        if failed:
            audit.record(by=by, kind=audit.Kind.DELIVERY_FAILED, obj=delivery, reason=reason)
    return failed


@transaction.atomic
def deliveries_erase_addresses(*, now=None) -> int:
    """Erase the address, phone and notes of requests that no longer need them. A contact who
    was forgotten gets no delivery either: forgetting cancels and blanks their open requests
    at once (contacts.services); any still open (forgotten before that) are cancelled here.
    A periodic job: running it again finds nothing left to do."""
    now = now or timezone.now()
    DeliveryRequest.objects.open().filter(contact__forgotten_at__isnull=False).update(
        status=DeliveryRequest.Status.CANCELLED, finished_at=now, version=F("version") + 1
    )
    return DeliveryRequest.objects.addresses_to_erase(now).update(address_erased_at=now, **_ERASED)


@transaction.atomic
def driver_coverage_set(*, driver: User, areas, weekdays: list[int]) -> DriverCoverage:
    coverage, _created = DriverCoverage.objects.get_or_create(driver=driver)
    coverage.weekdays = "".join(str(d) for d in sorted(set(weekdays)))
    coverage.save(update_fields=["weekdays", "updated_at"])
    coverage.areas.set(areas)
    return coverage
