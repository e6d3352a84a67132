"""The journeys share one browser (the session's); each writes the URL names of the pages it
checked with axe to test-artifacts/journeys-pages.txt for the reviewer."""

import pytest
from django.conf import settings

from tests.browser.journeys.steps import PAGES_CHECKED


@pytest.fixture(scope="session", autouse=True)
def _pages_checked_list():
    yield
    if PAGES_CHECKED:
        out = settings.BASE_DIR / "test-artifacts" / "journeys-pages.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(sorted(PAGES_CHECKED)) + "\n")


@pytest.fixture(autouse=True)
def _fail_fast(browser_page):
    """A step that cannot find its button fails in 10 s, not Playwright's default 30 s."""
    browser_page.set_default_timeout(10_000)
