"""Forgetting a contact (by hand, logged) and the nightly retention job."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contacts.factories import ContactFactory, development_level
from contacts.models import Contact, ContactAccess, Conversation, RetentionRun
from contacts.services import (
    contact_assess,
    contact_forget,
    contacts_purge_inactive,
    conversation_record,
)
from investigation.factories import BaseAreaFactory, category
from investigation.models import Grievance
from investigation.services import grievance_record

pytestmark = pytest.mark.django_db


def _contact_with_history(investigator, area):
    contact = ContactFactory(
        name="Rosa",
        phone="617-555-0142",
        address="12 Maverick St",
        notes="nights",
        dietary_needs="diabetic",
        household_size=4,
        base_area=area,
    )
    conversation_record(
        contact=contact,
        by=investigator,
        channel="serve",
        summary="Heat is out",
        follow_up_due=timezone.localdate(),
    )
    contact_assess(
        contact=contact, level=development_level("Advanced"), by=investigator, reason="leader"
    )
    grievance_record(by=investigator, base_area=area, category=category(), contact=contact)
    return contact


def test_forgetting_erases_personal_data_and_keeps_the_grievance_counts(investigator):
    area = BaseAreaFactory(name="Maverick Sq")
    contact = _contact_with_history(investigator, area)
    contact_forget(contact=contact, by=investigator)

    contact.refresh_from_db()
    assert contact.forgotten_at is not None
    assert (contact.name, contact.phone, contact.phone_hash, contact.address, contact.notes) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert (contact.dietary_needs, contact.household_size) == ("", None)
    assert Conversation.objects.get(contact=contact).summary == ""
    assert contact.assessments.get().reason == ""
    assert Grievance.objects.filter(base_area=area).count() == 1
    assert not Contact.objects.with_phone("6175550142").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, address, notes FROM contacts_contact")
        assert cursor.fetchone() == ("", "", "", "")
    access = ContactAccess.objects.get(action=ContactAccess.Action.FORGOTTEN)
    assert access.accessed_by == investigator


def test_a_forgotten_contact_leaves_the_follow_up_list(investigator):
    contact = _contact_with_history(investigator, BaseAreaFactory())
    contact_forget(contact=contact, by=investigator)
    assert not Conversation.objects.follow_ups_due_for(investigator, on=timezone.localdate())


def test_the_forget_page_asks_for_confirmation(as_investigator):
    contact = ContactFactory(name="Rosa")
    response = as_investigator.post(reverse("contacts:forget", args=[contact.pk]), {})
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    contact.refresh_from_db()
    assert contact.forgotten_at is None
    response = as_investigator.post(
        reverse("contacts:forget", args=[contact.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "" and contact.forgotten_at is not None


def test_a_lead_cannot_forget_a_contact(as_lead):
    contact = ContactFactory(name="Rosa")
    response = as_lead.post(reverse("contacts:forget", args=[contact.pk]), {"confirm": "on"})
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Rosa"


def _idle(contact, months):
    Contact.objects.filter(pk=contact.pk).update(
        last_activity_at=timezone.now() - timedelta(days=31 * months)
    )


def test_retention_forgets_contacts_idle_longer_than_the_setting(settings, investigator):
    settings.CONTACT_RETENTION_MONTHS = 12
    idle = ContactFactory(name="Idle", phone="617-555-0001")
    recent = ContactFactory(name="Recent")
    _idle(idle, 13)
    _idle(recent, 11)
    run = contacts_purge_inactive()
    assert run.purged == 1
    idle.refresh_from_db()
    recent.refresh_from_db()
    assert (idle.name, idle.phone) == ("", "")
    assert recent.name == "Recent"


def test_retention_runs_once_a_day(settings):
    settings.CONTACT_RETENTION_MONTHS = 6
    _idle(ContactFactory(name="Idle"), 7)
    first = contacts_purge_inactive()
    _idle(ContactFactory(name="Idle too"), 7)
    second = contacts_purge_inactive()
    assert second.pk == first.pk and second.purged == 1
    assert RetentionRun.objects.count() == 1
    assert Contact.objects.get(name="Idle too").forgotten_at is None


def test_a_conversation_keeps_a_contact_from_retention(settings, investigator):
    settings.CONTACT_RETENTION_MONTHS = 12
    contact = ContactFactory(name="Rosa")
    _idle(contact, 13)
    conversation_record(contact=contact, by=investigator, channel="phone", summary="called")
    assert contacts_purge_inactive().purged == 0


def test_the_retention_job_is_scheduled_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["forget-inactive-contacts"]
    assert entry["task"] == "contacts.tasks.forget_inactive_contacts"


@pytest.mark.django_db(transaction=True)
def test_the_retention_task_runs_on_a_real_worker(celery_worker, settings):
    from contacts.tasks import forget_inactive_contacts

    settings.CONTACT_RETENTION_MONTHS = 12
    contact = ContactFactory(name="Idle")
    _idle(contact, 14)
    forget_inactive_contacts.delay()
    deadline = time.monotonic() + 20
    while not RetentionRun.objects.filter(finished_at__isnull=False).exists():
        assert time.monotonic() < deadline, "the worker did not run the task"
        time.sleep(0.1)
    contact.refresh_from_db()
    assert contact.forgotten_at is not None
    assert RetentionRun.objects.get().purged == 1
