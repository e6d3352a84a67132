"""Serves: scheduling them, taps (late ones too), closing, and taking the bags out of stock."""

import uuid
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from core import audit
from distribution.models import (
    BagContent,
    BagType,
    Item,
    LateTap,
    Schedule,
    Serve,
    Shift,
    StockMovement,
    Tap,
)
from distribution.models.stock import StockLine
from distribution.services.common import SCHEDULE_WEEKS_AHEAD, ServeClosed, StockShortfall

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
    return undo_last_count(
        Tap,
        serve=serve,
        key=key,
        device=device,
        by=by,
        kind=audit.Kind.SERVE_UNDO,
        with_="bag_type",
    )


def undo_last_count(model, *, serve: Serve, key: uuid.UUID, device: str, by: User, kind, with_):
    """The undo every count at a serve shares (bag taps, handouts given out): the last row of
    `model` this member counted from this phone at this open serve is marked undone, once per
    undo `key`. Returns it (read with its `with_` relation), or None."""
    with transaction.atomic():
        _lock_open_serve(serve)
        if model.objects.filter(undo_key=key).exists():
            return None
        last = (
            model.objects.counted()
            .filter(serve=serve, by=by, device=device)
            .select_related(with_)
            .order_by("-id")
            .first()
        )
        if last is None:
            return None
        last.undone_at = timezone.now()
        last.undo_key = key
        last.save(update_fields=["undone_at", "undo_key"])
        audit.record(by=by, kind=kind, obj=last, serve=serve.pk)
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
