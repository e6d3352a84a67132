"""The reads the weekly summation will use: serves, households and bags by type for a date
range, deliveries done and failed, stock in and out, cash in and out, volunteer hours."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from distribution import services
from distribution.models import (
    DeliveryRequest,
    Donation,
    Purchase,
    Reimbursement,
    Serve,
    Shift,
    StockMovement,
    Tap,
)
from tests.factories.distribution import (
    BagTypeFactory,
    DeliveryRequestFactory,
    ItemFactory,
    ServeFactory,
    ShiftFactory,
    StockInFactory,
    TapFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

WEEK = (dt.date(2025, 3, 3), dt.date(2025, 3, 9))


def test_serves_households_and_bags_by_type_for_a_week():
    groceries = BagTypeFactory(name="Groceries")
    no_cook = BagTypeFactory(name="No-cook bag")
    inside = ServeFactory(date=dt.date(2025, 3, 3), status="closed")
    outside = ServeFactory(date=dt.date(2025, 3, 10), status="closed")
    for kind in ["household_new", "household_returning", "household_returning"]:
        TapFactory(serve=inside, kind=kind)
    TapFactory(serve=inside, kind="household_new", undone_at=timezone.now())  # undone
    for bag in [groceries, groceries, no_cook]:
        TapFactory(serve=inside, kind=Tap.Kind.BAG, bag_type=bag)
    TapFactory(serve=outside, kind="household_new")

    taps = Tap.objects.between(*WEEK)

    assert Serve.objects.between(*WEEK).held().count() == 1
    assert taps.households() == {"new": 1, "returning": 2, "total": 3}
    assert [(r["bag_type__name"], r["bags"]) for r in taps.bags_by_type()] == [
        ("Groceries", 2),
        ("No-cook bag", 1),
    ]


def test_deliveries_done_and_failed_in_a_week(driver):
    monday = timezone.make_aware(dt.datetime(2025, 3, 4, 12))
    DeliveryRequestFactory(status="delivered", driver=driver, finished_at=monday)
    DeliveryRequestFactory(status="delivered", driver=driver, finished_at=monday)
    DeliveryRequestFactory(status="failed", driver=driver, finished_at=monday)
    DeliveryRequestFactory(
        status="delivered", driver=driver, finished_at=monday + dt.timedelta(days=7)
    )

    week = DeliveryRequest.objects.between(*WEEK)

    assert week.outcome_counts() == {"delivered": 2, "failed": 1}
    assert week.done().count() == 2
    assert week.failed().count() == 1


def test_stock_in_and_out_for_a_week(lead):
    rice = ItemFactory(name="Rice")
    StockInFactory(item=rice, quantity=40, occurred_on=dt.date(2025, 3, 3))
    StockMovement.objects.create(
        item=rice, kind="serve", quantity=-15, occurred_on=dt.date(2025, 3, 3)
    )
    StockInFactory(item=rice, quantity=99, occurred_on=dt.date(2025, 2, 1))

    week = StockMovement.objects.between(*WEEK)

    assert week.totals() == {"in": 40, "out": 15}
    assert week.by_kind() == {"adjustment": 40, "serve": -15}
    assert week.by_item() == [
        {"item_id": rice.pk, "item__name": "Rice", "units_in": 40, "units_out": 15}
    ]


def test_cash_in_and_out_for_a_week(lead, member):
    day = dt.date(2025, 3, 4)
    services.donation_record(
        kind="cash", source="neighbour", amount=Decimal("80"), received_on=day, by=lead
    )
    services.donation_record(
        kind="cash",
        source="neighbour",
        amount=Decimal("500"),
        received_on=day.replace(month=1),
        by=lead,
    )
    services.purchase_record(purchased_on=day, vendor="Shop", amount=Decimal("30"), by=lead)
    services.reimbursement_record(volunteer=member, amount=Decimal("12"), paid_on=day, by=lead)

    assert Donation.objects.between(*WEEK).cash_in() == Decimal("80.00")
    assert Purchase.objects.between(*WEEK).cash_out() == Decimal("30.00")
    assert Reimbursement.objects.between(*WEEK).cash_out() == Decimal("12.00")


def test_volunteer_hours_by_working_group_for_a_week(member, lead):
    group = WorkingGroupFactory(name="Distribution")
    start = timezone.make_aware(dt.datetime(2025, 3, 3, 17))
    serve = ServeFactory(date=dt.date(2025, 3, 3), working_group=group)
    ShiftFactory(
        serve=serve,
        volunteer=member,
        working_group=group,
        checked_in_at=start,
        checked_out_at=start + dt.timedelta(hours=3),
    )
    Shift.objects.create(
        kind="delivery_run",
        date=dt.date(2025, 3, 5),
        volunteer=lead,
        checked_in_at=start,
        checked_out_at=start + dt.timedelta(hours=1, minutes=30),
    )

    week = Shift.objects.between(*WEEK)

    assert week.hours() == 4.5
    assert week.hours_by_working_group() == [
        {"working_group_id": group.pk, "working_group__name": "Distribution", "hours": 3.0},
        {"working_group_id": None, "working_group__name": None, "hours": 1.5},
    ]
