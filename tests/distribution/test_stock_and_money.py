"""Stock and collections: levels from the ledger, adjustments with a reason, donations in kind
and in cash (anonymous by default), purchases, reimbursements, and a cash balance that adds up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from distribution import services
from distribution.models import (
    BagType,
    Donation,
    Item,
    Purchase,
    Reimbursement,
    StockMovement,
)
from distribution.models.money import CashBalance
from tests.factories.distribution import ItemFactory, StockInFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 3)


def _level(item) -> int:
    return Item.objects.with_levels().get(pk=item.pk).level


def _lines(prefix="lines", rows=()):
    data = {
        f"{prefix}-TOTAL_FORMS": "4",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }
    for n, (item, quantity) in enumerate(rows):
        data[f"{prefix}-{n}-item"] = item.pk
        data[f"{prefix}-{n}-quantity"] = quantity
    return data


def test_an_in_kind_donation_puts_items_into_stock_anonymously(as_lead, lead, items):
    response = as_lead.post(
        reverse("distribution:donation_create"),
        {
            "kind": "in_kind",
            "source": "market",
            "received_on": "2025-03-03",
            **_lines(rows=[(items["rice"], 12), (items["beans"], 30)]),
        },
    )

    assert response.status_code == 302
    donation = Donation.objects.get()
    assert donation.is_anonymous
    assert donation.donor_name == ""
    assert donation.amount is None
    assert _level(items["rice"]) == 12
    assert _level(items["beans"]) == 30
    assert set(donation.stock_movements.values_list("kind", "by")) == {("donation", lead.pk)}


def test_a_donors_name_is_encrypted_at_rest(lead):
    from django.db import connection

    donation = services.donation_record(
        kind=Donation.Kind.CASH,
        source=Donation.Source.NEIGHBOUR,
        donor_name="Doña Carmen",
        amount=Decimal("40.00"),
        received_on=DAY,
        by=lead,
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT donor_name FROM distribution_donation WHERE id = %s", [donation.pk])
        stored = cursor.fetchone()[0]
    assert "Carmen" not in stored
    assert Donation.objects.get().donor_name == "Doña Carmen"


def test_a_cash_donation_needs_an_amount_and_keeps_what_was_typed(as_lead):
    response = as_lead.post(
        reverse("distribution:donation_create"),
        {
            "kind": "cash",
            "source": "neighbour",
            "received_on": "2025-03-03",
            "donor_name": "Marta",
            **_lines(),
        },
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter the amount given." in content
    assert 'value="Marta"' in content
    assert not Donation.objects.exists()


def test_an_in_kind_donation_without_items_is_refused(as_lead):
    response = as_lead.post(
        reverse("distribution:donation_create"),
        {"kind": "in_kind", "source": "market", "received_on": "2025-03-03", **_lines()},
    )

    assert response.status_code == 200
    assert "Add at least one item and its quantity." in response.content.decode()


def test_an_adjustment_needs_a_reason_and_keeps_the_name(as_lead, lead, items):
    StockInFactory(item=items["rice"], quantity=10)

    response = as_lead.post(
        reverse("distribution:stock_adjust"),
        {"item": items["rice"].pk, "quantity": "-4", "reason": "Four bags were wet"},
    )

    assert response.status_code == 302
    adjustment = StockMovement.objects.filter(kind="adjustment").latest("id")
    assert (adjustment.quantity, adjustment.reason, adjustment.by) == (
        -4,
        "Four bags were wet",
        lead,
    )
    assert _level(items["rice"]) == 6


def test_an_adjustment_below_zero_is_refused_next_to_the_field(as_lead, items):
    StockInFactory(item=items["rice"], quantity=3)

    response = as_lead.post(
        reverse("distribution:stock_adjust"),
        {"item": items["rice"].pk, "quantity": "-5", "reason": "Counted"},
    )

    assert response.status_code == 422
    assert "Only 3 in stock: the level can&#x27;t go below zero." in response.content.decode()
    assert _level(items["rice"]) == 3


def test_an_adjustment_without_a_reason_is_refused(as_lead, items):
    response = as_lead.post(
        reverse("distribution:stock_adjust"), {"item": items["rice"].pk, "quantity": "5"}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not StockMovement.objects.exists()


@pytest.mark.parametrize("quantity", ["2147483648", "99999999999999999999"])
def test_an_adjustment_too_large_for_the_ledger_is_refused_next_to_the_field(
    as_lead, items, quantity
):
    # Regression: a quantity beyond the ledger's 32-bit column was a database error (a 500).
    response = as_lead.post(
        reverse("distribution:stock_adjust"),
        {"item": items["rice"].pk, "quantity": quantity, "reason": "Counted"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Ensure this value is less than or equal to 100000." in body
    assert f'value="{quantity}"' in body
    assert not StockMovement.objects.exists()


@pytest.mark.parametrize("url", ["purchase_create", "donation_create", "bag_type_create"])
def test_an_item_line_too_large_for_the_ledger_is_refused_next_to_the_line(as_lead, items, url):
    # Regression: an item line's quantity is checked before it reaches the ledger (was a 500).
    response = as_lead.post(
        reverse(f"distribution:{url}"),
        {
            "name": "Family bag",
            "kind": "in_kind",
            "source": "neighbour",
            "received_on": "2025-03-03",
            "purchased_on": "2025-03-03",
            "vendor": "Market Basket",
            "amount": "60.00",
            **_lines(rows=[(items["rice"], "2147483648")]),
        },
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Ensure this value is less than or equal to 100000." in body
    assert 'value="2147483648"' in body
    assert "Check the items below." in body  # at the top of the form, too
    assert not StockMovement.objects.exists()
    assert not Purchase.objects.exists()
    assert not Donation.objects.exists()
    assert not BagType.objects.filter(name="Family bag").exists()


def test_low_stock_lists_items_at_or_under_their_threshold():
    low = ItemFactory(name="Rice", low_stock_threshold=10)
    ok = ItemFactory(name="Beans", low_stock_threshold=10)
    empty = ItemFactory(name="Soap", low_stock_threshold=0)
    StockInFactory(item=low, quantity=10)
    StockInFactory(item=ok, quantity=11)

    assert [item.name for item in Item.objects.low_stock()] == ["Soap", "Rice"]
    assert empty.pk in {item.pk for item in Item.objects.low_stock()}


def test_the_cash_balance_adds_up(as_lead, lead, member, items):
    services.donation_record(
        kind="cash", source="neighbour", amount=Decimal("250.00"), received_on=DAY, by=lead
    )
    services.donation_record(
        kind="cash", source="organization", amount=Decimal("100.00"), received_on=DAY, by=lead
    )
    services.purchase_record(
        purchased_on=DAY, vendor="Market Basket", amount=Decimal("120.50"), by=lead
    )
    out_of_pocket = services.purchase_record(
        purchased_on=DAY,
        vendor="Stop & Shop",
        amount=Decimal("40.00"),
        paid_by=member,
        lines=[(items["soap"], 20)],
        by=lead,
    )

    response = as_lead.post(
        reverse("distribution:reimbursement_create"),
        {
            "volunteer": member.pk,
            "purchase": out_of_pocket.pk,
            "amount": "25.00",
            "paid_on": "2025-03-04",
        },
    )

    assert response.status_code == 302
    balance = CashBalance.between()
    assert balance.cash_in == Decimal("350.00")
    assert balance.cash_out == Decimal("145.50")  # 120.50 from cash + 25.00 paid back
    assert balance.balance == Decimal("204.50")
    assert balance.owed_to_volunteers == Decimal("15.00")
    assert _level(items["soap"]) == 20
    page = as_lead.get(reverse("distribution:cash")).content.decode()
    assert "$204.50" in page
    assert "$15.00" in page


def test_a_reimbursement_larger_than_what_is_owed_is_refused(as_lead, lead, member):
    purchase = services.purchase_record(
        purchased_on=DAY, vendor="Shop", amount=Decimal("40.00"), paid_by=member, by=lead
    )

    response = as_lead.post(
        reverse("distribution:reimbursement_create"),
        {"volunteer": member.pk, "purchase": purchase.pk, "amount": "50", "paid_on": "2025-03-04"},
    )

    assert response.status_code == 200
    assert "Only $40.00 is still owed for this purchase." in response.content.decode()
    assert not Reimbursement.objects.exists()


def test_a_purchase_from_the_organizations_cash_puts_items_in_stock(as_lead, items):
    response = as_lead.post(
        reverse("distribution:purchase_create"),
        {
            "purchased_on": "2025-03-03",
            "vendor": "Market Basket",
            "amount": "60.00",
            **_lines(rows=[(items["rice"], 20)]),
        },
    )

    assert response.status_code == 302
    purchase = Purchase.objects.get()
    assert purchase.paid_by is None
    assert _level(items["rice"]) == 20


def test_the_same_item_twice_on_one_form_is_refused(as_lead, items):
    response = as_lead.post(
        reverse("distribution:purchase_create"),
        {
            "purchased_on": "2025-03-03",
            "vendor": "Market Basket",
            "amount": "60.00",
            **_lines(rows=[(items["rice"], 20), (items["rice"], 5)]),
        },
    )

    assert response.status_code == 200
    assert "Each item once, please" in response.content.decode()
    assert not Purchase.objects.exists()


def test_members_without_the_role_cannot_see_money(as_member, as_driver):
    for client in (as_member, as_driver):
        assert client.get(reverse("distribution:cash")).status_code == 403
        assert client.get(reverse("distribution:stock")).status_code == 403
