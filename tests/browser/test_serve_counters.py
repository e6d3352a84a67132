"""An organizer at the folding table, on a 360 px phone: tonight's serve, big counters, two
phones tapping at once, and taps that fail to send kept and sent again."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from distribution.models import Tap
from tests.browser.conftest import PHONE, outbox_entries, screenshot, sign_in
from tests.factories.accounts import UserFactory
from tests.factories.distribution import BagTypeFactory, ServeFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _all_sent(page, timeout=20_000):
    expect(page.locator("[data-sync-status]")).to_have_attribute(
        "data-pending", "0", timeout=timeout
    )


@pytest.fixture
def tonight():
    serve = ServeFactory(site=SiteFactory(name="Central Square"), date=timezone.localdate())
    bags = [
        BagTypeFactory(name="Groceries", sort_order=1),
        BagTypeFactory(name="No-cook bag", sort_order=2),
        BagTypeFactory(name="Hygiene kit", sort_order=3),
    ]
    return serve, bags


def _open_tonight(page, live_server, email):
    sign_in(page, live_server, email)
    page.goto(f"{live_server.url}/distribution/serves/today/")
    page.wait_for_selector("[data-serve]")


def _tap(page, counter_key):
    page.click(f"form[data-counter='{counter_key}'] button")


def test_two_phones_log_50_households_in_three_bag_types_without_losing_a_count(
    browser, browser_page, live_server, tonight
):
    serve, bags = tonight
    UserFactory(email="ana@example.org", display_name="Ana")
    UserFactory(email="ben@example.org", display_name="Ben")
    phone_a = browser_page
    context_b = browser.new_context(viewport=PHONE)
    phone_b = context_b.new_page()
    try:
        _open_tonight(phone_a, live_server, "ana@example.org")
        _open_tonight(phone_b, live_server, "ben@example.org")

        # The page fits the phone: no sideways scrolling, counters big enough to hit.
        assert phone_a.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        box = phone_a.locator("form[data-counter='household_new'] button").bounding_box()
        assert box["height"] >= 88 and box["width"] >= 140

        for n in range(25):  # each phone: 25 households, each with one bag
            for page in (phone_a, phone_b):
                _tap(page, "household_new" if n % 4 == 0 else "household_returning")
                _tap(page, f"bag:{bags[n % 3].pk}")
        for page in (phone_a, phone_b):
            _all_sent(page)
        expect(phone_a.locator("[data-households]")).to_have_text("50", timeout=15_000)
        screenshot(phone_a, "serve-two-phones-50-households")

        totals = serve.taps.all().totals()
        assert totals["household_new"] + totals["household_returning"] == 50
        assert totals["household_new"] == 14
        assert [totals[f"bag:{bag.pk}"] for bag in bags] == [18, 16, 16]
        # Each phone shows the other's taps too (the page polls the live totals).
        expect(phone_b.locator("[data-households]")).to_have_text("50", timeout=15_000)
        shown = phone_b.locator(f"form[data-counter='bag:{bags[0].pk}'] [data-total]")
        assert shown.text_content() == "18"
    finally:
        context_b.close()


def test_a_tap_that_fails_to_send_is_kept_on_the_phone_said_plainly_and_sent_again(
    browser_page, live_server, tonight
):
    serve, bags = tonight
    UserFactory(email="ana@example.org", display_name="Ana")
    page = browser_page
    _open_tonight(page, live_server, "ana@example.org")

    page.context.set_offline(True)
    for _ in range(3):
        _tap(page, "household_returning")
    _tap(page, f"bag:{bags[1].pk}")
    expect(page.locator("[data-sync-status]")).to_have_attribute("data-pending", "4")
    status = page.locator("[data-sync-status]").text_content()
    assert "Taps not sent yet: 4." in status
    kept = outbox_entries(page)  # in IndexedDB, oldest first, each with its own key
    assert [entry["counter"] for entry in kept] == ["household_returning"] * 3 + [
        f"bag:{bags[1].pk}"
    ]
    assert len({entry["key"] for entry in kept}) == 4
    expect(page.locator("[data-outbox-status]")).to_have_text("Offline · 4 waiting")
    assert (
        page.locator("form[data-counter='household_returning'] [data-total]").text_content() == "3"
    )
    screenshot(page, "serve-offline-taps-kept")
    assert Tap.objects.count() == 0

    page.context.set_offline(False)
    _all_sent(page, timeout=40_000)

    assert serve.taps.all().totals() == {"household_returning": 3, f"bag:{bags[1].pk}": 1}
    assert "All taps sent." in page.locator("[data-sync-status]").text_content()
    expect(page.locator("[data-outbox-status]")).to_have_text("All sent")
    assert outbox_entries(page) == []


def test_undo_takes_back_the_last_tap_from_this_phone(browser_page, live_server, tonight):
    serve, bags = tonight
    UserFactory(email="ana@example.org", display_name="Ana")
    page = browser_page
    _open_tonight(page, live_server, "ana@example.org")

    _tap(page, "household_new")
    _tap(page, f"bag:{bags[2].pk}")
    _all_sent(page)
    page.click("form[data-undo] button")
    expect(page.locator("[data-undo-status]")).to_contain_text("Took back")

    assert serve.taps.all().totals() == {"household_new": 1}
    assert page.locator(f"form[data-counter='bag:{bags[2].pk}'] [data-total]").text_content() == "0"


def test_taps_kept_on_the_phone_survive_a_reload_and_a_server_error(
    browser_page, live_server, tonight
):
    serve, bags = tonight
    UserFactory(email="ana@example.org", display_name="Ana")
    page = browser_page
    _open_tonight(page, live_server, "ana@example.org")
    page.route("**/tap/", lambda route: route.fulfill(status=502, body="Bad gateway"))

    _tap(page, "household_new")
    _tap(page, f"bag:{bags[0].pk}")
    expect(page.locator("[data-sync-status]")).to_have_attribute("data-pending", "2")
    page.unroute("**/tap/")
    page.reload()

    _all_sent(page, timeout=40_000)
    assert serve.taps.all().totals() == {"household_new": 1, f"bag:{bags[0].pk}": 1}
    expect(page.locator("[data-households]")).to_have_text("1")
