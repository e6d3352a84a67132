"""Journey 1: an organizer at the folding table, on a 360×740 phone, opens tonight's serve,
taps the counters for households and bag types, checks in a volunteer who signed up, adds a
contact met at the table with a grievance (quick add, linked from the serve page; sent first
without a base area: the error shows next to the field and everything typed stays), then
closes the serve."""

import pytest
from playwright.sync_api import expect

from contacts.models import Contact
from distribution.models import Serve, Shift
from investigation.models import Grievance
from tests.browser.conftest import nav_to
from tests.browser.journeys.steps import (
    arrive,
    error_next_to,
    fits_the_width,
    screenshots,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def tap(page, counter: str) -> None:
    page.locator(f"form[data-counter='{counter}'] button").click()


def total(page, counter: str) -> str:
    return page.locator(f"form[data-counter='{counter}'] [data-total]").inner_text()


def test_an_organizer_runs_tonights_serve_on_a_phone(
    browser_page, live_server, organizer, tonight, investigation
):
    page = browser_page
    serve, groceries, no_cook, ana = (
        tonight["serve"],
        tonight["groceries"],
        tonight["no_cook"],
        tonight["ana"],
    )
    maverick = investigation["maverick"]

    sign_in(page, live_server, organizer)
    nav_to(page, "Serves")
    page.wait_for_url("**/distribution/serves/")
    arrive(page)
    page.get_by_role("link", name="Tonight's serve").click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/")
    arrive(page)
    assert page.locator("h1").inner_text() == "Central Square"
    assert fits_the_width(page)
    screenshots(page, "journey1-serve")

    # Three households, four bags.
    for counter in ("household_new", "household_new", "household_returning"):
        tap(page, counter)
    for bag in (groceries, groceries, groceries, no_cook):
        tap(page, f"bag:{bag.pk}")
    expect(page.locator("[data-sync-status]")).to_have_attribute("data-pending", "0")
    expect(page.locator("[data-households]")).to_have_text("3")
    assert total(page, f"bag:{groceries.pk}") == "3"
    assert serve.taps.all().totals() == {
        "household_new": 2,
        "household_returning": 1,
        f"bag:{groceries.pk}": 3,
        f"bag:{no_cook.pk}": 1,
    }
    arrive(page)  # after the taps, with the status line filled in
    screenshots(page, "journey1-serve-tapped")

    # Ana signed up for tonight: she arrives.
    volunteer = page.locator(".shift-list li").filter(has_text="Ana")
    volunteer.get_by_role("button", name="Check in").click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/")
    arrive(page)
    expect(page.locator(".shift-list li").filter(has_text="Ana")).to_contain_text("in since")
    assert Shift.objects.get(serve=serve, volunteer=ana).checked_in_at is not None

    # Someone at the table has a grievance: quick add, from the serve page.
    page.get_by_role("link", name="Add a contact met here").click()
    page.wait_for_url(f"**/contacts/quick-add/?serve={serve.pk}")
    arrive(page)
    page.get_by_label("Name or nickname").fill("Carmen")
    page.get_by_label("Phone").fill("617-555-0142")
    page.get_by_label("They agreed to be contacted").check()
    page.get_by_label("Spanish").check()
    page.get_by_label("What you talked about").fill("No heat for two weeks; neighbours too")
    page.locator("#id_g1_category").select_option(str(investigation["repairs"].pk))
    page.locator("#id_g1_antagonist").fill("Harborview Property Management")
    page.locator("#id_g1_description").fill("Boiler out since the 3rd")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    arrive(page)
    assert error_next_to(page, "id_base_area").startswith("A grievance needs a base area.")
    kept = {
        "#id_name": "Carmen",
        "#id_phone": "617-555-0142",
        "#id_summary": "No heat for two weeks; neighbours too",
        "#id_g1_category": str(investigation["repairs"].pk),
        "#id_g1_antagonist": "Harborview Property Management",
        "#id_g1_description": "Boiler out since the 3rd",
    }
    assert {field: page.locator(field).input_value() for field in kept} == kept
    assert page.get_by_label("They agreed to be contacted").is_checked()
    assert page.get_by_label("Spanish").is_checked()
    screenshots(page, "journey1-quick-add-error")
    page.get_by_label("Base area").select_option(str(maverick.pk))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/contacts/quick-add/?serve={serve.pk}")
    arrive(page)
    assert page.get_by_text("Carmen recorded with 1 grievance.").is_visible()
    carmen = Contact.objects.get(name="Carmen")
    assert list(Grievance.objects.filter(contact=carmen).values_list("base_area", flat=True)) == [
        maverick.pk
    ]

    # Back to the serve, and close it.
    nav_to(page, "Serves")
    page.wait_for_url("**/distribution/serves/")
    page.get_by_role("link", name="Tonight's serve").click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/")
    assert page.locator("[data-households]").inner_text() == "3"
    page.get_by_role("link", name="Close this serve").click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/close/")
    arrive(page)
    assert "Households: 3 (2 new, 1 returning)" in page.locator("main").inner_text()
    screenshots(page, "journey1-close")
    page.get_by_role("button", name="Close the serve").click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/")
    arrive(page)
    assert page.get_by_text(
        "Serve closed. Its counts are locked and stock is updated."
    ).is_visible()
    assert page.get_by_text("Closed: counts are locked").is_visible()
    assert page.locator(f"form[data-counter='bag:{groceries.pk}'] button").is_disabled()
    screenshots(page, "journey1-serve-closed")
    serve.refresh_from_db()
    assert serve.status == Serve.Status.CLOSED
