"""The dashboard's committee panels: my action items, my next meetings, and for a lead the
overdue items of their groups; a fixed number of queries whatever the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Body
from tests.factories.committees import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def panel(response, template):
    (found,) = [p for p in response.context["panels"] if p.template == template]
    return found.context


def test_a_member_sees_their_action_items_with_the_overdue_flagged(as_driver, delivery, driver):
    today = timezone.localdate()
    late = ActionItemFactory(group=delivery, assignee=driver, title="Map the routes",
                             due_on=today - timedelta(days=1))  # fmt: skip
    soon = ActionItemFactory(group=delivery, assignee=driver, due_on=today + timedelta(days=2))
    response = as_driver.get(reverse("dashboard:home"))
    context = panel(response, "committees/panels/my_action_items.html")
    assert context["items"] == [late, soon]
    assert [item.late for item in context["items"]] == [True, False]
    assert "Map the routes" in response.text
    assert "overdue" in response.text


def test_a_member_sees_their_next_meetings_and_the_calendar_link(as_driver, delivery):
    meeting = MeetingFactory(group=delivery, starts_at=timezone.now() + timedelta(days=2))
    response = as_driver.get(reverse("dashboard:home"))
    assert panel(response, "committees/panels/my_meetings.html")["meetings"] == [meeting]
    assert reverse("dashboard:calendar") in response.text


def test_a_lead_sees_whats_overdue_in_their_groups(as_lead, delivery, outreach, driver, member):
    yesterday = timezone.localdate() - timedelta(days=1)
    late = ActionItemFactory(group=delivery, assignee=driver, due_on=yesterday)
    ActionItemFactory(group=outreach, assignee=member, due_on=yesterday)
    response = as_lead.get(reverse("dashboard:home"))
    assert panel(response, "committees/panels/overdue_in_my_groups.html")["items"] == [late]


def test_the_dashboard_runs_a_fixed_number_of_queries(as_lead, delivery, lead, driver, queries):
    yesterday = timezone.localdate() - timedelta(days=1)
    soon = timezone.now() + timedelta(days=2)

    def add(n):
        for _ in range(n):
            ActionItemFactory(group=delivery, assignee=lead, due_on=yesterday)
            ActionItemFactory(group=delivery, assignee=driver, due_on=yesterday)
            MeetingFactory(body=Body.GENERAL_BODY, starts_at=soon)

    add(2)
    # committees (action items, meetings, overdue), sites of struggle, the latest summation,
    # and distribution's (tonight's serve, low stock, requests waiting for a driver)
    small = queries(as_lead, reverse("dashboard:home"), 12)
    add(28)
    assert queries(as_lead, reverse("dashboard:home"), 12) == small
