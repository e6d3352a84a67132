"""Journey 4: a general body member opens the latest summation from the home page on a phone,
reads it, comments and downloads the PDF; then, at the general body meeting, a coordinator on a
laptop records the vote adopting it (sent first without the reasoning: the error shows next to
the field and the votes stay as cast) and marks the summation adopted.

Adoption here uses what main has: the committees decision on the meeting's "Adopt the summation
of week N" agenda item, then the summation page's present and adopt buttons."""

import re
import subprocess

import pytest

from committees.models import Decision
from summations.models import Summation
from tests.browser.conftest import DESKTOP, nav_to, open_menu
from tests.browser.journeys.steps import (
    arrive,
    error_next_to,
    fits_the_width,
    screenshots,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_reads_the_summation_and_a_coordinator_marks_it_adopted(
    browser_page, live_server, member, coordinator, summation, general_body_meeting, tmp_path
):
    page = browser_page
    week_link = f"Week {summation.week} of {summation.year}"
    heading = f"Summation, week {summation.week} of {summation.year}"

    # The member, on a phone: home page → the summation panel → the summation.
    sign_in(page, live_server, member)
    page.get_by_role("link", name=week_link).click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    arrive(page)
    assert page.locator("h1").inner_text() == heading
    assert page.locator(".summation-status .badge").first.inner_text() == "Draft"
    assert page.locator("#figures .figure").count() >= 6
    assert page.get_by_role("button", name="Mark as presented to the general body").count() == 0
    assert fits_the_width(page)
    screenshots(page, "journey4-summation")

    # All summations, then back to the latest.
    page.get_by_role("link", name="All summations").click()
    page.wait_for_url("**/summations/")
    arrive(page)
    assert page.locator("tbody tr").first.locator("a").inner_text() == week_link
    screenshots(page, "journey4-summation-list")
    page.get_by_role("link", name=week_link).click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    arrive(page)

    # A comment for the general body.
    page.get_by_label("Your comment").fill("Can we count the deliveries too?")
    page.get_by_role("button", name="Send comment").click()
    page.wait_for_url(f"**/summations/{summation.pk}/#comments")
    arrive(page)
    assert (
        page.locator("#comments .comment").inner_text().endswith("Can we count the deliveries too?")
    )

    # The PDF, to print for the meeting. Chromium opens it in its own viewer (the response
    # body Playwright sees is the viewer's page), so the file is fetched again with the same
    # session to read it.
    pdf_link = page.get_by_role("link", name="PDF in English")
    href = pdf_link.get_attribute("href")
    with page.expect_response(lambda r: r.url.endswith(href)) as response_info:
        pdf_link.click()
    response = response_info.value
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    assert (
        f'filename="summation-{summation.period}-en.pdf"' in response.headers["content-disposition"]
    )
    pdf = tmp_path / "summation.pdf"
    pdf.write_bytes(page.context.request.get(live_server.url + href).body())
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"week {summation.week} of {summation.year}" in text
    page.go_back()
    page.wait_for_url(f"**/summations/{summation.pk}/#comments")

    # The coordinator, on a laptop at the meeting.
    open_menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, coordinator)
    page.get_by_role("link", name="General body: Weekly general body").click()
    page.wait_for_url(f"**/committees/meetings/{general_body_meeting.pk}/")
    arrive(page)
    screenshots(page, "journey4-meeting")
    page.get_by_role("link", name="Votes and decision").click()
    page.wait_for_url("**/committees/agenda/*/decide/")
    arrive(page)
    votes = page.locator("select[name^=vote_]")
    assert votes.count() == 4
    for i in range(3):
        votes.nth(i).select_option("for")
    votes.nth(3).select_option("abstain")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()
    arrive(page)
    assert error_next_to(page, "id_reasoning") == "This field is required."
    assert [votes.nth(i).input_value() for i in range(4)] == ["for", "for", "for", "abstain"]
    screenshots(page, "journey4-decision-error")
    page.get_by_label("Reasoning").fill("The figures match what the groups reported.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"**/committees/meetings/{general_body_meeting.pk}/")
    arrive(page)
    assert page.get_by_text("The decision is recorded in the decision log.").is_visible()
    decision = Decision.objects.get(meeting=general_body_meeting)
    assert (decision.outcome, decision.votes_for, decision.votes_abstain) == ("adopted", 3, 1)

    # The summation: presented, then adopted.
    nav_to(page, "Summations")
    page.wait_for_url("**/summations/")
    arrive(page)
    page.get_by_role("link", name=week_link).click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    arrive(page)
    page.get_by_role("button", name="Mark as presented to the general body").click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    arrive(page)
    page.get_by_role("button", name="Mark as adopted by the general body").click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    arrive(page)
    assert page.get_by_text("Marked as adopted by the general body.").is_visible()
    assert page.locator(".summation-status .badge").first.inner_text() == "Adopted"
    screenshots(page, "journey4-summation-adopted")
    summation.refresh_from_db()
    assert (summation.state, summation.adopted_by) == (Summation.State.ADOPTED, coordinator)
