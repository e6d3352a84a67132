"""Delivery requests, assigning them to drivers, the driver's run and marks, erasing addresses."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from contacts import services as contacts_services
from contacts.models import Contact
from core import audit, crypto
from core.fields import sealed
from core.queue import enqueue_on_commit
from distribution.models import (
    BagContent,
    BagType,
    DeliveryRequest,
    DriverCoverage,
    Shift,
    StockMovement,
    Tap,
)
from distribution.services.common import DeliveryChanged
from distribution.services.serves import _take_out_of_stock
from distribution.services.shifts import shift_check_in, shift_check_out, shift_sign_up

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
    text_on_the_way: bool = False,
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
        text_on_the_way=text_on_the_way,
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
    """Change an open request. The address and phone are write-only: left empty, they stay (a
    request put back on the board after its address was erased gets it typed again here)."""
    typed = {"address": address.strip(), "phone": phone.strip()}
    for name, value in typed.items():
        if value:
            setattr(delivery, name, value)
            fields[name] = sealed(delivery, name)  # with the contact's own key
    if typed["address"]:
        fields["address_erased_at"] = None
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
                "driver_notified_at": None,
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
            enqueue_on_commit(
                "distribution.tasks.notify_driver_of_assignment", driver.pk, outcome.assigned
            )
    return outcome


@transaction.atomic
def delivery_unassign(*, delivery: DeliveryRequest, version: int, by: User) -> None:
    _change(
        delivery,
        version,
        [DeliveryRequest.Status.ASSIGNED],
        **_ON_THE_BOARD,
    )
    audit.record(by=by, kind=audit.Kind.DELIVERY_UNASSIGN, obj=delivery)


_ERASED = dict.fromkeys(DeliveryRequest.PRIVATE_FIELDS, "")
# A request back on the lead's board: waiting, with no driver.
_ON_THE_BOARD = {
    "status": DeliveryRequest.Status.REQUESTED,
    "driver": None,
    "assigned_by": None,
    "assigned_at": None,
    "out_at": None,
    "finished_at": None,
}


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
    ).update(version=F("version") + 1, failure_reason="", **_ON_THE_BOARD)
    if not updated:
        raise DeliveryChanged
    audit.record(by=by, kind=audit.Kind.DELIVERY_REQUEUE, obj=delivery)


@transaction.atomic
def delivery_run_start(*, driver: User, day: date) -> int:
    """The driver sets off: their assigned requests for the day are out, and their run shift
    starts (hours for the summation). The contacts whose request asked for it are texted that
    their delivery is on its way (texting checks their consent). Returns how many went out."""
    shift = shift_sign_up(volunteer=driver, run_date=day)
    shift_check_in(shift=shift, by=driver)
    setting_off = DeliveryRequest.objects.filter(
        driver=driver, date=day, status=DeliveryRequest.Status.ASSIGNED
    )
    to_text = list(setting_off.filter(text_on_the_way=True).values_list("pk", flat=True))
    went_out = setting_off.update(
        status=DeliveryRequest.Status.OUT, out_at=timezone.now(), version=F("version") + 1
    )
    if to_text:
        enqueue_on_commit("texting.tasks.text_deliveries_on_the_way", to_text)
    return went_out


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
        private = DeliveryRequest.objects.only(*DeliveryRequest.PRIVATE_FIELDS).get(pk=delivery.pk)
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
        _keep_for_undo(private)
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


# --- Taking a mark back ------------------------------------------------------------------------
# "Delivered" is one tap, right above "Could not deliver": the driver may take a mark back for
# DELIVERY_UNDO_SECONDS. The address is erased from the database at the mark, as always; for
# the undo, the cache alone keeps it, encrypted, and forgets it by itself when the time is up.


def _undo_cache_key(pk: int) -> str:
    return f"delivery-undo:{pk}"


def _keep_for_undo(delivery: DeliveryRequest) -> None:
    fields = {name: getattr(delivery, name) for name in DeliveryRequest.PRIVATE_FIELDS}
    cache.set(
        _undo_cache_key(delivery.pk),
        crypto.encrypt(json.dumps(fields)),
        timeout=settings.DELIVERY_UNDO_SECONDS,
    )


def _kept_for_undo(pk: int) -> dict | None:
    """The private fields erased at the mark, once (they leave the cache), or None when the
    time is up."""
    token = cache.get(_undo_cache_key(pk))
    cache.delete(_undo_cache_key(pk))
    return json.loads(crypto.decrypt(token)) if token else None


def delivery_mark_undo(*, delivery: DeliveryRequest, mark: uuid.UUID, by: User) -> bool:
    """The driver takes back their delivered / could-not-deliver mark (`mark` is its key), if
    it was made less than DELIVERY_UNDO_SECONDS ago: the stop is back on their run with its
    address, and a delivered bag's contents are back in stock. False when there is nothing to
    take back: too late, another mark since, already taken back, or someone else's stop. A
    delivered stop whose address the cache no longer holds (or whose contact was forgotten
    meanwhile) stays delivered: the lead can still put it back on the board."""
    since = timezone.now() - timedelta(seconds=settings.DELIVERY_UNDO_SECONDS)
    with transaction.atomic():
        marked = (
            DeliveryRequest.objects.select_for_update(of=("self",))
            .filter(
                pk=delivery.pk,
                driver=by,
                mark_key=mark,
                finished_at__gte=since,
                status__in=DeliveryRequest.MARKED_STATUSES,
            )
            .exclude(contact__forgotten_at__isnull=False)
            .only("pk", "status", "out_at", "version", "contact_id")
            .first()
        )
        if marked is None:
            return False
        changes = {}
        if marked.status == DeliveryRequest.Status.DELIVERED:
            kept = _kept_for_undo(marked.pk)
            if kept is None:
                return False
            for name, value in kept.items():
                setattr(marked, name, value)
            changes = {name: sealed(marked, name) for name in kept} | {"address_erased_at": None}
            StockMovement.objects.filter(delivery=marked, kind=StockMovement.Kind.DELIVERY).delete()
        DeliveryRequest.objects.filter(pk=marked.pk).update(
            status=(
                DeliveryRequest.Status.OUT if marked.out_at else DeliveryRequest.Status.ASSIGNED
            ),
            finished_at=None,
            failure_reason="",
            version=F("version") + 1,
            **changes,
        )
        audit.record(by=by, kind=audit.Kind.DELIVERY_UNDO, obj=marked, was=marked.status)
    return True


@transaction.atomic
def delivery_reopen(*, delivery: DeliveryRequest, version: int, by: User) -> None:
    """A lead finds a request marked delivered that was not: it goes back on the board with no
    driver, and its bag's contents go back in stock. Its address was erased at the mark: the
    lead types it again."""
    _change(
        delivery,
        version,
        [DeliveryRequest.Status.DELIVERED],
        **_ON_THE_BOARD,
    )
    cache.delete(_undo_cache_key(delivery.pk))  # the driver can no longer take the mark back
    StockMovement.objects.filter(delivery=delivery, kind=StockMovement.Kind.DELIVERY).delete()
    audit.record(by=by, kind=audit.Kind.DELIVERY_REOPEN, obj=delivery)


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
