"""The phone-first shell at 360 x 740, in English and Spanish (issue 17): the menu folded into
one button, the serve page's first counter on the first screen, the quick-add shared-phone
choice, an error brought into view after a failed submit, no table wider than the phone."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from investigation.models import Grievance
from tests.browser.conftest import PHONE, screenshot
from tests.factories.accounts import UserFactory
from tests.factories.contacts import ContactFactory
from tests.factories.distribution import BagTypeFactory, ServeFactory, SiteFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, category

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "es"]


def _signed_in(page, live_server, user, language) -> None:
    """A Django test session shared with the browser, the member's language saved."""
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _in_viewport(page, selector) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
        selector,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_menu_folds_and_the_first_counter_is_on_the_first_screen(
    browser_page, live_server, language
):
    page = browser_page
    coordinator = UserFactory(email="cora@example.org", is_coordinator=True)
    ServeFactory(site=SiteFactory(name="Central Square"), date=timezone.localdate())
    for n, name in enumerate(("Groceries", "No-cook bag", "Hygiene kit"), start=1):
        BagTypeFactory(name=name, sort_order=n)
    _signed_in(page, live_server, coordinator, language)
    page.goto(f"{live_server.url}{reverse('distribution:serve_today')}")
    page.wait_for_selector("[data-serve]")
    assert page.get_attribute("html", "lang") == language

    menu = page.locator("#site-menu")
    assert not menu.is_visible()  # folded: one button
    button = page.locator(".menu-button")
    assert button.is_visible()
    assert button.inner_text() == {"en": "Menu", "es": "Menú"}[language]
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 80, header
    counter = page.locator("form[data-counter] button").first.bounding_box()
    assert counter["y"] >= 0 and counter["y"] + counter["height"] <= PHONE["height"], counter
    screenshot(page, f"shell-serve-folded-{language}")

    button.click()  # opens without JavaScript's help: a checkbox and CSS
    assert menu.is_visible()
    assert menu.locator("a").count() >= 6
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"shell-serve-menu-open-{language}")
    button.click()
    assert not menu.is_visible()


