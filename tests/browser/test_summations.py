"""A coordinator presses "Build now" on a phone: a real worker builds the summation while the
page polls, and the figures and PDF links appear without a reload; then polling stops."""

import time

import pytest
from django.conf import settings
from django.test import Client

from summations.models import Summation
from tests.browser.conftest import screenshot, sign_in


def _sign_in_with_session(page, live_server, user) -> None:
    """Coordinators must use a second factor at the login form; a test session skips it."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_build_now_shows_progress_then_the_figures_without_a_reload(
    browser_page, live_server, celery_worker, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    summation = Summation.objects.create(year=2026, week=46)
    Summation.objects.filter(pk=summation.pk).update(build_status=Summation.BuildStatus.FAILED)
    page = browser_page
    _sign_in_with_session(page, live_server, coordinator)
    page.goto(f"{live_server.url}/summations/{summation.pk}/")
    assert "No figures yet" in page.content()
    page.evaluate("window.stillTheSamePage = true")
    status_requests: list[str] = []
    page.on("request", lambda r: "/status/" in r.url and status_requests.append(r.url))

    page.get_by_role("button", name="Build now").click()
    page.wait_for_selector("#summation-status[hx-trigger]")  # polling
    screenshot(page, "summation-building-phone")
    page.get_by_role("link", name="PDF in Spanish").wait_for(timeout=60_000)

    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    assert status_requests, "the page polled the build status"
    assert page.locator("#figures .figure").count() >= 6
    # Nothing was recorded in the 12 weeks: no chart, and no empty chart frame.
    assert page.locator("#figures svg.trend-chart").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    polls = len(status_requests)
    time.sleep(4.5)
    assert len(status_requests) == polls  # done: polling stopped
    screenshot(page, "summation-built-phone")

    href = page.get_by_role("link", name="PDF in Spanish").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_member_reads_the_list_and_a_summation_in_spanish_on_a_phone(
    browser_page, live_server, member, settings, tmp_path
):
    from core.weeks import Week
    from summations import services

    settings.MEDIA_ROOT = tmp_path
    services.summation_build_now(week=Week(2026, 46))
    member.language = "es"
    member.save()
    page = browser_page
    sign_in(page, live_server, member.email)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Semana 46 de 2026").click()  # the dashboard panel
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Balance, semana 46 de 2026"
    assert page.get_by_role("link", name="PDF en español").count() == 1
    assert page.get_by_role("button", name="Preparar ahora").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "summation-detail-phone-es")
    page.get_by_role("link", name="Todos los balances").click()
    page.wait_for_selector("table")
    assert "Borrador" in page.locator("table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "summation-list-phone-es")


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_overview_comes_first_and_a_jump_link_opens_its_folded_section(
    browser_page, live_server, member, settings, tmp_path
):
    from core.weeks import Week
    from summations import services

    settings.MEDIA_ROOT = tmp_path
    summation = Summation.objects.get(
        pk=services.summation_build_now(week=Week(2026, 46), languages=("en",)).summation_id
    )
    page = browser_page
    sign_in(page, live_server, member.email)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/summations/{summation.pk}/")

    parts = page.locator("#figures > section")
    assert parts.first.get_attribute("class") == "overview"
    overview = page.locator(".overview")
    glance = overview.get_by_role("heading", name="The week at a glance")
    assert glance.bounding_box()["y"] < 740  # on the first screen
    assert overview.get_by_role("heading", name="What the working groups wrote").is_visible()
    sections = page.locator("details.summation-section")
    assert sections.count() >= 10
    assert page.locator("details.summation-section[open]").count() == 0  # folded
    assert not page.get_by_text("Conversations held").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "summation-overview-phone")

    page.get_by_role("navigation", name="Sections of the appendix").get_by_role(
        "link", name="Investigation"
    ).click()
    investigation = page.locator("details#section-investigation")
    investigation.locator(".figure").first.wait_for(state="visible")
    assert investigation.get_attribute("open") is not None
    assert page.get_by_text("Conversations held").is_visible()
    assert page.locator("details.summation-section[open]").count() == 1
    assert page.url.endswith("#section-investigation")
    box = investigation.locator("summary").bounding_box()
    assert 0 <= box["y"] < 740  # scrolled to it
    screenshot(page, "summation-section-opened-phone")
