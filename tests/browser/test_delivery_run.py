"""A lead assigns five deliveries to a driver on the board; the driver marks them on a 360 px
phone; each address disappears as soon as the bag is delivered or could not be."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from distribution.models import DeliveryRequest, Item
from tests.browser.conftest import screenshot, sign_in
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

NAMES = ["Rosa", "Mei", "Jean", "Fatima", "Luis"]


def test_a_lead_assigns_five_and_the_driver_marks_them_on_a_phone(
    browser, browser_page, live_server
):
    UserFactory(email="lead@example.org", display_name="Luis", is_lead=True)
    UserFactory(email="driver@example.org", display_name="Dana", is_driver=True)
    rice = ItemFactory(name="Rice")
    StockInFactory(item=rice, quantity=20)
    groceries = BagTypeFactory(name="Groceries")
    BagContentFactory(bag_type=groceries, item=rice, quantity=2)
    today = timezone.localdate()
    for n, name in enumerate(NAMES):
        DeliveryRequestFactory(
            contact=ContactFactory(name=name),
            address=f"{n + 1}0 Bowdoin St",
            bag_type=groceries,
            date=today,
        )
    page = browser_page

    # The lead ticks the five requests and gives them to Dana.
    sign_in(page, live_server, "lead@example.org")
    page.goto(f"{live_server.url}/distribution/deliveries/")
    for box in page.locator("input[name=assign-selected]").all():
        box.check()
    page.select_option("select[name=assign-driver]", label="Dana")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("5 requests assigned to Dana.")
    assert "Bowdoin" not in page.content()

    # Dana opens the run on her phone and marks them.
    driver_context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = driver_context.new_page()
    try:
        sign_in(phone, live_server, "driver@example.org")
        phone.goto(f"{live_server.url}/distribution/run/")
        expect(phone.locator(".run-stop")).to_have_count(5)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(phone, "driver-run-five-stops")
        sheet = phone.request.get(f"{live_server.url}/distribution/run/{today}/sheet.pdf")
        assert sheet.headers["content-type"] == "application/pdf"

        for _ in range(4):
            phone.locator(".run-stop").first.locator("button", has_text="Delivered").click()
        last = phone.locator(".run-stop").first
        last.locator("summary").click()
        last.locator("label", has_text="Nobody answered").click()
        last.locator("button", has_text="Mark as failed").click()

        expect(phone.locator(".run-stop")).to_have_count(0)
        expect(phone.locator("main")).to_contain_text("Nothing left to deliver on this day.")
        assert "Bowdoin" not in phone.content()
        screenshot(phone, "driver-run-done")
    finally:
        driver_context.close()

    statuses = sorted(DeliveryRequest.objects.values_list("status", flat=True))
    assert statuses == ["delivered"] * 4 + ["failed"]
    assert Item.objects.with_levels().get(pk=rice.pk).level == 20 - 4 * 2
