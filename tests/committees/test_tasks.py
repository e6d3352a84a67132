"""Emails go out through a real Celery worker after the transaction commits, each in the
recipient's language."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from committees import services, tasks
from committees.models import AgendaItem, Body
from tests.committees.conftest import hold_meeting
from tests.factories.accounts import UserFactory
from tests.factories.committees import ActionItemFactory, MembershipFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_mail(count: int, timeout: float = 15.0) -> list:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return mail.outbox


def test_the_meeting_notice_reaches_each_member_with_the_agenda_in_their_language(
    celery_worker,
):
    lead = UserFactory(display_name="Luis", language="es", is_lead=True)
    driver = UserFactory(display_name="Dana", language="en")
    group = WorkingGroupFactory(name="Delivery")
    MembershipFactory(group=group, user=lead, is_lead=True)
    MembershipFactory(group=group, user=driver)
    UserFactory(display_name="Not in the group")
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=group, by=lead, place="Elm Street")
    services.agenda_item_add(
        meeting=meeting, kind="topic", title="Routes from the new site", proposal=None,
        iso_week="", by=lead,
    )  # fmt: skip

    with transaction.atomic():
        services.meeting_send_notice(meeting=meeting, by=lead)
        assert mail.outbox == []  # nothing leaves before the commit

    messages = {m.to[0]: m for m in wait_for_mail(2)}
    assert set(messages) == {lead.email, driver.email}
    spanish, english = messages[lead.email], messages[driver.email]
    assert spanish.subject.startswith("Aviso de reunión: Delivery")
    assert "Hola Luis," in spanish.body
    assert "1. Routes from the new site" in spanish.body
    assert english.subject.startswith("Meeting notice: Delivery")
    assert "Where: Elm Street" in english.body
    assert f"/committees/meetings/{meeting.pk}/" in english.body


def test_the_general_body_notice_goes_to_every_active_member(celery_worker):
    coordinator = UserFactory(is_coordinator=True, with_totp=False)
    UserFactory()
    UserFactory(is_active=False)
    meeting = hold_meeting(body=Body.GENERAL_BODY, by=coordinator)
    services.agenda_item_add(
        meeting=meeting, kind=AgendaItem.Kind.SUMMATION_REVIEW, title="", proposal=None,
        iso_week="2026-W47", by=coordinator,
    )  # fmt: skip
    services.meeting_send_notice(meeting=meeting, by=coordinator)
    messages = wait_for_mail(2)
    assert len(messages) == 2
    assert "1. Review the summation of week 2026-W47 [Steering]" in messages[0].body


def test_a_new_assignee_hears_about_their_action_item(celery_worker):
    lead = UserFactory(is_lead=True)
    driver = UserFactory(display_name="Dana", language="en")
    group = WorkingGroupFactory(name="Delivery")
    services.action_item_create(
        title="Map the routes",
        notes="Start from Elm Street.",
        group=group,
        assignee=driver,
        due_on=timezone.localdate() + timedelta(days=3),
        meeting=None,
        decision=None,
        by=lead,
    )
    (message,) = wait_for_mail(1)
    assert message.to == [driver.email]
    assert message.subject == "New action item: Map the routes"
    assert "Start from Elm Street." in message.body


def test_the_daily_job_runs_on_the_worker(celery_worker):
    lead = UserFactory(is_lead=True)
    group = WorkingGroupFactory(name="Delivery")
    MembershipFactory(group=group, user=lead, is_lead=True)
    ActionItemFactory(group=group, due_on=timezone.localdate() - timedelta(days=1))
    tasks.send_action_item_notices.delay()
    (message,) = wait_for_mail(1)
    assert message.to == [lead.email]


def _drained(seconds: float = 1.5) -> None:
    """The queue is empty (prefetch is 1), then a moment for the last task to finish."""
    import redis
    from django.conf import settings

    queue = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    deadline = time.monotonic() + 15
    while queue.llen("celery") and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(seconds)


def test_a_notice_delivered_twice_by_the_worker_is_sent_once(celery_worker):
    lead, driver = UserFactory(is_lead=True), UserFactory()
    group = WorkingGroupFactory(name="Delivery")
    MembershipFactory(group=group, user=lead, is_lead=True)
    MembershipFactory(group=group, user=driver)
    meeting = hold_meeting(body=Body.WORKING_GROUP, group=group, by=lead)
    services.meeting_send_notice(meeting=meeting, by=lead)
    tasks.send_meeting_notice.delay(meeting.pk)  # the same message again (redelivery)

    wait_for_mail(2)
    _drained()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, driver.email])


def test_an_assignment_delivered_twice_by_the_worker_is_told_once(celery_worker):
    lead, driver = UserFactory(is_lead=True), UserFactory()
    item = services.action_item_create(
        title="Map the routes",
        notes="",
        group=WorkingGroupFactory(name="Delivery"),
        assignee=driver,
        due_on=timezone.localdate() + timedelta(days=3),
        meeting=None,
        decision=None,
        by=lead,
    )
    tasks.send_action_item_assigned.delay(item.pk)

    wait_for_mail(1)
    _drained()
    assert [m.to for m in mail.outbox] == [[driver.email]]
