"""The distribution, stock-and-cash, cost and ratio sections: the week's serves, households,
bags by type and deliveries; stock and cash in and out; volunteer hours by working group and
money spent; and the ratios of cost to what the work built."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from committees import services as committees
from committees.models import Body
from contacts.models import Contact
from distribution.models import (
    DeliveryRequest,
    Donation,
    Purchase,
    Reimbursement,
    StockMovement,
    Tap,
)
from summations.sections import Audience, Kind, freeze, thaw
from summations.sections.cost import cost_section, ratios_section
from summations.sections.distribution import collections_section, distribution_section
from tests.factories.accounts import UserFactory
from tests.factories.distribution import (
    BagTypeFactory,
    DeliveryRequestFactory,
    ItemFactory,
    ServeFactory,
    ShiftFactory,
    TapFactory,
    WorkingGroupFactory,
)
from tests.factories.investigation import GrievanceFactory
from tests.summations.conftest import WEEK, local, make_contact

MONDAY = WEEK.monday  # 9 November 2026


def day(offset: int):
    return MONDAY + timedelta(days=offset)


def figure(section, key):
    return next(f for f in section.figures if f.key == key)


def taps(serve, kind, n, **fields):
    for _ in range(n):
        TapFactory(serve=serve, kind=kind, **fields)


@pytest.mark.django_db
def test_serves_households_bags_and_deliveries_count_in_their_week(driver):
    groceries = BagTypeFactory(name="Groceries", name_es="Despensa")
    no_cook = BagTypeFactory(name="No-cook bag", name_es="Bolsa sin cocina")
    serve = ServeFactory(date=day(0), status="closed")
    last_week = ServeFactory(date=day(-7), status="closed")
    taps(serve, Tap.Kind.HOUSEHOLD_NEW, 3)
    taps(serve, Tap.Kind.HOUSEHOLD_RETURNING, 5)
    taps(serve, Tap.Kind.BAG, 6, bag_type=groceries)
    taps(serve, Tap.Kind.BAG, 2, bag_type=no_cook)
    taps(serve, Tap.Kind.FREE_STORE, 4)
    TapFactory(serve=serve, kind=Tap.Kind.HOUSEHOLD_NEW, undone_at=timezone.now())  # undone
    taps(last_week, Tap.Kind.HOUSEHOLD_RETURNING, 2)
    taps(last_week, Tap.Kind.BAG, 1, bag_type=groceries)
    for finished, status, bags, reason in (
        (local(2026, 11, 10, 12, 0), DeliveryRequest.Status.DELIVERED, 2, ""),
        (local(2026, 11, 15, 23, 0), DeliveryRequest.Status.DELIVERED, 1, ""),
        (local(2026, 11, 11, 12, 0), DeliveryRequest.Status.FAILED, 1, "no_answer"),
        (local(2026, 11, 16, 0, 30), DeliveryRequest.Status.DELIVERED, 1, ""),  # next week
    ):
        DeliveryRequestFactory(
            bag_type=groceries,
            bag_count=bags,
            status=status,
            driver=driver,
            finished_at=finished,
            failure_reason=reason,
            date=finished.date(),
        )

    section = distribution_section(WEEK)

    assert section.audience == Audience.MEMBERS
    values = {f.key: (f.this_week, f.previous_week) for f in section.figures}
    assert values["serves"] == (1, 1)
    assert values["households"] == (8, 2)
    assert values["households_new"] == (3, 0)
    assert values["households_returning"] == (5, 2)
    assert values["bags"] == (8, 1)
    assert values["free_store"] == (4, 0)
    assert values["deliveries"] == (2, 0)
    assert values["deliveries_failed"] == (1, 0)
    assert values["bags_delivered"] == (3, 0)
    bags, failures = thaw(freeze(section), "es").tables
    # bag, at the serves, delivered, previous week
    assert bags.rows == (("Despensa", 6, 3, 1), ("Bolsa sin cocina", 2, 0, 0))
    assert failures.rows == (("Nadie contestó", 1),)


@pytest.mark.django_db
def test_stock_and_cash_in_and_out(lead):
    rice = ItemFactory(name="Rice (2 lb)", name_es="Arroz (2 lb)")
    for kind, quantity, on, reason in (
        (StockMovement.Kind.DONATION, 40, day(1), ""),
        (StockMovement.Kind.PURCHASE, 20, day(2), ""),
        (StockMovement.Kind.SERVE, -35, day(0), ""),
        (StockMovement.Kind.ADJUSTMENT, -2, day(3), "Spoiled"),
        (StockMovement.Kind.DONATION, 10, day(-3), ""),
    ):
        StockMovement.objects.create(
            item=rice, kind=kind, quantity=quantity, occurred_on=on, reason=reason
        )
    Donation.objects.create(
        kind="cash", source="neighbour", amount=Decimal("120.50"), received_on=day(2)
    )
    Donation.objects.create(kind="in_kind", source="market", received_on=day(2))
    Purchase.objects.create(vendor="Market Basket", amount=Decimal("80.00"), purchased_on=day(1))
    Purchase.objects.create(
        vendor="Stop & Shop", amount=Decimal("25.25"), purchased_on=day(1), paid_by=lead
    )
    Reimbursement.objects.create(volunteer=lead, amount=Decimal("25.25"), paid_on=day(4))

    section = collections_section(WEEK)

    values = {f.key: (f.this_week, f.previous_week) for f in section.figures}
    assert values["stock_in"] == (60, 10)
    assert values["stock_out"] == (37, 0)
    assert values["cash_in"] == (120.5, 0)
    assert values["cash_out"] == (105.25, 0)  # from cash 80 + reimbursed 25.25
    assert figure(section, "cash_in").kind == Kind.MONEY
    (items,) = thaw(freeze(section), "es").tables
    assert items.rows == (("Arroz (2 lb)", 60, 37),)


@pytest.mark.django_db
def test_volunteer_hours_by_working_group_and_money_spent(coordinator, member):
    outreach = WorkingGroupFactory(name="Outreach")
    distribution = WorkingGroupFactory(name="Distribution")
    serve = ServeFactory(date=day(0), status="closed")
    start = local(2026, 11, 9, 17, 0)
    for volunteer, group, hours in (
        (member, distribution, 2.5),
        (UserFactory(), distribution, 2),
        (UserFactory(), None, 1),
    ):
        ShiftFactory(
            serve=serve,
            volunteer=volunteer,
            working_group=group,
            checked_in_at=start,
            checked_out_at=start + timedelta(hours=hours),
        )
    ShiftFactory(serve=serve, volunteer=UserFactory(), working_group=outreach)  # never checked in
    meeting = committees.meeting_schedule(
        body=Body.WORKING_GROUP,
        group=outreach,
        title="",
        starts_at=local(2026, 11, 12, 18, 0),
        ends_at=local(2026, 11, 12, 19, 30),
        place="Side room",
        by=coordinator,
    )
    outreach.memberships.create(user=coordinator)
    outreach.memberships.create(user=member)
    committees.meeting_record_attendance(
        meeting=meeting, members=[coordinator, member], by=coordinator
    )
    Purchase.objects.create(vendor="Market Basket", amount=Decimal("80.00"), purchased_on=day(1))
    Purchase.objects.create(
        vendor="Stop & Shop", amount=Decimal("25.25"), purchased_on=day(6), paid_by=member
    )

    section = cost_section(WEEK)

    values = {f.key: f.this_week for f in section.figures}
    assert values == {
        "hours": 8.5,
        "hours_shifts": 5.5,
        "hours_meetings": 3.0,
        "money": 105.25,
    }
    (table,) = thaw(freeze(section), "en").tables
    assert table.rows == (
        ("Distribution", 4.5, 0.0, 0.0),
        ("Outreach", 0.0, 3.0, 0.0),
        ("No working group", 1.0, 0.0, 0.0),
    )


@pytest.mark.django_db
def test_ratios_divide_the_cost_by_what_it_built(member):
    serve = ServeFactory(date=day(0), status="closed")
    start = local(2026, 11, 9, 17, 0)
    ShiftFactory(
        serve=serve,
        volunteer=member,
        checked_in_at=start,
        checked_out_at=start + timedelta(hours=6),
    )
    Purchase.objects.create(vendor="Market Basket", amount=Decimal("90.00"), purchased_on=day(1))
    taps(serve, Tap.Kind.HOUSEHOLD_NEW, 8)
    for first_met in (Contact.FirstMet.SERVE, Contact.FirstMet.SERVE, Contact.FirstMet.DELIVERY):
        make_contact(at=local(2026, 11, 9, 18, 0), first_met=first_met)
    for _ in range(4):
        GrievanceFactory(recorded_on=day(2))

    section = ratios_section(WEEK)

    assert section.audience == Audience.AGGREGATES
    values = {f.key: (f.this_week, f.previous_week) for f in section.figures}
    assert values["hours_per_contact"] == (2.0, None)
    assert values["hours_per_grievance"] == (1.5, None)
    assert values["money_per_contact"] == (30.0, None)
    assert values["money_per_grievance"] == (22.5, None)
    assert values["households_to_contacts"] == (25.0, None)
