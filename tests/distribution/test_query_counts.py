"""Every distribution page runs a pinned number of queries, the same with 2 rows as with 30.

Each page has a builder that makes `n` of whatever the page lists, and the exact number of
queries the page may run (including the session and the member: 2)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from distribution import services
from distribution.models import DriverCoverage, Purchase, Tap
from tests.factories.accounts import UserFactory
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    BaseAreaFactory,
    ContactFactory,
    DeliveryRequestFactory,
    ItemFactory,
    ScheduleFactory,
    ServeFactory,
    ShiftFactory,
    SiteFactory,
    StockInFactory,
    TapFactory,
)


def _serves(n, users):
    today = timezone.localdate()
    for i in range(n):
        serve = ServeFactory(date=today + dt.timedelta(days=i % 20))
        TapFactory(serve=serve)
        ShiftFactory(serve=serve, volunteer=users["member"])
    return reverse("distribution:serve_list")


def _serve_page(n, users):
    serve = ServeFactory()
    for i in range(n):
        bag = BagTypeFactory()
        TapFactory(serve=serve, kind=Tap.Kind.BAG, bag_type=bag)
        ShiftFactory(
            serve=serve,
            volunteer=UserFactory(email=f"volunteer{i}@example.org"),
        )
    return reverse("distribution:serve_detail", args=[serve.pk])


def _serve_totals(n, users):
    serve = ServeFactory()
    for _ in range(n):
        TapFactory(serve=serve, kind=Tap.Kind.BAG, bag_type=BagTypeFactory())
    return reverse("distribution:serve_totals", args=[serve.pk])


def _serve_close(n, users):
    serve = ServeFactory()
    for _ in range(n):
        content = BagContentFactory()
        StockInFactory(item=content.item, quantity=5)
        TapFactory(serve=serve, kind=Tap.Kind.BAG, bag_type=content.bag_type)
    return reverse("distribution:serve_close", args=[serve.pk])


def _setup(n, users):
    for _ in range(n):
        ScheduleFactory(lead=users["lead"])
        BagContentFactory()
    return reverse("distribution:setup")


def _stock(n, users):
    for _ in range(n):
        StockInFactory(item=ItemFactory(), quantity=3)
    return reverse("distribution:stock")


def _item_ledger(n, users):
    item = ItemFactory()
    serve = ServeFactory()
    for _ in range(n):
        StockInFactory(item=item, quantity=3, by=users["lead"])
    services.purchase_record(
        purchased_on=timezone.localdate(),
        vendor="Shop",
        amount=Decimal("1"),
        lines=[(item, 2)],
        by=users["lead"],
    )
    StockInFactory(item=item, quantity=-1, serve=serve, kind="serve", reason="")
    return reverse("distribution:item_detail", args=[item.pk])


def _cash(n, users):
    for _ in range(n):
        purchase = services.purchase_record(
            purchased_on=timezone.localdate(),
            vendor="Shop",
            amount=Decimal("10"),
            paid_by=users["member"],
            by=users["lead"],
        )
        services.reimbursement_record(
            volunteer=users["member"],
            amount=Decimal("4"),
            paid_on=timezone.localdate(),
            purchase=purchase,
            by=users["lead"],
        )
    return reverse("distribution:cash")


def _donations(n, users):
    item = ItemFactory()
    for i in range(n):
        services.donation_record(
            kind="in_kind" if i % 2 else "cash",
            source="market",
            amount=Decimal("5") if not i % 2 else None,
            donor_name="Named" if i % 3 else "",
            received_on=timezone.localdate(),
            lines=[(item, 3)] if i % 2 else [],
            by=users["lead"],
        )
    return reverse("distribution:donation_list")


def _purchases(n, users):
    for i in range(n):
        services.purchase_record(
            purchased_on=timezone.localdate(),
            vendor=f"Shop {i}",
            amount=Decimal("10"),
            paid_by=users["member"] if i % 2 else None,
            by=users["lead"],
        )
    return reverse("distribution:purchase_list")


def _board(n, users):
    today = timezone.localdate()
    for i in range(n):
        area = BaseAreaFactory()
        delivery = DeliveryRequestFactory(area=area, date=today + dt.timedelta(days=i % 3))
        if i % 2:
            services.delivery_assign(
                selections=[(delivery.pk, 0)], driver=users["driver"], by=users["lead"]
            )
        coverage = DriverCoverage.objects.create(
            driver=UserFactory(email=f"d{i}@example.org", is_driver=True),
            weekdays="0123456",
        )
        coverage.areas.set([area])
        services.shift_sign_up(volunteer=coverage.driver, run_date=today)
    return reverse("distribution:delivery_board")


def _run(n, users):
    today = timezone.localdate()
    for i in range(n):
        DeliveryRequestFactory(
            driver=users["driver"],
            status="assigned" if i % 2 else "delivered",
            date=today,
            contact=ContactFactory(),
        )
        DeliveryRequestFactory(
            driver=users["driver"], status="assigned", date=today + dt.timedelta(days=i + 1)
        )
        services.shift_sign_up(volunteer=users["driver"], run_date=today + dt.timedelta(days=i))
    return reverse("distribution:run")


def _run_sheet(n, users):
    today = timezone.localdate()
    for _ in range(n):
        DeliveryRequestFactory(driver=users["driver"], status="assigned", date=today)
    return reverse("distribution:run_sheet", args=[today.isoformat()])


def _coverage(n, users):
    areas = [BaseAreaFactory() for _ in range(n)]
    services.driver_coverage_set(driver=users["driver"], areas=areas, weekdays=[1, 2])
    return reverse("distribution:coverage")


def _delivery_form(n, users):
    for _ in range(n):
        BaseAreaFactory()
        BagTypeFactory()
    return reverse("distribution:delivery_create")


def _donation_form(n, users):
    for _ in range(n):
        ItemFactory()
    return reverse("distribution:donation_create")


def _bag_type_form(n, users):
    bag = BagTypeFactory()
    for _ in range(n):
        BagContentFactory(bag_type=bag)
    return reverse("distribution:bag_type_edit", args=[bag.pk])


def _reimbursement_form(n, users):
    for _ in range(n):
        Purchase.objects.create(
            purchased_on=timezone.localdate(), vendor="Shop", amount=5, paid_by=users["member"]
        )
    return reverse("distribution:reimbursement_create")


def _dashboard(n, users):
    today = timezone.localdate()
    for i in range(n):
        serve = ServeFactory(date=today)
        TapFactory(serve=serve)
        ShiftFactory(serve=serve, volunteer=users["coordinator"])
        ItemFactory(low_stock_threshold=5)
        DeliveryRequestFactory(
            driver=users["coordinator"] if i % 2 else None,
            status="assigned" if i % 2 else "requested",
            date=today,
        )
    return reverse("dashboard:home")


def _delivery_detail(n, users):
    for _ in range(n):
        BaseAreaFactory()
    return reverse("distribution:delivery_detail", args=[DeliveryRequestFactory().pk])


def _stock_adjust(n, users):
    for _ in range(n):
        ItemFactory()
    return reverse("distribution:stock_adjust")


def _purchase_form(n, users):
    for i in range(n):
        ItemFactory()
        UserFactory(email=f"buyer{i}@example.org")
    return reverse("distribution:purchase_create")


def _schedule_form(n, users):
    for _ in range(n):
        SiteFactory()
    return reverse("distribution:schedule_create")


# page: (member, builder, queries)
PAGES = {
    "serve_list": ("member", _serves, 5),
    "serve_detail": ("member", _serve_page, 7),
    "serve_totals": ("member", _serve_totals, 4),
    "serve_close": ("lead", _serve_close, 9),
    "setup": ("lead", _setup, 6),
    "stock": ("lead", _stock, 3),
    "item_detail": ("lead", _item_ledger, 5),
    "cash": ("lead", _cash, 10),
    "donation_list": ("lead", _donations, 4),
    "purchase_list": ("lead", _purchases, 4),
    "delivery_board": ("lead", _board, 11),  # with the contacts' data keys, opened at once
    "run": ("driver", _run, 9),  # the audit row for the addresses shown, the data keys, the Undo
    "run_sheet": ("driver", _run_sheet, 5),  # with the data keys
    "coverage": ("driver", _coverage, 5),
    "delivery_create": ("lead", _delivery_form, 4),
    "donation_create": ("lead", _donation_form, 4),
    "bag_type_edit": ("lead", _bag_type_form, 6),
    "reimbursement_create": ("lead", _reimbursement_form, 4),
    "dashboard": (
        "coordinator",
        _dashboard,
        13,
    ),  # every app's panels (4 distribution's); the ranking is cached
    "delivery_detail": ("lead", _delivery_detail, 6),  # with its data key
    "stock_adjust": ("lead", _stock_adjust, 3),
    "purchase_create": ("lead", _purchase_form, 5),
    "schedule_create": ("lead", _schedule_form, 5),
}


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 30])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_page_runs_a_pinned_number_of_queries(
    page, rows, request, coordinator, lead, driver, member, django_assert_num_queries
):
    role, build, queries = PAGES[page]
    users = {"coordinator": coordinator, "lead": lead, "driver": driver, "member": member}
    url = build(rows, users)
    client = request.getfixturevalue(f"as_{role}")
    client.get(url)  # warm: first visits may write the session

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
