"""A raw dump of the database (what a seized disk or a subpoenaed host gives away) holds no
plaintext phone, address, note, conversation, grievance, delivery, donor or MFA secret.

Each source below stores personal values the way the app does and returns the plaintexts that
must not appear. A domain app adds a source for each encrypted field it introduces: the last
test fails on any EncryptedTextField no source fills."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import decrypt
from django.utils import timezone

from contacts.models import Contact, normalize_phone, phone_lookup_hash
from contacts.services import contact_assess, conversation_record
from distribution.services import delivery_request_create, donation_record, serve_update_notes
from investigation.services import grievance_record
from tests.factories.accounts import TEST_TOTP_SECRET
from tests.factories.contacts import development_level
from tests.factories.distribution import BagTypeFactory, ServeFactory
from tests.factories.investigation import BaseAreaFactory, category
from tests.security.dump import decrypted_values, encrypted_fields, raw_dump

SOURCES: list[Callable] = []


def plaintext_source(source: Callable) -> Callable:
    SOURCES.append(source)
    return source


def _rosa(people) -> Contact:
    phone = "617-555-0199"
    contact, _ = Contact.objects.get_or_create(
        name="Rosa",
        defaults={
            "phone": phone,
            "phone_hash": phone_lookup_hash(phone),
            "address": "88 Blue Hill Avenue, Apt 2",
            "notes": "Works nights at the laundromat on Warren St",
            "dietary_needs": "Diabetic, no sugar",
            "created_by": people["investigator"],
        },
    )
    return contact


@plaintext_source
def _contact(people) -> list[str]:
    contact = _rosa(people)
    return [
        contact.phone,
        normalize_phone(contact.phone),
        contact.address,
        contact.notes,
        contact.dietary_needs,
    ]


@plaintext_source
def _members_own_phone(people) -> list[str]:
    member = people["driver"]
    member.phone = "617-555-0199"
    member.save(update_fields=["phone"])
    return [member.phone]


@plaintext_source
def _text_to_a_contact(people) -> list[str]:
    from texting.services import consent_record, contact_text

    contact = _rosa(people)
    body = "Rosa, the tenants' meeting is Thursday 7pm"
    consent_record(
        contact=contact, by=people["investigator"], reminders=True, organizing=True, language="en"
    )
    contact_text(contact=contact, purpose="organizing", body=body, key="raw-dump:1")
    return [body]


@plaintext_source
def _conversation_and_assessment(people) -> list[str]:
    summary = "Her son was stopped by police on Warren St"
    reason = "Brought three neighbours to the tenants' meeting"
    contact = _rosa(people)
    conversation_record(
        contact=contact, by=people["investigator"], channel="serve", summary=summary
    )
    contact_assess(
        contact=contact,
        level=development_level("Advanced"),
        by=people["investigator"],
        reason=reason,
    )
    return [summary, reason]


@plaintext_source
def _grievance(people) -> list[str]:
    description = "Landlord threatened to call immigration if she complains about the mold"
    grievance_record(
        by=people["investigator"],
        base_area=BaseAreaFactory(name="Blue Hill Ave"),
        category=category("Repairs"),
        contact=_rosa(people),
        description=description,
    )
    return [description]


@plaintext_source
def _delivery(people) -> list[str]:
    address, phone = "15 Bowdoin St, 3rd floor, ring twice", "617-555-0188"
    notes, dietary = "Leave with the neighbour in 3B", "Halal, no pork"
    delivery_request_create(
        name="Rosalind",
        phone=phone,
        address=address,
        bag_type=BagTypeFactory(),
        day=timezone.localdate(),
        by=people["lead"],
        dietary=dietary,
        notes=notes,
    )
    return [address, phone, normalize_phone(phone), notes, dietary]


@plaintext_source
def _serve_and_donation(people) -> list[str]:
    serve_notes, donor = "Ana's husband came drunk again, she left early", "Father Tomás Ruiz"
    serve_update_notes(serve=ServeFactory(), notes=serve_notes, by=people["lead"])
    donation_record(
        kind="cash",
        source="neighbour",
        received_on=timezone.localdate(),
        by=people["lead"],
        donor_name=donor,
        amount=Decimal("20.00"),
    )
    return [serve_notes, donor]


@plaintext_source
def _second_factor(people) -> list[str]:
    coordinator = people["coordinator"]
    recovery = RecoveryCodes.activate(coordinator)
    stored = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.RECOVERY_CODES)
    seed = decrypt(stored.data["seed"])
    return [TEST_TOTP_SECRET, seed, *recovery.get_unused_codes()]


def seed_every_source(people) -> list[str]:
    return [value for source in SOURCES for value in source(people)]


@pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows
def test_a_raw_dump_holds_no_plaintext_personal_data_or_mfa_secret(people):
    plaintexts = seed_every_source(people)
    dump = raw_dump()
    assert "COPY public.core_datakey" in dump and "Rosa" not in dump  # names are sealed too
    assert [value for value in plaintexts if value in dump] == []


@pytest.mark.django_db
def test_every_encrypted_field_has_a_plaintext_source(people):
    seed_every_source(people)
    assert encrypted_fields(), "no EncryptedTextField found: the check would prove nothing"
    unfilled = [label for label, values in decrypted_values().items() if not values]
    assert unfilled == [], f"add a plaintext source for {unfilled} in this module"
