"""The issue's "done when", in a real Chromium at 360 px: an investigator records a contact met at
a serve, a conversation and two grievances in one form, then sees the ranking move; a driver
cannot reach any of it."""

import time

import pytest
from django.conf import settings
from django.test import Client

from investigation.models import Grievance
from tests.browser.conftest import screenshot
from tests.factories.accounts import UserFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, category


def _signed_in(page, live_server, user) -> None:
    """Share a Django test session with the browser (the sign-in form itself, with its second
    factor, is covered by the accounts tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.django_db(transaction=True)
def test_an_investigator_records_a_serve_contact_on_a_phone_and_the_ranking_moves(
    browser_page, live_server
):
    page = browser_page
    investigator = UserFactory(email="ines@example.org", is_investigator=True)
    area = BaseAreaFactory(name="Maverick Square Apartments")
    AntagonistFactory(name="Harborview Property Management")
    repairs, rent = category("Repairs"), category("Rent")
    _signed_in(page, live_server, investigator)

    started = time.monotonic()
    page.goto(f"{live_server.url}/contacts/quick-add/?serve=7")
    page.get_by_label("Name or nickname").fill("Rosa")
    page.get_by_label("Phone").fill("617-555-0142")
    page.get_by_label("They agreed to be contacted").check()
    page.get_by_label("Spanish").check()
    page.get_by_label("Base area").select_option(str(area.pk))
    page.get_by_label("What you talked about").fill("No heat for two weeks; neighbours too")
    page.locator("#id_g1_category").select_option(str(repairs.pk))
    page.locator("#id_g1_antagonist").fill("Harborview Property Management")
    page.locator("#id_g1_severity_2").check()  # 3 · Urgent
    page.locator("#id_g2_category").select_option(str(rent.pk))
    page.locator("#id_g2_description").fill("Rent up $300 in March")
    screenshot(page, "quick-add-filled")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/contacts/quick-add/?serve=7")
    assert "Rosa recorded with 2 grievances." in page.content()
    assert time.monotonic() - started < 60

    # The page fits a 360 px phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    assert Grievance.objects.count() == 2
    page.goto(f"{live_server.url}/investigation/sites-of-struggle/?by=base_area&threshold=1")
    row = page.locator("table.ranking tbody tr").first
    assert "Maverick Square Apartments" in row.inner_text()
    assert row.locator("td").nth(1).inner_text() == "2"  # people 1, grievances 2
    screenshot(page, "sites-of-struggle")


@pytest.mark.django_db(transaction=True)
def test_a_driver_cannot_reach_the_quick_add_page(browser_page, live_server):
    page = browser_page
    driver = UserFactory(email="dana@example.org", is_driver=True)
    _signed_in(page, live_server, driver)
    response = page.goto(f"{live_server.url}/contacts/quick-add/")
    assert response.status == 403
    response = page.goto(f"{live_server.url}/investigation/grievances/")
    assert response.status == 403
