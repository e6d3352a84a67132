"""Stock levels carried forward: a level is the carried sum plus the ledger lines since, equal to
the whole ledger's sum before and after any number of carry-forwards, and a line written while
the nightly job runs is neither lost nor counted twice."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from distribution import services, tasks
from distribution.models import Donation, Item, StockMovement
from tests.factories.accounts import UserFactory
from tests.factories.distribution import ItemFactory, StockInFactory


def _ledger_sum(item) -> int:
    return sum(StockMovement.objects.filter(item=item).values_list("quantity", flat=True))


def _level(item) -> int:
    return Item.objects.with_levels().get(pk=item.pk).level


@pytest.mark.django_db
def test_a_level_is_the_ledger_sum_before_and_after_carrying_forward():
    rice, soap, empty = ItemFactory(name="Rice"), ItemFactory(name="Soap"), ItemFactory()
    for quantity in (10, 5, -3):
        StockInFactory(item=rice, quantity=quantity)
    StockInFactory(item=soap, quantity=7)
    assert (_level(rice), _level(soap), _level(empty)) == (12, 7, 0)

    assert services.stock_carry_forward() == 3
    rice.refresh_from_db()
    assert rice.carried_level == 12
    assert rice.carried_through == StockMovement.objects.filter(item=rice).latest("pk").pk
    assert (_level(rice), _level(soap), _level(empty)) == (12, 7, 0)

    StockInFactory(item=rice, quantity=-2)
    StockInFactory(item=empty, quantity=4)
    assert (_level(rice), _level(empty)) == (10, 4) == (_ledger_sum(rice), _ledger_sum(empty))


@pytest.mark.django_db
def test_carrying_forward_twice_has_one_effect():
    rice = ItemFactory(name="Rice")
    StockInFactory(item=rice, quantity=9)
    tasks.carry_stock_forward.apply()
    tasks.carry_stock_forward.apply()
    rice.refresh_from_db()
    assert rice.carried_level == 9 == _level(rice)


@pytest.mark.django_db
def test_low_stock_reads_carried_levels():
    rice = ItemFactory(name="Rice", low_stock_threshold=5)
    StockInFactory(item=rice, quantity=20)
    services.stock_carry_forward()
    assert list(Item.objects.low_stock()) == []
    StockInFactory(item=rice, quantity=-16)
    assert [(item.name, item.level) for item in Item.objects.low_stock()] == [("Rice", 4)]


def _donate(item, quantity, by) -> None:
    services.donation_record(
        kind=Donation.Kind.IN_KIND,
        source=Donation.Source.NEIGHBOUR,
        received_on=timezone.localdate(),
        by=by,
        lines=[(item, quantity)],
    )


@pytest.mark.django_db(transaction=True)
def test_a_line_written_while_carrying_forward_is_counted_once():
    """A donation's transaction holds a ledger line (id n) while another donation of the same
    item and the nightly job run. Writers of an item's lines go one at a time (each locks the
    item's row until it commits), so line n + 1 can't commit before line n and the job can't
    carry past a line still open: each line is in the level exactly once. Without the lock the
    job would carry through n + 1 and miss line n for good."""
    rice = ItemFactory(name="Rice")
    lead = UserFactory()
    StockInFactory(item=rice, quantity=10)
    line_held, job_started = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_donation() -> None:
        try:
            with transaction.atomic():
                _donate(rice, 5, lead)
                line_held.set()
                job_started.wait(timeout=10)
                threading.Event().wait(0.5)  # the other donation is waiting for this one
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def later_donation_then_job() -> None:
        try:
            job_started.set()
            _donate(rice, 3, lead)  # waits for the first donation's lock on the item
            services.stock_carry_forward()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    held = threading.Thread(target=slow_donation)
    held.start()
    assert line_held.wait(timeout=10)
    carrying = threading.Thread(target=later_donation_then_job)
    carrying.start()
    for thread in (held, carrying):
        thread.join(timeout=30)
    assert not errors
    rice.refresh_from_db()
    assert rice.carried_through == StockMovement.objects.filter(item=rice).latest("pk").pk
    assert rice.carried_level == 18
    StockInFactory(item=rice, quantity=-1)
    assert _level(rice) == 17 == _ledger_sum(rice)
