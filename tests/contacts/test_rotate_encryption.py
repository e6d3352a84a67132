"""Key rotation: a new key goes first, old values still decrypt, `rotate_encryption` re-encrypts
everything under the new key and re-computes phone hashes, then the old key can go."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from contacts.models import Contact
from contacts.services import contact_create, conversation_record
from tests.factories.accounts import TEST_TOTP_SECRET

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def _raw_phone(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_hash FROM contacts_contact WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.django_db
def test_rotation_re_encrypts_every_value_and_retires_the_old_key(settings, investigator):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    contact = contact_create(by=investigator, name="Rosa", phone="617-555-0142", notes="nights")
    conversation_record(contact=contact, by=investigator, channel="serve", summary="Heat is out")
    authenticator = Authenticator.objects.get(user=investigator, type=Authenticator.Type.TOTP)
    authenticator.delete()
    TOTP.activate(investigator, TEST_TOTP_SECRET)
    old_token, old_hash = _raw_phone(contact.pk)

    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    # Before the command runs, old values still decrypt and the phone is still found.
    assert Contact.objects.get(pk=contact.pk).phone == "617-555-0142"
    assert Contact.objects.with_phone("6175550142").get() == contact

    call_command("rotate_encryption", stdout=io.StringIO())

    new_token, new_hash = _raw_phone(contact.pk)
    assert new_token != old_token and new_hash != old_hash
    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key is gone
    reloaded = Contact.objects.get(pk=contact.pk)
    assert (reloaded.phone, reloaded.notes) == ("617-555-0142", "nights")
    assert reloaded.conversations.get().summary == "Heat is out"
    assert Contact.objects.with_phone("617 555 0142").get() == contact
    totp = TOTP(Authenticator.objects.get(user=investigator, type=Authenticator.Type.TOTP))
    from allauth.mfa.utils import decrypt

    assert decrypt(totp.instance.data["secret"]) == TEST_TOTP_SECRET


@pytest.mark.django_db
def test_rotation_twice_is_harmless(settings, investigator):
    settings.FIELD_ENCRYPTION_KEYS = [NEW, *settings.FIELD_ENCRYPTION_KEYS]
    contact = contact_create(by=investigator, name="Rosa", phone="617-555-0142")
    call_command("rotate_encryption", stdout=io.StringIO())
    call_command("rotate_encryption", stdout=io.StringIO())
    assert Contact.objects.get(pk=contact.pk).phone == "617-555-0142"
