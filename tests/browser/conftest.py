"""Real Chromium (Debian's build) driven by Playwright against the app on loopback.

Every request the browser makes is recorded; a test fails if any goes to a host other than
the live server's own."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser, live_server, settings):
    """A fresh browser context at phone size; `page.foreign_requests` lists any request to a
    host other than the live server, and the test fails at teardown if there is one."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    own_host = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own_host:
            foreign.append(request.url)

    page.on("request", record)
    page.foreign_requests = foreign
    yield page
    context.close()
    assert foreign == [], f"requests to third-party hosts: {foreign}"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, live_server, email: str, password: str = "correct horse battery") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form[action$='/accounts/login/'] button[type=submit]")


AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page) -> None:
    """Run axe-core (vendored, evaluated through the DevTools protocol so the app's CSP stays
    on) and fail on any WCAG 2.2 AA violation."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        AXE_TAGS,
    )
    assert result == [], f"axe violations on {page.url}: {result}"


def open_menu(page):
    """The main menu as a user reaches it: below ~720 px it is folded behind one "Menu"
    button, which is pressed first. Returns the menu (the nav landmark)."""
    nav = page.locator("nav.site-nav")
    if nav.locator(".menu-button").is_visible() and not nav.locator("ul").is_visible():
        nav.locator(".menu-button").click()
        nav.locator("ul").wait_for(state="visible")
    return nav


def nav_to(page, link: str) -> None:
    """Follow the main menu's link named `link`, opening the folded menu first if needed."""
    open_menu(page).get_by_role("link", name=link).click()


def open_filters(page):
    """A list's filters as a user reaches them: folded behind one "Filter" control at phone
    width, which is pressed first. Returns the filter form."""
    fold = page.locator("details.filter-fold").first
    form = fold.locator("form.filters")
    if not form.is_visible():
        fold.locator("summary").click()
        form.wait_for(state="visible")
    return form


# The phone's outbox (static/js/outbox.js), read back from IndexedDB.
OUTBOX_ENTRIES = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("basework", 1);
  open.onupgradeneeded = () =>
    open.result.createObjectStore("outbox", {keyPath: "seq", autoIncrement: true});
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const all = open.result.transaction("outbox").objectStore("outbox").getAll();
    all.onsuccess = () => { open.result.close(); resolve(all.result); };
    all.onerror = () => reject(all.error);
  };
})"""


def outbox_entries(page) -> list[dict]:
    return page.evaluate(OUTBOX_ENTRIES)
