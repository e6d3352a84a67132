"""The committee screens in a real Chromium at phone width: a lead records an operational
decision and finds it in the decision log; a member marks an action item done (htmx); a
steering proposal at a working group meeting is refused with the reason on the page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from committees import services
from committees.models import ActionItem, Body, Decision, Scope
from tests.browser.conftest import open_filters, screenshot, sign_in
from tests.committees.conftest import hold_meeting
from tests.factories.accounts import UserFactory
from tests.factories.committees import (
    ActionItemFactory,
    MembershipFactory,
    ProposalFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def delivery_lead():
    lead = UserFactory(email="luis@example.org", display_name="Luis", is_lead=True)
    group = WorkingGroupFactory(name="Delivery")
    MembershipFactory(group=group, user=lead, is_lead=True)
    return group, lead


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_lead_records_a_decision_and_finds_it_in_the_log(
    browser_page, live_server, delivery_lead
):
    group, lead = delivery_lead
    page = browser_page
    sign_in(page, live_server, lead.email)
    page.goto(f"{live_server.url}/committees/groups/{group.pk}/")
    page.get_by_role("link", name="Record a lead's decision").click()
    page.get_by_label("What was decided").fill("Deliveries leave from the Elm Street site at 6 pm")
    page.get_by_label("Adopted").check()
    page.get_by_label("Reasoning").fill("Drivers load after the serve closes.")
    screenshot(page, "committees-lead-decision")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url("**/committees/proposals/*/")
    assert page.get_by_text("The decision is recorded in the decision log.").is_visible()

    page.goto(f"{live_server.url}/committees/decisions/")
    filters = open_filters(page)  # folded behind one "Filter" control on a phone
    filters.get_by_label("Search").fill("site")
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/committees/decisions/?*")
    results = page.locator("ul.records > li")
    assert results.count() == 1
    assert "Deliveries leave from the Elm Street site at 6 pm" in results.first.inner_text()
    assert "Operational" in results.first.inner_text()
    assert no_horizontal_scroll(page)
    screenshot(page, "committees-decision-log")
    assert Decision.objects.get().group == group


def test_a_member_marks_an_action_item_done_in_place(browser_page, live_server, delivery_lead):
    group, _lead = delivery_lead
    member = UserFactory(email="dana@example.org", display_name="Dana")
    item = ActionItemFactory(group=group, assignee=member, title="Map the routes",
                             due_on=timezone.localdate() - timedelta(days=1))  # fmt: skip
    page = browser_page
    sign_in(page, live_server, member.email)
    assert page.get_by_role("heading", name="My action items").is_visible()
    page.goto(f"{live_server.url}/committees/action-items/")
    row = page.locator(f"#action-item-{item.pk}")
    assert "overdue" in row.inner_text()
    row.get_by_role("button", name="Mark done").click()
    page.locator(f"#action-item-{item.pk}").get_by_role("button", name="Open again").wait_for()
    assert page.url.endswith("/committees/action-items/")  # swapped in place, no reload
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    screenshot(page, "committees-action-items")


def test_a_steering_proposal_at_a_working_group_is_refused_on_the_page(
    browser_page, live_server, delivery_lead
):
    group, lead = delivery_lead
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=group, present=[lead], by=lead)
    proposal = ProposalFactory(title="Move the serve to Elm Street", scope=Scope.STEERING)
    services.agenda_item_add(
        meeting=meeting, kind="proposal", title="", proposal=proposal, iso_week="", by=lead
    )
    page = browser_page
    sign_in(page, live_server, lead.email)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Votes and decision").click()
    alert = page.get_by_role("alert")
    assert "is a steering proposal: only a general body meeting with quorum" in alert.inner_text()
    assert page.get_by_role("button", name="Record the decision").count() == 0
    assert no_horizontal_scroll(page)
    screenshot(page, "committees-refused-steering")
