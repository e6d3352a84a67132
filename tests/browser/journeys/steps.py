"""Steps the journeys share: the real sign-in (password, then a TOTP code for the roles that
need one), arriving on a page (axe-core at WCAG 2.2 AA, and the page's URL name noted for the
coverage list), screenshots at phone and desktop size, and reading back what a form kept."""

import time
from pathlib import Path
from urllib.parse import urlsplit

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import Resolver404, resolve

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, screenshot
from tests.factories.accounts import TEST_TOTP_SECRET

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


# axe files these under "best-practice", so the WCAG run skips them: every page has one main,
# one banner and one contentinfo at the top level, each landmark named apart, all content
# inside a landmark, and one h1.
LANDMARK_RULES = [
    "landmark-one-main",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-unique",
    "region",
    "page-has-heading-one",
]

# For each control the keyboard reaches: focus it (after a real Tab press, so Chromium shows
# focus as it does for a keyboard user) and read the outline it gets. WCAG 2.4.7 (focus
# visible) with 1.4.11's 3:1 for the indicator against the colour around it.
# (focus_visible.js is one function expression: Playwright calls it.)
FOCUS_SCRIPT = (Path(__file__).parent / "focus_visible.js").read_text()


def assert_focus_visible(page) -> None:
    page.keyboard.press("Tab")
    problems = page.evaluate(FOCUS_SCRIPT)
    assert problems == [], f"focus not visible on {page.url}: {problems}"


def assert_landmarks(page) -> None:
    result = page.evaluate(
        "async (rules) => (await axe.run(document, {runOnly: {type: 'rule', values: rules}}))"
        ".violations.map(v => ({id: v.id,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        LANDMARK_RULES,
    )
    assert result == [], f"landmark violations on {page.url}: {result}"


# Every table's box, right edge and width, on pages no wider than the window.
TABLES_SCRIPT = """() => [...document.querySelectorAll('main table')]
  .filter(t => t.getClientRects().length)
  .map(t => ({table: (t.querySelector('caption') || t).textContent.trim().slice(0, 60),
              right: Math.round(t.getBoundingClientRect().right)}))
  .filter(t => t.right > window.innerWidth)"""


def assert_fits_the_phone(page) -> None:
    """At phone width nothing scrolls sideways: neither the page nor any table in it (a table
    clipped inside a scrolling box hides its columns just the same)."""
    if page.viewport_size["width"] > PHONE["width"]:
        return
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    wide = page.evaluate(TABLES_SCRIPT)
    assert wide == [], f"tables wider than the phone on {page.url}: {wide}"


def arrive(page) -> None:
    """The page has loaded: check it with axe (WCAG 2.2 AA, and the landmark rules), check
    that keyboard focus is visible on every control and that nothing is wider than a phone,
    and note the page's URL name."""
    page.wait_for_load_state()
    assert_accessible(page)
    assert_landmarks(page)
    assert_focus_visible(page)
    assert_fits_the_phone(page)
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


def ranking(page) -> list[tuple[str, str, str]]:
    """(base area, antagonist, people) for each ranked site, top first (the watched sites
    below the threshold are in the second table, not here)."""
    rows = page.locator("table.ranking").first.locator("tbody tr")
    return [
        (
            row.locator("th").inner_text(),
            row.locator("td").nth(0).inner_text(),
            row.locator("td").nth(1).inner_text(),
        )
        for row in rows.all()
    ]
