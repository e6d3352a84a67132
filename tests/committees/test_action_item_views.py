"""Action item pages: a member's own list, marking done (also through htmx), and a lead
adding and editing items for their group only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import ActionItem
from tests.factories.committees import ActionItemFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_my_open_items_by_default(as_driver, delivery, driver, lead):
    mine = ActionItemFactory(group=delivery, assignee=driver, title="Map the routes")
    ActionItemFactory(group=delivery, assignee=driver, status=ActionItem.Status.DONE)
    ActionItemFactory(group=delivery, assignee=lead)
    response = as_driver.get(reverse("committees:action_item_list"))
    assert response.context["items"] == [mine]


def test_the_list_filters_overdue_items_of_everyone(as_lead, delivery, driver, lead):
    today = timezone.localdate()
    late = ActionItemFactory(group=delivery, assignee=driver, due_on=today - timedelta(days=1))
    ActionItemFactory(group=delivery, assignee=lead, due_on=today + timedelta(days=1))
    response = as_lead.get(reverse("committees:action_item_list"), {"overdue": "on"})
    assert response.context["items"] == [late]
    assert "overdue" in response.text


def test_the_list_runs_a_fixed_number_of_queries(as_driver, delivery, driver, queries):
    for _ in range(2):
        ActionItemFactory(group=delivery, assignee=driver)
    small = queries(as_driver, reverse("committees:action_item_list"), 5)
    for _ in range(28):
        ActionItemFactory(group=delivery, assignee=driver)
    assert queries(as_driver, reverse("committees:action_item_list"), 5) == small


def test_the_assignee_marks_their_item_done_through_htmx(as_driver, delivery, driver):
    item = ActionItemFactory(group=delivery, assignee=driver, title="Map the routes")
    response = as_driver.post(
        reverse("committees:action_item_status", args=[item.pk]),
        {"status": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.strip().startswith(f'<li id="action-item-{item.pk}">')
    assert "Open again" in response.text
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE


def test_a_member_cannot_change_someone_elses_item(as_member, delivery, driver):
    item = ActionItemFactory(group=delivery, assignee=driver)
    response = as_member.post(
        reverse("committees:action_item_status", args=[item.pk]), {"status": "done"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_a_status_change_does_not_redirect_off_site(as_driver, delivery, driver):
    item = ActionItemFactory(group=delivery, assignee=driver)
    response = as_driver.post(
        reverse("committees:action_item_status", args=[item.pk]),
        {"status": "done", "next": "https://evil.example/"},
    )
    assert response["Location"] == item.get_absolute_url()


def test_a_status_change_with_a_word_for_next_goes_back_to_the_item(as_driver, delivery, driver):
    """`next` is a path, never a URL name: a word there used to answer 500."""
    item = ActionItemFactory(group=delivery, assignee=driver)
    response = as_driver.post(
        reverse("committees:action_item_status", args=[item.pk]),
        {"status": "done", "next": "a\x00b"},
    )
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()


def test_a_lead_adds_an_action_item_from_a_meeting(as_lead, delivery, driver):
    from tests.factories.committees import MeetingFactory

    meeting = MeetingFactory(group=delivery)
    due = timezone.localdate() + timedelta(days=5)
    response = as_lead.post(
        reverse("committees:action_item_create") + f"?meeting={meeting.pk}",
        {"title": "Map the routes", "assignee": driver.pk, "group": delivery.pk,
         "due_on": due.isoformat(), "notes": ""},
    )  # fmt: skip
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.meeting, item.assignee, item.due_on) == (meeting, driver, due)


def test_a_lead_cannot_attach_an_item_to_another_groups_meeting(
    as_lead, delivery, outreach, driver
):
    from tests.factories.committees import MeetingFactory

    meeting = MeetingFactory(group=outreach)
    url = reverse("committees:action_item_create") + f"?meeting={meeting.pk}"
    assert as_lead.get(url).status_code == 404
    response = as_lead.post(
        url,
        {"title": "Map the routes", "assignee": driver.pk, "group": delivery.pk,
         "due_on": "2026-12-01", "notes": ""},
    )  # fmt: skip
    assert response.status_code == 404
    assert not ActionItem.objects.exists()


def test_a_lead_cannot_add_an_item_for_another_group(as_lead, outreach, driver):
    response = as_lead.post(
        reverse("committees:action_item_create"),
        {"title": "x", "assignee": driver.pk, "group": outreach.pk, "due_on": "2026-12-01"},
    )
    assert response.status_code == 422
    assert "group" in response.context["form"].errors


def test_a_lead_gets_404_editing_another_groups_item(as_lead, outreach, member):
    item = ActionItemFactory(group=outreach, assignee=member)
    assert as_lead.get(reverse("committees:action_item_edit", args=[item.pk])).status_code == 404


def test_a_bad_due_date_is_refused_next_to_the_field(as_lead, delivery, driver):
    item = ActionItemFactory(group=delivery, assignee=driver, title="Map the routes")
    response = as_lead.post(
        reverse("committees:action_item_edit", args=[item.pk]),
        {"title": "Map the routes again", "assignee": driver.pk, "group": delivery.pk,
         "due_on": "someday"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.context["form"].errors["due_on"] == ["Enter a valid date."]
    assert "Map the routes again" in response.text


def test_the_item_page_offers_the_assignee_to_mark_it_done(as_driver, delivery, driver):
    item = ActionItemFactory(group=delivery, assignee=driver)
    response = as_driver.get(item.get_absolute_url())
    assert response.context["can_update"] is True
    assert response.context["can_manage"] is False
