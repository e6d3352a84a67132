"""Action items: status changes, and the daily job that reminds assignees and flags overdue
items to the group's lead, once per due date."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from committees import services
from committees.models import ActionItem
from tests.factories.accounts import UserFactory
from tests.factories.committees import ActionItemFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def test_marking_an_item_done_records_the_day(delivery, driver, lead, today):
    item = ActionItemFactory(group=delivery, assignee=driver, title="Map the routes")
    services.action_item_set_status(item=item, status="done", by=driver)
    item.refresh_from_db()
    assert (item.status, item.done_on) == (ActionItem.Status.DONE, today)
    services.action_item_set_status(item=item, status="open", by=lead)
    item.refresh_from_db()
    assert (item.status, item.done_on) == (ActionItem.Status.OPEN, None)


def test_the_daily_job_flags_an_overdue_item_to_the_groups_lead_once(delivery, driver, lead, today):
    lead.language = "en"
    lead.save()
    ActionItemFactory(
        group=delivery, assignee=driver, title="Map the routes", due_on=today - timedelta(days=2)
    )

    assert services.action_items_send_due_notices(today=today) == (0, 1)
    assert services.action_items_send_due_notices(today=today) == (0, 0)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]
    assert message.subject == "1 overdue action item"
    assert "Map the routes (Delivery) · Dana" in message.body


def test_a_new_due_date_rearms_the_overdue_flag(delivery, driver, lead, today):
    item = ActionItemFactory(group=delivery, assignee=driver, due_on=today - timedelta(days=2))
    services.action_items_send_due_notices(today=today)
    services.action_item_update(
        item=item,
        title=item.title,
        notes="",
        group=delivery,
        assignee=driver,
        due_on=today - timedelta(days=1),
        by=lead,
    )
    assert services.action_items_send_due_notices(today=today) == (0, 1)


def test_overdue_items_of_a_group_without_a_lead_go_to_the_coordinators(coordinator, today):
    group = WorkingGroupFactory(name="Collections")
    ActionItemFactory(group=group, assignee=UserFactory(), due_on=today - timedelta(days=1))
    services.action_items_send_due_notices(today=today)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_the_daily_job_reminds_the_assignee_in_their_language(delivery, driver, today):
    driver.language = "es"
    driver.save()
    ActionItemFactory(
        group=delivery, assignee=driver, title="Llamar al centro", due_on=today + timedelta(days=2)
    )
    ActionItemFactory(group=delivery, assignee=driver, due_on=today + timedelta(days=9))
    ActionItemFactory(group=delivery, assignee=driver, due_on=today, status=ActionItem.Status.DONE)

    assert services.action_items_send_due_notices(today=today) == (1, 0)
    assert services.action_items_send_due_notices(today=today) == (0, 0)

    message = mail.outbox[0]
    assert message.to == [driver.email]
    assert message.subject.startswith("Recordatorio: Llamar al centro vence")
    assert "Hola Dana," in message.body
