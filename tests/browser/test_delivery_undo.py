"""The undo of "Delivered" on a 360 x 740 phone, in English and Spanish (issue 17): the Undo
shows at the bottom edge, where the driver's thumb is, for a few seconds; it brings the stop
back with its address; a lead can still put a wrong "delivered" back on the board later."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from distribution.models import DeliveryRequest, Item, StockMovement
from tests.browser.test_phone_shell import _in_viewport, _signed_in
from tests.factories.accounts import UserFactory
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    ContactFactory,
    DeliveryRequestFactory,
    ItemFactory,
    StockInFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {"delivered": "Delivered", "undo": "Undo", "back": "Back on your run: Rosa."},
    "es": {"delivered": "Entregada", "undo": "Deshacer", "back": "De vuelta en tu ruta: Rosa."},
}


def _stops(driver):
    rice = ItemFactory(name="Rice")
    StockInFactory(item=rice, quantity=20)
    bag = BagTypeFactory(name="Groceries")
    BagContentFactory(bag_type=bag, item=rice, quantity=2)
    return rice, [
        DeliveryRequestFactory(
            contact=ContactFactory(name=name),
            driver=driver,
            status="assigned",
            address=f"{n + 1}0 Bowdoin St",
            bag_type=bag,
            date=timezone.localdate(),
            position=n,
        )
        for n, name in enumerate(["Rosa", "Mei", "Jean"])
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_delivered_by_mistake_is_undone_from_the_bottom_of_the_screen(
    browser_page, live_server, language
):
    page = browser_page
    words = WORDS[language]
    dana = UserFactory(email="dana@example.org", display_name="Dana", is_driver=True)
    rice, (rosa, mei, jean) = _stops(dana)
    _signed_in(page, live_server, dana, language)
    page.goto(f"{live_server.url}{reverse('distribution:run')}")

    page.locator(".run-stop").filter(has_text="Rosa").get_by_role(
        "button", name=words["delivered"], exact=True
    ).click()

    expect(page.locator(".run-stop")).to_have_count(2)
    bar = page.locator("[data-undo-bar]")
    expect(bar).to_be_visible()
    assert _in_viewport(page, "[data-undo-bar]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert DeliveryRequest.objects.get(pk=rosa.pk).status == "delivered"

    bar.get_by_role("button", name=words["undo"]).click()

    expect(page.locator(".messages")).to_contain_text(words["back"])
    expect(page.locator(".run-stop")).to_have_count(3)
    expect(page.locator(".run-stop").filter(has_text="Rosa")).to_contain_text("10 Bowdoin St")
    rosa.refresh_from_db()
    assert (rosa.status, rosa.address) == ("assigned", "10 Bowdoin St")
    assert Item.objects.with_levels().get(pk=rice.pk).level == 20
    assert not StockMovement.objects.filter(delivery=rosa).exists()


def test_the_undo_goes_after_a_few_seconds(browser_page, live_server, settings):
    settings.DELIVERY_UNDO_SHOWN_SECONDS = 2
    page = browser_page
    dana = UserFactory(email="dana@example.org", display_name="Dana", is_driver=True)
    _rice, (rosa, _mei, _jean) = _stops(dana)
    _signed_in(page, live_server, dana, "en")
    page.goto(f"{live_server.url}{reverse('distribution:run')}")

    page.locator(".run-stop").filter(has_text="Rosa").get_by_role(
        "button", name="Delivered", exact=True
    ).click()
    expect(page.locator("[data-undo-bar]")).to_be_visible()

    expect(page.locator("[data-undo-bar]")).to_have_count(0, timeout=6000)
    assert DeliveryRequest.objects.get(pk=rosa.pk).status == "delivered"


def test_a_lead_puts_a_wrong_delivered_back_on_the_board(browser_page, live_server):
    page = browser_page
    dana = UserFactory(email="dana@example.org", display_name="Dana", is_driver=True)
    lead = UserFactory(email="lead@example.org", display_name="Luis", is_lead=True)
    _rice, (rosa, _mei, _jean) = _stops(dana)
    DeliveryRequest.objects.filter(pk=rosa.pk).update(
        status="delivered", finished_at=timezone.now()
    )
    _signed_in(page, live_server, lead, "en")
    page.goto(f"{live_server.url}{reverse('distribution:delivery_detail', args=[rosa.pk])}")

    page.get_by_role("button", name="It was not delivered: put it back on the board").click()

    expect(page.locator(".messages")).to_contain_text("Back on the board, as not delivered.")
    rosa.refresh_from_db()
    assert (rosa.status, rosa.driver) == ("requested", None)
