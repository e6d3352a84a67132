"""The contact list, the full contact form, the contact page and editing."""

import pytest
from django.urls import reverse

from contacts.models import Contact, ContactAccess
from tests.contacts.queries import assert_fixed_queries
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import BaseAreaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("client_name", ["as_driver", "as_lead", "as_member"])
@pytest.mark.parametrize(
    "url_name", ["contacts:list", "contacts:create", "contacts:export", "contacts:import"]
)
def test_it_refuses_contact_pages_to_drivers_leads_and_members(request, client_name, url_name):
    client = request.getfixturevalue(client_name)
    assert client.get(reverse(url_name)).status_code == 403


def test_it_refuses_a_driver_reading_a_contact(as_driver):
    contact = ContactFactory(name="Rosa", phone="617-555-0142")
    response = as_driver.get(reverse("contacts:detail", args=[contact.pk]))
    assert response.status_code == 403
    assert ContactAccess.objects.count() == 0


def test_the_contact_list_runs_a_fixed_number_of_queries(as_investigator):
    area = BaseAreaFactory(name="Maverick Sq")
    count = assert_fixed_queries(
        as_investigator,
        reverse("contacts:list"),
        add_rows=lambda n: ContactFactory.create_batch(n, base_area=area),
        pin=12,
    )
    assert count <= 12


def test_the_contact_list_filters_by_exact_phone(as_investigator):
    ContactFactory(name="Rosa", phone="617-555-0142")
    ContactFactory(name="Marta", phone="617-555-0199")
    response = as_investigator.post(reverse("contacts:list"), {"phone": "(617) 555-0142"})
    assert [c.name for c in response.context["contacts"]] == ["Rosa"]


def test_a_name_or_phone_in_the_query_string_is_ignored(as_investigator):
    """Names and phones are searched by POST only: a URL never carries them (server logs,
    browser history), so a link that tries is not honoured."""
    ContactFactory(name="Rosa", phone="617-555-0142")
    ContactFactory(name="Marta", phone="617-555-0199")
    for query in ({"phone": "6175550142"}, {"name": "Rosa"}):
        response = as_investigator.get(reverse("contacts:list"), query)
        assert sorted(c.name for c in response.context["contacts"]) == ["Marta", "Rosa"]
    body = response.content.decode()
    assert '<form method="post" action="/contacts/"' in body
    assert 'method="get"' not in body


def test_the_export_takes_the_search_by_post(as_investigator):
    ContactFactory(name="Rosa", phone="617-555-0142")
    ContactFactory(name="Marta", phone="617-555-0199")
    response = as_investigator.post(reverse("contacts:export"), {"name": "Ros"})
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert len(lines) == 2 and lines[1].startswith("Rosa,")


def test_the_contact_list_leaves_out_forgotten_contacts(as_investigator, investigator):
    from contacts.services import contact_forget

    ContactFactory(name="Rosa")
    contact_forget(contact=ContactFactory(name="Gone"), by=investigator)
    response = as_investigator.get(reverse("contacts:list"))
    assert [c.name for c in response.context["contacts"]] == ["Rosa"]


def test_an_investigator_records_a_contact_with_consent(as_investigator, investigator):
    area = BaseAreaFactory(name="Broadway Towers")
    response = as_investigator.post(
        reverse("contacts:create"),
        {
            "name": "Rosa",
            "phone": "617-555-0142",
            "reach": "text",
            "consent": "on",
            "language": "es",
            "base_area": area.pk,
            "first_met": "serve",
        },
    )
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])
    assert (contact.name, contact.phone, contact.language) == ("Rosa", "617-555-0142", "es")
    assert contact.base_area == area
    assert contact.consent_recorded_by == investigator
    assert contact.consent_recorded_at is not None
    assert contact.created_by == investigator


def test_it_keeps_what_was_typed_and_names_the_duplicate_phone(as_investigator):
    ContactFactory(name="Rosa", phone="617-555-0142")
    response = as_investigator.post(
        reverse("contacts:create"),
        {
            "name": "Rosa M",
            "phone": "6175550142",
            "reach": "any",
            "language": "en",
            "first_met": "serve",
        },
    )
    assert response.status_code == 200
    assert "already has this phone number" in response.context["form"].errors["phone"][0]
    assert 'value="Rosa M"' in response.content.decode()
    assert Contact.objects.count() == 1


