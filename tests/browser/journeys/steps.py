"""Steps the journeys share: the real sign-in (password, then a TOTP code for the roles that
need one), arriving on a page (axe-core at WCAG 2.2 AA, and the page's URL name noted for the
coverage list), screenshots at phone and desktop size, and reading back what a form kept."""

import time
from urllib.parse import urlsplit

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import Resolver404, resolve

from accounts.factories import TEST_TOTP_SECRET
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, screenshot

PASSWORD = "correct horse battery"  # noqa: S105  (the factories' password)

# URL names of every page a journey checked with axe; the journeys' conftest writes them out.
PAGES_CHECKED: set[str] = set()


def totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    """The code an authenticator app shows now. A code is good for its 30 s window only (and
    only once per member): near the end of a window, wait for the next one."""
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def arrive(page) -> None:
    """The page has loaded: check it with axe and note its URL name."""
    page.wait_for_load_state()
    assert_accessible(page)
    path = urlsplit(page.url).path
    try:
        PAGES_CHECKED.add(resolve(path).view_name)
    except Resolver404:
        PAGES_CHECKED.add(path)


def sign_in(page, live_server, user, *, password: str = PASSWORD) -> None:
    """The real sign-in form, then the second factor for coordinators and investigators; ends
    on the home page."""
    page.goto(f"{live_server.url}/accounts/login/")
    arrive(page)
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.click("form[action$='/accounts/login/'] button[type=submit]")
    if user.requires_mfa:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        arrive(page)
        page.fill("input[name=code]", totp_code())
        page.click("form[action$='/accounts/2fa/authenticate/'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    arrive(page)


def switch_language(page, to: str) -> None:
    """Press the language switcher in the header ("Español" or "English")."""
    page.locator(".language-switch").get_by_role("button", name=to).click()
    page.wait_for_load_state()


def screenshots(page, name: str) -> None:
    """`name`-phone.png and `name`-desktop.png; the page goes back to the size it had."""
    size = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size(size)


def error_next_to(page, field_id: str) -> str:
    """The error text rendered in the same field group as the control `field_id`."""
    group = page.locator(".field.field-invalid").filter(has=page.locator(f"#{field_id}"))
    return group.locator(".errorlist").inner_text()


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
