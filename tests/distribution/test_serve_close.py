"""Closing a serve: counts locked, bags' contents out of stock in one transaction, a clear
refusal instead of a negative level, and an explicit adjustment to close anyway."""

import uuid

import pytest
from django.urls import reverse

from distribution import services
from distribution.models import Item, Serve, Shift, StockMovement, Tap
from tests.factories.distribution import ShiftFactory, StockInFactory, TapFactory

pytestmark = pytest.mark.django_db


def _bags(serve, bag_type, n):
    for _ in range(n):
        TapFactory(serve=serve, kind=Tap.Kind.BAG, bag_type=bag_type)


def _level(item) -> int:
    return Item.objects.with_levels().get(pk=item.pk).level


def test_closing_takes_the_bags_contents_out_of_stock(as_lead, serve, bag_types, stocked, lead):
    _bags(serve, bag_types["groceries"], 10)  # 10 rice, 20 beans
    _bags(serve, bag_types["no_cook"], 5)  # 5 beans
    _bags(serve, bag_types["hygiene"], 3)  # 3 soap

    response = as_lead.post(reverse("distribution:serve_close", args=[serve.pk]), {})

    assert response.status_code == 302
    serve.refresh_from_db()
    assert serve.status == Serve.Status.CLOSED
    assert serve.closed_by == lead
    assert _level(stocked["rice"]) == 90
    assert _level(stocked["beans"]) == 275
    assert _level(stocked["soap"]) == 97
    out = StockMovement.objects.filter(serve=serve, kind=StockMovement.Kind.SERVE)
    assert sorted(out.values_list("item__name", "quantity")) == [
        ("Beans", -25),
        ("Rice", -10),
        ("Soap", -3),
    ]
    assert set(out.values_list("occurred_on", flat=True)) == {serve.date}


def test_a_closed_serve_takes_no_more_taps_and_cannot_close_twice(serve, bag_types, stocked, lead):
    _bags(serve, bag_types["hygiene"], 2)
    services.serve_close(serve=serve, by=lead)

    with pytest.raises(services.ServeClosed):
        services.serve_tap(serve=serve, kind=Tap.Kind.HOUSEHOLD_NEW, key=uuid.uuid4(), by=lead)
    with pytest.raises(services.ServeClosed):
        services.serve_close(serve=serve, by=lead)
    assert _level(stocked["soap"]) == 98


def test_it_refuses_to_close_below_zero_and_changes_nothing(as_lead, serve, bag_types, items):
    StockInFactory(item=items["rice"], quantity=3)
    StockInFactory(item=items["beans"], quantity=100)
    _bags(serve, bag_types["groceries"], 5)  # needs 5 rice, only 3

    response = as_lead.post(reverse("distribution:serve_close", args=[serve.pk]), {})

    assert response.status_code == 422
    content = response.content.decode()
    assert "Closing would take stock below zero" in content
    assert "2 short" in content
    serve.refresh_from_db()
    assert serve.status == Serve.Status.OPEN
    assert not StockMovement.objects.filter(serve=serve).exists()
    assert _level(items["rice"]) == 3


def test_an_explicit_adjustment_with_a_reason_lets_it_close(as_lead, serve, bag_types, items, lead):
    StockInFactory(item=items["rice"], quantity=3)
    StockInFactory(item=items["beans"], quantity=100)
    _bags(serve, bag_types["groceries"], 5)

    response = as_lead.post(
        reverse("distribution:serve_close", args=[serve.pk]),
        {"shortfall_reason": "A rice donation was never recorded"},
    )

    assert response.status_code == 302
    adjustment = StockMovement.objects.get(serve=serve, kind=StockMovement.Kind.ADJUSTMENT)
    assert adjustment.item == items["rice"]
    assert adjustment.quantity == 2
    assert adjustment.reason == "A rice donation was never recorded"
    assert adjustment.by == lead
    assert _level(items["rice"]) == 0
    assert _level(items["beans"]) == 90


def test_closing_checks_out_volunteers_still_checked_in(serve, lead, member):
    from django.utils import timezone

    shift = ShiftFactory(serve=serve, volunteer=member, checked_in_at=timezone.now())

    services.serve_close(serve=serve, by=lead)

    shift.refresh_from_db()
    assert shift.checked_out_at is not None


def test_the_close_page_shows_counts_and_stock_to_come_out(as_lead, serve, bag_types, stocked):
    TapFactory(serve=serve, kind=Tap.Kind.HOUSEHOLD_NEW)
    TapFactory(serve=serve, kind=Tap.Kind.HOUSEHOLD_RETURNING)
    TapFactory(serve=serve, kind=Tap.Kind.HOUSEHOLD_RETURNING)
    _bags(serve, bag_types["groceries"], 2)

    response = as_lead.get(reverse("distribution:serve_close", args=[serve.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Households: 3 (1 new, 2 returning)" in content
    assert "Groceries: 2" in content
    assert "<td>Beans</td>\n      <td>4</td>" in content


def test_a_member_cannot_close_a_serve(as_member, serve):
    response = as_member.post(reverse("distribution:serve_close", args=[serve.pk]), {})

    assert response.status_code == 403
    serve.refresh_from_db()
    assert serve.status == Serve.Status.OPEN
    assert not Shift.objects.exists()