def test_it_explains_a_bad_phone_in_spanish(as_investigator, investigator):
    investigator.language = "es"
    investigator.save()
    response = as_investigator.post(
        reverse("contacts:create"),
        {"name": "Rosa", "phone": "12", "reach": "any", "language": "en", "first_met": "serve"},
    )
    assert response.status_code == 200
    assert "Un número de teléfono tiene de 7 a 15 dígitos." in response.content.decode()


def test_viewing_a_contact_is_written_to_the_access_log(as_investigator, investigator):
    contact = ContactFactory(name="Rosa", phone="617-555-0142")
    response = as_investigator.get(reverse("contacts:detail", args=[contact.pk]))
    assert response.status_code == 200
    assert "617-555-0142" in response.content.decode()
    access = ContactAccess.objects.get()
    assert (access.contact, access.accessed_by, access.action) == (
        contact,
        investigator,
        ContactAccess.Action.VIEWED,
    )


def test_the_contact_page_runs_a_fixed_number_of_queries(as_investigator, investigator):
    from tests.factories.contacts import ConversationFactory
    from tests.factories.investigation import GrievanceFactory

    contact = ContactFactory(name="Rosa")

    def add_rows(n):
        ConversationFactory.create_batch(n, contact=contact, organizer=investigator)
        GrievanceFactory.create_batch(n, contact=contact)

    assert_fixed_queries(
        as_investigator, reverse("contacts:detail", args=[contact.pk]), add_rows=add_rows, pin=14
    )


def test_the_contact_page_runs_as_many_queries_with_every_detail_filled_as_with_none(
    as_investigator, investigator
):
    """Consent recorded by a member, a development level, a base area: each is shown on the
    page, and none costs a query of its own."""
    import datetime

    from tests.contacts.queries import queries_for
    from tests.factories.contacts import development_level

    bare = ContactFactory(name="Rosa")
    full = ContactFactory(
        name="Marta",
        base_area=BaseAreaFactory(name="Maverick Sq"),
        development_level=development_level("Advanced"),
        consent_recorded_at=datetime.date(2026, 11, 1),
        consent_recorded_by=investigator,
    )
    as_investigator.get(reverse("contacts:detail", args=[bare.pk]))  # warm the session
    few = queries_for(as_investigator, reverse("contacts:detail", args=[bare.pk]))
    filled = queries_for(as_investigator, reverse("contacts:detail", args=[full.pk]))
    assert filled == few
    page = as_investigator.get(reverse("contacts:detail", args=[full.pk])).content.decode()
    assert investigator.display_name in page and "Maverick Sq" in page


def test_a_forgotten_contact_page_is_not_found(as_investigator, investigator):
    from contacts.services import contact_forget

    contact = ContactFactory(name="Rosa")
    contact_forget(contact=contact, by=investigator)
    assert as_investigator.get(reverse("contacts:detail", args=[contact.pk])).status_code == 404


def test_editing_a_contact_changes_the_phone_hash_and_is_logged(as_investigator, investigator):
    contact = ContactFactory(name="Rosa", phone="617-555-0142")
    response = as_investigator.post(
        reverse("contacts:edit", args=[contact.pk]),
        {
            "name": "Rosa",
            "phone": "617-555-0999",
            "reach": "any",
            "language": "es",
            "first_met": "serve",
            "version": contact.version,
        },
    )
    assert response.status_code == 302
    assert Contact.objects.with_phone("6175550999").get() == contact
    assert not Contact.objects.with_phone("6175550142").exists()
    assert ContactAccess.objects.get().action == ContactAccess.Action.EDITED


def test_editing_a_contact_may_keep_its_own_phone(as_investigator):
    contact = ContactFactory(name="Rosa", phone="617-555-0142")
    response = as_investigator.post(
        reverse("contacts:edit", args=[contact.pk]),
        {
            "name": "Rosa B",
            "phone": "617-555-0142",
            "reach": "any",
            "language": "es",
            "first_met": "serve",
            "version": contact.version,
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Rosa B"


def test_a_one_letter_name_search_answers_with_a_message_not_a_list(as_investigator):
    ContactFactory(name="Rosa")
    ContactFactory(name="Marta")
    response = as_investigator.post(reverse("contacts:list"), {"name": "a"})
    assert response.context["contacts"] == []
    assert response.context["filter"].form.errors["name"] == [
        "Type at least 2 letters of the name."
    ]
    page = response.content.decode()
    assert "Type at least 2 letters of the name." in page  # beside the field
    assert 'value="a"' in page  # what was typed is kept
    found = as_investigator.post(reverse("contacts:list"), {"name": "ro"})
    assert [c.name for c in found.context["contacts"]] == ["Rosa"]
