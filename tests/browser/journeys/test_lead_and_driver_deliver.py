"""Journey 2: a lead at a desk (1280 wide) assigns two delivery requests to a driver (pressing
Assign first without choosing the driver: the error shows next to the field and the ticks
stay); the driver, on a phone, opens the run, marks one delivered and one failed (first without
saying why: the error shows next to the question). The delivered address is gone from the
driver's view."""

import re

import pytest
from django.utils import timezone

from distribution.models import DeliveryRequest
from tests.browser.conftest import DESKTOP, PHONE, nav_to, open_menu
from tests.browser.journeys.steps import (
    arrive,
    error_next_to,
    fits_the_width,
    screenshots,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lead_assigns_deliveries_and_the_driver_marks_them_on_a_phone(
    browser_page, live_server, lead, driver, deliveries
):
    page = browser_page
    rosa, mei, jean = deliveries
    run_today = f"**/distribution/run/{timezone.localdate().isoformat()}/"

    # The lead, at a desk.
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, lead)
    nav_to(page, "Deliveries")
    page.wait_for_url("**/distribution/deliveries/")
    arrive(page)
    screenshots(page, "journey2-delivery-board")
    page.get_by_label("Rosa", exact=False).check()
    page.get_by_label("Mei", exact=False).check()
    page.get_by_role("button", name="Assign", exact=True).click()
    page.wait_for_load_state()
    arrive(page)
    assert error_next_to(page, "id_assign-driver") == "This field is required."
    assert page.get_by_label("Rosa", exact=False).is_checked()
    assert page.get_by_label("Mei", exact=False).is_checked()
    assert not page.get_by_label("Jean", exact=False).is_checked()
    screenshots(page, "journey2-assign-error")
    page.locator("#id_assign-driver").select_option(label="Dana")
    page.get_by_role("button", name="Assign", exact=True).click()
    page.wait_for_url("**/distribution/deliveries/")
    arrive(page)
    assert page.get_by_text("2 requests assigned to Dana.").is_visible()
    assert list(
        DeliveryRequest.objects.filter(driver=driver).order_by("pk").values_list("pk", flat=True)
    ) == [rosa.pk, mei.pk]

    # The driver, on her phone.
    open_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, driver)
    nav_to(page, "My run")
    page.wait_for_url("**/distribution/run/")
    arrive(page)
    stops = page.locator(".run-stop")
    assert [stops.nth(i).locator(".address").inner_text() for i in range(stops.count())] == [
        "10 Bowdoin St, Apt 1",
        "20 Bowdoin St",
    ]
    assert fits_the_width(page)
    screenshots(page, "journey2-run")

    stops.filter(has_text="Rosa").get_by_role("button", name="Delivered").click()
    page.wait_for_url(run_today)
    arrive(page)
    assert "10 Bowdoin St" not in page.locator("main").inner_text()

    mei_stop = page.locator(".run-stop").filter(has_text="Mei")
    mei_stop.locator("summary").click()
    mei_stop.get_by_role("button", name="Mark as failed").click()
    page.wait_for_load_state()
    arrive(page)
    mei_stop = page.locator(".run-stop").filter(has_text="Mei")
    assert mei_stop.locator(".field-invalid .errorlist").inner_text() == "This field is required."
    screenshots(page, "journey2-failed-error")
    mei_stop.get_by_label("Nobody answered").check()
    mei_stop.get_by_role("button", name="Mark as failed").click()
    page.wait_for_url(run_today)
    arrive(page)

    main = page.locator("main").inner_text()
    assert "Nothing left to deliver on this day." in main
    assert "Bowdoin" not in main
    done = page.locator("main ul li").filter(has_text=re.compile("^(Rosa|Mei):"))
    assert done.all_inner_texts() == ["Rosa: Delivered", "Mei: Failed (Nobody answered)"]
    screenshots(page, "journey2-run-done")
    statuses = dict(DeliveryRequest.objects.values_list("pk", "status"))
    assert statuses == {rosa.pk: "delivered", mei.pk: "failed", jean.pk: "requested"}
