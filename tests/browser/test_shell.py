import pytest

from tests.browser.conftest import assert_accessible, screenshot, sign_in


@pytest.mark.django_db(transaction=True)
def test_a_member_signs_in_on_a_phone_and_switches_to_spanish(browser_page, live_server, driver):
    page = browser_page
    sign_in(page, live_server, driver.email)
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Hello, Dana"
    assert_accessible(page)
    screenshot(page, "shell-home-phone-en")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Hola, Dana"
    assert page.get_attribute("html", "lang") == "es"
    # The header fits a 360 px phone: nothing scrolls sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert_accessible(page)
    screenshot(page, "shell-home-phone-es")


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_keeps_the_email_typed(browser_page, live_server, driver):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    sign_in(page, live_server, driver.email, password="not it")
    page.wait_for_load_state()
    assert page.input_value("input[name=login]") == driver.email
    assert page.locator(".errorlist, [role=alert]").count() >= 1 or "not correct" in page.content()
