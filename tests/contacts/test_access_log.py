"""The append-only access log of who viewed or exported a contact's personal data."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from contacts.models import ContactAccess
from contacts.services import contact_access_record
from tests.contacts.queries import assert_fixed_queries
from tests.factories.contacts import ContactFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_to_change_or_delete_an_access_line(investigator):
    access = contact_access_record(
        contact=ContactFactory(name="Rosa"), by=investigator, action=ContactAccess.Action.VIEWED
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        ContactAccess.objects.filter(pk=access.pk).update(action=ContactAccess.Action.EXPORTED)
    with pytest.raises(DatabaseError), transaction.atomic():
        ContactAccess.objects.filter(pk=access.pk).delete()
    assert ContactAccess.objects.get().action == ContactAccess.Action.VIEWED


def test_only_a_coordinator_reads_the_access_log(as_coordinator, as_investigator):
    assert as_investigator.get(reverse("contacts:access_log")).status_code == 403
    assert as_coordinator.get(reverse("contacts:access_log")).status_code == 200


def test_the_access_log_runs_a_fixed_number_of_queries(as_coordinator, investigator):
    contact = ContactFactory(name="Rosa")

    def add_rows(n):
        for _ in range(n):
            contact_access_record(contact=contact, by=investigator, action="viewed")

    assert_fixed_queries(as_coordinator, reverse("contacts:access_log"), add_rows=add_rows, pin=10)


def test_a_coordinator_sees_who_opened_a_contact(as_coordinator, investigator):
    contact = ContactFactory(name="Rosa")
    contact_access_record(contact=contact, by=investigator, action="exported")
    response = as_coordinator.get(reverse("contacts:detail", args=[contact.pk]))
    assert [a.accessed_by for a in response.context["accesses"]] == [
        response.wsgi_request.user,
        investigator,
    ]
