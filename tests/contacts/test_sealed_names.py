"""Names are sealed with each contact's own key like every personal value, and still found by
search; forgetting destroys the key, so what it sealed opens with nothing, anywhere."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse

from contacts.models import Contact, Conversation, NameToken
from contacts.services import contact_forget
from core import crypto
from core.models import DataKey
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import GrievanceFactory

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_search_finds_jose_by_jose_whatever_the_case_and_accents():
    jose = ContactFactory(name="José Luis")
    ContactFactory(name="Rosa")
    for search in ("jose", "JOSÉ", "Jos", "luis", "jose lu"):
        assert list(Contact.objects.named(search)) == [jose], search
    assert not Contact.objects.named("rosa luis").exists()
    assert not Contact.objects.named("j").exists()  # one letter is not a search
    assert Contact.objects.get(name="jose luis") == jose  # the whole name, folded
    assert "José" not in _raw("contacts_contact", "name", jose.pk)


def test_the_contact_list_search_uses_the_hashes(as_investigator):
    ContactFactory(name="José Luis")
    ContactFactory(name="Rosa")
    page = as_investigator.post(reverse("contacts:list"), {"name": "jose"}).content.decode()
    assert "José Luis" in page and "Rosa" not in page


def test_a_rename_is_found_by_its_new_name_only():
    contact = ContactFactory(name="Marta")
    contact.name = "Quispe"
    contact.save()
    assert list(Contact.objects.named("quispe")) == [contact]
    assert not Contact.objects.named("marta").exists()


def test_each_contact_has_its_own_key_and_rows_about_them_use_it():
    rosa, luis = ContactFactory(name="Rosa", phone="617-555-0101"), ContactFactory(name="Luis")
    assert rosa.key_id and luis.key_id and rosa.key_id != luis.key_id
    grievance = GrievanceFactory(contact=rosa, description="No heat since October")
    token = _raw("investigation_grievance", "description", grievance.pk)
    assert token.endswith(f":{rosa.key_id}")
    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt(token.rsplit(":", 1)[0])  # the deployment's key alone opens nothing


def test_forgetting_destroys_the_key_so_every_copy_opens_with_nothing(investigator):
    rosa = ContactFactory(name="Rosa", phone="617-555-0101", address="12 Elm St")
    Conversation.objects.create(contact=rosa, summary="Talked about the boiler")
    grievance = GrievanceFactory(contact=rosa, description="No heat")
    copies = {
        "name": _raw("contacts_contact", "name", rosa.pk),
        "phone": _raw("contacts_contact", "phone", rosa.pk),
        "description": _raw("investigation_grievance", "description", grievance.pk),
    }
    key_id = rosa.key_id

    contact_forget(contact=rosa, by=investigator)

    assert not DataKey.objects.filter(pk=key_id).exists()
    assert not NameToken.objects.filter(contact=rosa).exists()
    crypto.forget_opened_keys()
    # A copy kept from before (a freed page, a later backup) opens to nothing.
    for token in copies.values():
        assert crypto.Locked(token).open() == ""


def test_a_contact_whose_key_is_gone_reads_as_forgotten_never_as_an_error():
    rosa = ContactFactory(name="Rosa", phone="617-555-0101")
    Contact.objects.filter(pk=rosa.pk).update(key=None)
    DataKey.objects.filter(pk=rosa.key_id).delete()
    crypto.forget_opened_keys()
    again = Contact.objects.get(pk=rosa.pk)
    assert (again.name, again.phone) == ("", "")
    assert str(again) == f"Forgotten contact #{rosa.pk}"


def test_a_wrong_key_refuses_to_start(settings):
    ContactFactory(name="Rosa")
    crypto.check_keys()  # the right key: nothing to say
    settings.FIELD_ENCRYPTION_KEYS = ["d3JvbmctZGVwbG95bWVudC1rZXktd3Jvbmcta2V5LTE="]
    with pytest.raises(ImproperlyConfigured, match="does not open this database"):
        crypto.check_keys()


@pytest.mark.django_db(transaction=True)
def test_after_a_forget_the_table_files_hold_no_key_that_opens_what_was_sealed(
    as_investigator,
):
    """Read as an attacker would, with the deployment's key in hand: the raw files of the
    key and name-token tables, after a checkpoint and before any vacuum of the others."""
    rosa = ContactFactory(name="Rosalind", phone="617-555-0177")
    wrapped = DataKey.objects.get(pk=rosa.key_id).wrapped
    digests = list(NameToken.objects.filter(contact=rosa).values_list("digest", flat=True))

    response = as_investigator.post(reverse("contacts:forget", args=[rosa.pk]), {"confirm": "on"})

    assert response.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        files = b""
        for table in ("core_datakey", "contacts_nametoken", "contacts_contact"):
            cursor.execute("SELECT pg_read_binary_file(pg_relation_filepath(%s))", [table])
            files += bytes(cursor.fetchone()[0])
    assert wrapped.encode() not in files
    assert [d for d in digests if d.encode() in files] == []
    assert b"Rosalind" not in files and b"617-555-0177" not in files
