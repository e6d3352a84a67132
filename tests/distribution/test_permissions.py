"""Who may open which distribution page: every page checks the member's roles."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.distribution import DeliveryRequestFactory, ItemFactory, ServeFactory

# page: the roles that may open it (the others get 403)
PAGES = {
    "serve_list": {"member", "driver", "lead", "investigator", "coordinator"},
    "serve_detail": {"member", "driver", "lead", "investigator", "coordinator"},
    "serve_close": {"lead", "coordinator"},
    "setup": {"lead", "coordinator"},
    "schedule_create": {"lead", "coordinator"},
    "stock": {"lead", "coordinator"},
    "item_detail": {"lead", "coordinator"},
    "stock_adjust": {"lead", "coordinator"},
    "cash": {"lead", "coordinator"},
    "donation_list": {"lead", "coordinator"},
    "donation_create": {"lead", "coordinator"},
    "purchase_create": {"lead", "coordinator"},
    "delivery_board": {"lead", "coordinator"},
    "delivery_create": {"lead", "coordinator"},
    "delivery_detail": {"lead", "coordinator"},
    "run": {"driver", "coordinator"},
    "run_sheet": {"driver", "coordinator"},
    "coverage": {"driver", "coordinator"},
}
ROLES = ["member", "driver", "lead", "investigator", "coordinator"]


def _url(name: str) -> str:
    if name in ("serve_detail", "serve_close"):
        return reverse(f"distribution:{name}", args=[ServeFactory().pk])
    if name == "item_detail":
        return reverse("distribution:item_detail", args=[ItemFactory().pk])
    if name == "delivery_detail":
        return reverse("distribution:delivery_detail", args=[DeliveryRequestFactory().pk])
    if name == "run_sheet":
        return reverse("distribution:run_sheet", args=[timezone.localdate().isoformat()])
    return reverse(f"distribution:{name}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_role_opens_only_its_pages(name, role, request):
    client = request.getfixturevalue(f"as_{role}")

    response = client.get(_url(name))

    expected = 200 if role in PAGES[name] else 403
    assert response.status_code == expected, (name, role)


@pytest.mark.django_db
def test_a_lead_cannot_mark_a_drivers_delivery(as_lead, driver):
    delivery = DeliveryRequestFactory(driver=driver, status="assigned")

    response = as_lead.post(reverse("distribution:delivery_delivered", args=[delivery.pk]))

    assert response.status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == "assigned"
