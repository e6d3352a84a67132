"""Journey: an organizer, on a phone, texts turnout for a popular committee's meeting to the
consenting contacts of its site of struggle. A Spanish text too long comes back with the
error next to it and what was typed still there; the preview shows each text's segments;
the list says who is skipped and why; once sent, the page shows each text's fate (through
the real gateway client, the fake phone and a real Celery worker) and a reply, and records
who came."""

import pytest

from core.models import OutgoingText
from investigation.models import CampaignAction
from tests.browser.conftest import nav_to
from tests.browser.journeys.steps import arrive, error_next_to, fits_the_width, screenshots, sign_in
from tests.factories.texting import turnout_site
from tests.texting.conftest import (
    gateway,  # noqa: F401 (the fake phone: a fixture)
    received,
    signed,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _statuses(page) -> dict[str, str]:
    rows = page.locator("tr[data-recipient]")
    return {
        rows.nth(i).locator("td").first.inner_text(): rows.nth(i)
        .locator("[data-status]")
        .get_attribute("data-status")
        for i in range(rows.count())
    }


def _reload_until(page, statuses: dict[str, str]) -> bool:
    def settled():
        page.reload()
        return _statuses(page) == statuses

    return wait_for(settled, timeout=20)


def test_an_organizer_texts_turnout_for_a_committee_meeting_and_sees_the_statuses(
    browser_page,
    live_server,
    investigator,
    celery_worker,
    client,
    request,
):
    page = browser_page
    phone = request.getfixturevalue("gateway")
    site = turnout_site()

    sign_in(page, live_server, investigator)
    nav_to(page, "Campaigns")
    page.wait_for_url("**/investigation/campaigns/")
    arrive(page)
    page.get_by_role("link", name="Elm St Tenants").click()
    page.wait_for_url(f"**/investigation/campaigns/{site.campaign.pk}/")
    arrive(page)
    page.get_by_role("link", name="Turnout texts").click()
    page.wait_for_url(f"**/texts/turnout/actions/{site.meeting.pk}/new/")
    arrive(page)
    assert fits_the_width(page)

    page.get_by_label("What it is").fill("Tenants' meeting")
    page.get_by_label("Time").fill("19:00")
    page.get_by_label("Where").fill("Community room")
    spanish = page.get_by_label("Text in Spanish")
    default_spanish = spanish.input_value()
    too_long = "Hola {first_name}, " + "á" * 200
    spanish.fill(too_long)
    page.get_by_role("button", name="Save and review").click()
    page.wait_for_load_state()
    arrive(page)
    assert "too long" in error_next_to(page, "id_template_es")
    assert page.get_by_label("Text in Spanish").input_value() == too_long
    assert page.get_by_label("Where").input_value() == "Community room"

    page.get_by_label("Text in Spanish").fill(default_spanish)
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    arrive(page)
    previews = page.locator(".panel[lang]")
    assert previews.first.inner_text().count("Hi Ana, it's Ines") == 1
    assert page.locator("[data-segments]").first.inner_text() == "1 text message"
    screenshots(page, "turnout-preview")

    page.get_by_role("button", name="Save and review").click()
    page.wait_for_url("**/texts/turnout/*/")
    arrive(page)
    counts = page.locator("#turnout-counts")
    assert counts.locator("[data-count=textable]").inner_text() == "2"
    assert counts.locator("[data-count=opted_out]").inner_text() == "1"
    assert counts.locator("[data-count=no_consent]").inner_text() == "2"
    assert counts.locator("[data-count=no_phone]").inner_text() == "1"
    assert not OutgoingText.objects.exists()

    page.get_by_role("button", name="Send 2 texts").click()
    page.wait_for_load_state()
    arrive(page)
    assert page.get_by_text("2 texts on their way.").is_visible()
    assert _reload_until(page, {"Rosa Díaz": "sent", "Ana Lee": "sent"})
    assert len(phone.received) == 2

    # Ana answers from her phone; the phone's webhook brings it in.
    client.post("/texts/webhook/", **signed(received("ev-j1", "+16175550102", "I'll come")))
    assert _reload_until(page, {"Rosa Díaz": "sent", "Ana Lee": "replied"})
    arrive(page)
    screenshots(page, "turnout-statuses")

    page.get_by_label("Ana Lee came").check()
    page.get_by_role("button", name="Record who came").click()
    page.wait_for_load_state()
    arrive(page)
    assert page.get_by_text("Turnout recorded: 1 in all.").is_visible()
    assert CampaignAction.objects.get(pk=site.meeting.pk).turnout == 1
