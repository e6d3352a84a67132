"""A raw dump of the database (what a seized disk or a subpoenaed host gives away) holds no
plaintext phone, address, note or MFA secret.

Each source below stores personal values the way the app does and returns the plaintexts that
must not appear. A domain app adds a source for each encrypted field it introduces."""

import os
import subprocess
from collections.abc import Callable

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import decrypt
from django.db import connection

from accounts.factories import TEST_TOTP_SECRET
from contacts.models import Contact, normalize_phone, phone_lookup_hash

SOURCES: list[Callable] = []


def plaintext_source(source: Callable) -> Callable:
    SOURCES.append(source)
    return source


@plaintext_source
def _contact(people) -> list[str]:
    phone = "617-555-0199"
    contact = Contact.objects.create(
        name="Rosa",
        phone=phone,
        phone_hash=phone_lookup_hash(phone),
        address="88 Blue Hill Avenue, Apt 2",
        notes="Works nights at the laundromat on Warren St",
        dietary_needs="Diabetic, no sugar",
        created_by=people["investigator"],
    )
    return [phone, normalize_phone(phone), contact.address, contact.notes, contact.dietary_needs]


@plaintext_source
def _second_factor(people) -> list[str]:
    coordinator = people["coordinator"]
    recovery = RecoveryCodes.activate(coordinator)
    stored = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.RECOVERY_CODES)
    seed = decrypt(stored.data["seed"])
    return [TEST_TOTP_SECRET, seed, *recovery.get_unused_codes()]


def _dump() -> str:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "--host",
            db["HOST"] or "127.0.0.1",
            "--port",
            str(db["PORT"] or 5432),
            "--username",
            db["USER"],
            db["NAME"],
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


@pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows
def test_a_raw_dump_holds_no_plaintext_personal_data_or_mfa_secret(people):
    plaintexts = [value for source in SOURCES for value in source(people)]
    dump = _dump()
    assert "Rosa" in dump  # the dump did capture the rows (a name is not a secret)
    assert [value for value in plaintexts if value in dump] == []