def test_the_menu_opens_without_javascript(browser, live_server):
    """A phone with JavaScript off still reaches every page: the checkbox and CSS do it."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        _signed_in(page, live_server, UserFactory(email="cora@example.org", is_coordinator=True),
                   "en")  # fmt: skip
        page.goto(f"{live_server.url}/")
        assert not page.locator("#site-menu").is_visible()
        page.locator(".menu-button").click()
        page.locator("#site-menu").get_by_role("link", name="Contacts").click()
        page.wait_for_url("**/contacts/")
        assert page.locator("h1").inner_text() == "Contacts"
    finally:
        context.close()


def test_the_menu_is_unfolded_on_a_wide_screen(browser_page, live_server):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    _signed_in(page, live_server, UserFactory(email="cora@example.org", is_coordinator=True), "en")
    page.goto(f"{live_server.url}/")
    assert page.locator("#site-menu").is_visible()
    assert not page.locator(".menu-button").is_visible()
    assert not page.locator(".menu-toggle").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filters_fold_behind_one_control_that_counts_those_set(
    browser_page, live_server, language
):
    page = browser_page
    lead = UserFactory(email="lena@example.org", is_lead=True)
    UserFactory(email="dana@example.org", display_name="Dana", is_driver=True)
    _signed_in(page, live_server, lead, language)
    page.goto(f"{live_server.url}{reverse('distribution:delivery_board')}")
    fold = page.locator("details.filter-fold")
    # The board opens on what is still to deliver: that one is set already, and says so.
    summary = fold.locator("summary")
    assert summary.inner_text() == {"en": "Filter (1 set)", "es": "Filtrar (1 activo)"}[language]
    assert not fold.locator("form.filters").is_visible()
    assert page.locator("h1").bounding_box()["y"] < 200  # the list, not the filters, first
    summary.click()
    form = fold.locator("form.filters")
    assert form.is_visible()
    form.locator("select[name=driver]").select_option(label="Dana")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/deliveries/?*")
    two_set = {"en": "Filter (2 set)", "es": "Filtrar (2 activos)"}[language]
    assert page.locator("details.filter-fold summary").inner_text() == two_set
    assert not page.locator("details.filter-fold form.filters").is_visible()
    screenshot(page, f"shell-delivery-board-filters-folded-{language}")
    page.set_viewport_size({"width": 1280, "height": 900})  # room enough: shown unfolded
    assert page.locator("details.filter-fold form.filters").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_add_with_a_shared_phone_asks_and_files_nothing_until_answered(
    browser_page, live_server, language
):
    page = browser_page
    investigator = UserFactory(email="ines@example.org", is_investigator=True)
    area = BaseAreaFactory(name="Maverick Square")
    luis = ContactFactory(name="Luis (abuela)", phone="617-555-0142", base_area=area)
    repairs = category("Repairs")
    _signed_in(page, live_server, investigator, language)
    page.goto(f"{live_server.url}/contacts/quick-add/?serve=7")
    page.fill("#id_name", "Rosa")
    page.fill("#id_phone", "617 555 0142")
    page.select_option("#id_base_area", str(area.pk))
    page.fill("#id_summary", "Heat out, shares the phone with her grandmother")
    page.select_option("#id_g1_category", str(repairs.pk))
    page.click("form.quick-add > button[type=submit]")
    page.wait_for_selector("#phone-on-file")
    assert page.get_attribute("html", "lang") == language

    assert Grievance.objects.count() == 0 and Contact.objects.count() == 1  # nothing filed
    assert _in_viewport(page, "#phone-on-file")  # the question is where the eye is
    question = page.locator("#phone-on-file").inner_text()
    assert "Luis" in question and "abuela" not in question  # first name only
    assert page.input_value("#id_name") == "Rosa"  # what was typed is kept
    assert page.input_value("#id_summary").startswith("Heat out")
    screenshot(page, f"quick-add-shared-phone-{language}")

    page.check("#phone-on-file input[value=new]")
    page.click("#phone-on-file button[type=submit]")
    page.wait_for_selector(".messages")
    rosa = Contact.objects.exclude(pk=luis.pk).get()
    assert (rosa.name, rosa.shares_phone, rosa.phone_hash) == ("Rosa", True, luis.phone_hash)
    assert Grievance.objects.get().contact == rosa


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_error_far_down_the_form_is_brought_into_view(browser_page, live_server, language):
    page = browser_page
    investigator = UserFactory(email="ines@example.org", is_investigator=True)
    _signed_in(page, live_server, investigator, language)
    page.goto(f"{live_server.url}/contacts/quick-add/")
    page.fill("#id_name", "Rosa")
    page.fill("#id_g2_description", "The landlord shouts at the children")  # no category
    page.click("form.quick-add > button[type=submit]")
    page.wait_for_selector(".field-invalid")
    assert page.get_attribute("html", "lang") == language
    page.wait_for_function("window.scrollY > 0")
    assert _in_viewport(page, ".field-invalid")
    assert page.evaluate("document.activeElement.id") == "id_g2_category"
    assert page.input_value("#id_g2_description").startswith("The landlord")
    screenshot(page, f"quick-add-error-in-view-{language}")


JOURNEY_PAGES = [
    "dashboard:home",
    "contacts:list",
    "investigation:grievance_list",
    "investigation:sites_of_struggle",
    "distribution:serve_list",
    "distribution:delivery_board",
    "committees:decision_log",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_table_is_wider_than_the_phone(browser_page, live_server, language):
    page = browser_page
    coordinator = UserFactory(email="cora@example.org", is_coordinator=True)
    area = BaseAreaFactory(name="Maverick Square Apartments and the blocks behind them")
    landlord = AntagonistFactory(name="Harborview Property Management Incorporated")
    for n in range(3):
        contact = ContactFactory(name=f"Rosalinda Esperanza {n}", base_area=area)
        Grievance.objects.create(
            contact=contact,
            base_area=area,
            antagonist=landlord,
            category=category("Repairs"),
            description="No heat",
        )
    ServeFactory(site=SiteFactory(name="Central Square by the library steps"))
    _signed_in(page, live_server, coordinator, language)
    widths = {}
    for name in JOURNEY_PAGES:
        page.goto(f"{live_server.url}{reverse(name)}")
        assert page.get_attribute("html", "lang") == language
        widths[name] = page.evaluate(
            """() => Math.max(document.documentElement.scrollWidth, ...[
              ...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right))"""
        )
        screenshot(page, f"table-{name.replace(':', '-')}-{language}")
        filters = page.locator("details.filter-fold")
        if filters.count():  # folded behind one control
            assert not page.locator("details.filter-fold .filters").is_visible()
    assert all(width <= PHONE["width"] for width in widths.values()), widths
