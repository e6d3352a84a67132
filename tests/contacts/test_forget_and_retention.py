"""Forgetting a contact (by hand, logged) and the nightly retention job, and what both do to
the contact's delivery requests."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, ContactAccess, Conversation, RetentionRun
from contacts.services import (
    contact_assess,
    contact_forget,
    contacts_purge_inactive,
    conversation_record,
)
from distribution.models import DeliveryRequest
from investigation.models import Grievance
from investigation.services import grievance_record
from tests.factories.contacts import ContactFactory, development_level
from tests.factories.distribution import DeliveryRequestFactory
from tests.factories.investigation import BaseAreaFactory, category

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


# --- forgetting reaches the contact's delivery requests at once ------------------------------

PRIVATE = {
    "address": "41 Zenobia Terrace, Apt 9",
    "phone": "6175550173",
    "notes": "Buzzer 9, call first",
    "dietary": "No peanuts",
}


def _raw_private_columns(delivery) -> tuple:
    """What the database holds for the delivery's encrypted columns (ciphertext, or "")."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT address, phone, notes, dietary FROM distribution_deliveryrequest WHERE id = %s",
            [delivery.pk],
        )
        return cursor.fetchone()


def _deliveries_of(contact, driver) -> dict:
    today = timezone.localdate()
    return {
        "requested": DeliveryRequestFactory(contact=contact, status="requested", **PRIVATE),
        "assigned": DeliveryRequestFactory(
            contact=contact, status="assigned", driver=driver, date=today, **PRIVATE
        ),
        "out": DeliveryRequestFactory(
            contact=contact, status="out", driver=driver, date=today, **PRIVATE
        ),
        # Failed two days ago: the lead may still retry it; the erase job's rules apply.
        "failed": DeliveryRequestFactory(
            contact=contact,
            status="failed",
            driver=driver,
            date=today,
            finished_at=timezone.now() - timedelta(days=2),
            **PRIVATE,
        ),
    }


def test_forgetting_cancels_and_blanks_the_contacts_open_deliveries_at_once(investigator, driver):
    contact = ContactFactory(name="Rosa")
    deliveries = _deliveries_of(contact, driver)
    someone_else = DeliveryRequestFactory(
        contact=ContactFactory(name="Luis"), status="assigned", driver=driver, **PRIVATE
    )
    assert all(_raw_private_columns(deliveries["out"]))  # ciphertext before

    contact_forget(contact=contact, by=investigator)

    for status in ("requested", "assigned", "out"):
        delivery = DeliveryRequest.objects.get(pk=deliveries[status].pk)
        assert delivery.status == DeliveryRequest.Status.CANCELLED
        assert delivery.finished_at is not None and delivery.address_erased_at is not None
        assert delivery.version == deliveries[status].version + 1
        assert _raw_private_columns(delivery) == ("", "", "", "")
    # A finished request keeps its status and history, but what it held was sealed with the
    # contact's own key, which is gone: it reads as empty at once, though the erase job has
    # not run yet (its ciphertext is still there until then, and opens with nothing).
    failed = DeliveryRequest.objects.get(pk=deliveries["failed"].pk)
    assert failed.status == DeliveryRequest.Status.FAILED
    assert all(_raw_private_columns(failed))
    assert (failed.address, failed.phone, failed.dietary, failed.notes) == ("", "", "", "")
    # Another contact's delivery is untouched.
    someone_else.refresh_from_db()
    assert someone_else.status == DeliveryRequest.Status.ASSIGNED
    assert someone_else.address == PRIVATE["address"]


def test_after_the_forget_page_the_drivers_run_no_longer_shows_the_delivery(
    as_investigator, as_driver, driver
):
    contact = ContactFactory(name="Rosa")
    DeliveryRequestFactory(contact=contact, status="assigned", driver=driver, **PRIVATE)
    assert PRIVATE["address"] in as_driver.get(reverse("distribution:run")).content.decode()

    response = as_investigator.post(
        reverse("contacts:forget", args=[contact.pk]), {"confirm": "on"}
    )

    assert response.status_code == 302
    page = as_driver.get(reverse("distribution:run"))
    assert page["Cache-Control"] == "no-store"  # never kept by a browser or a proxy either
    html = page.content.decode()
    for value in PRIVATE.values():
        assert value not in html
    assert "Rosa" not in html
    today = timezone.localdate()
    assert not DeliveryRequest.objects.for_run(driver=driver, day=today).exists()


def test_the_retention_job_cancels_and_blanks_open_deliveries_too(settings, driver):
    settings.CONTACT_RETENTION_MONTHS = 12
    contact = ContactFactory(name="Idle")
    delivery = DeliveryRequestFactory(contact=contact, status="requested", **PRIVATE)
    _idle(contact, 13)

    assert contacts_purge_inactive().purged == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.CANCELLED
    assert _raw_private_columns(delivery) == ("", "", "", "")
