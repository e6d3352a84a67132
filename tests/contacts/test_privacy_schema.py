"""The schema has no field for identity documents or status, and personal data is encrypted."""

import re

import pytest
from django.apps import apps
from django.db import connection

from contacts.models import Contact, Conversation, phone_lookup_hash
from contacts.services import contact_create, conversation_record
from investigation.services import grievance_record
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import BaseAreaFactory, category

BASEWORK_APPS = {
    "core",
    "accounts",
    "committees",
    "contacts",
    "investigation",
    "distribution",
    "summations",
    "dashboard",
}
FORBIDDEN = re.compile(
    r"passport|immigra|nationalit|citizen|birth|\bdob\b|ssn|social.?security|document|"
    r"licen[cs]e|\bvisa\b|\bitin\b|alien|a_number|id_number|id_card|identification|"
    r"national_id|state_id|ethnic|race\b",
    re.IGNORECASE,
)


def _words(field) -> list[str]:
    words = [field.name, getattr(field, "column", None) or ""]
    words.append(str(getattr(field, "verbose_name", "")))
    words.append(str(getattr(field, "help_text", "")))
    return words


def test_no_model_has_a_field_for_identity_documents_or_status():
    offending = []
    for model in apps.get_models():
        if model._meta.app_label not in BASEWORK_APPS:
            continue
        for field in model._meta.get_fields():
            for word in _words(field):
                if word and FORBIDDEN.search(word.replace(" ", "_")):
                    offending.append(f"{model._meta.label}.{field.name}: {word!r}")
    assert offending == []


def test_the_identity_check_catches_a_forbidden_field():
    class Fake:
        name = "date_of_birth"
        column = "date_of_birth"
        verbose_name = "date of birth"
        help_text = ""

    assert any(FORBIDDEN.search(w.replace(" ", "_")) for w in _words(Fake))


@pytest.mark.django_db
def test_the_raw_database_row_holds_no_plaintext_name_phone_address_or_notes(investigator):
    contact = contact_create(
        by=investigator,
        name="Rosa",
        phone="617-555-0142",
        address="12 Maverick St, apt 3",
        notes="Works nights at the warehouse",
        dietary_needs="diabetic",
    )
    conversation_record(contact=contact, by=investigator, channel="serve", summary="Heat is out")
    grievance_record(
        by=investigator,
        base_area=BaseAreaFactory(),
        category=category(),
        contact=contact,
        description="Mice in the kitchen",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM contacts_contact WHERE id = %s", [contact.pk])
        contact_row = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT * FROM contacts_conversation WHERE contact_id = %s", [contact.pk])
        conversation_row = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT * FROM investigation_grievance WHERE contact_id = %s", [contact.pk])
        grievance_row = " ".join(str(v) for v in cursor.fetchone())
    # The phone as typed and as digits (a timestamp's microseconds may hold "555" by chance).
    for plaintext in ("617-555-0142", "6175550142", "Maverick", "warehouse", "diabetic"):
        assert plaintext not in contact_row
    assert "Heat" not in conversation_row
    assert "Mice" not in grievance_row
    assert "Rosa" not in contact_row  # names are sealed too, searchable by keyed hashes
    reloaded = Contact.objects.get(pk=contact.pk)
    assert reloaded.phone == "617-555-0142"
    assert reloaded.address == "12 Maverick St, apt 3"
    assert Conversation.objects.get(contact=contact).summary == "Heat is out"


@pytest.mark.django_db
def test_the_phone_hash_is_keyed_not_a_plain_digest():
    import hashlib

    digest = hashlib.sha256(b"6175550142").hexdigest()
    assert phone_lookup_hash("617-555-0142") != digest
    assert phone_lookup_hash("617-555-0142") == phone_lookup_hash("(617) 555 0142")


@pytest.mark.django_db
def test_it_finds_a_contact_by_phone_however_it_was_typed():
    rosa = ContactFactory(name="Rosa", phone="617-555-0142")
    ContactFactory(name="Other", phone="617-555-0199")
    assert list(Contact.objects.with_phone("(617) 555 0142")) == [rosa]
    assert list(Contact.objects.with_phone("")) == []


@pytest.mark.django_db
def test_it_refuses_a_second_contact_with_the_same_phone(investigator):
    from contacts.services import PhoneAlreadyRecorded

    first = contact_create(by=investigator, name="Rosa", phone="617 555 0142")
    with pytest.raises(PhoneAlreadyRecorded) as raised:
        contact_create(by=investigator, name="Rosa M", phone="6175550142")
    assert raised.value.contact == first
    assert Contact.objects.count() == 1
