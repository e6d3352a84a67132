"""`rotate_encryption` re-encrypts every encrypted field of every app, every MFA secret and
recovery-code seed, under the new key: once it has run, the old key can go and everything
still reads, every second factor still works."""

import io
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, hotp_value
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from core import crypto
from core.models import DataKey, KeyCanary
from tests.factories.accounts import TEST_TOTP_SECRET
from tests.security.dump import decrypted_values, encrypted_fields
from tests.security.test_raw_dump import seed_every_source

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def _sealed_and_raw_tokens() -> tuple[set[str], set[str]]:
    """Every stored ciphertext under the deployment's keys (encrypted columns of no one in
    particular, every person's wrapped data key, the key canary, the MFA secrets in allauth's
    JSON), and apart every value sealed with a person's own data key."""
    tokens, sealed = set(), set()
    with connection.cursor() as cursor:
        for model, name in encrypted_fields():
            table, column = model._meta.db_table, model._meta.get_field(name).column
            cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')  # noqa: S608
            for (value,) in cursor.fetchall():
                (sealed if crypto.is_sealed(value) else tokens).add(value)
    tokens |= set(DataKey.objects.values_list("wrapped", flat=True))
    tokens |= set(KeyCanary.objects.values_list("token", flat=True))
    for data in Authenticator.objects.values_list("data", flat=True):
        tokens |= {data[key] for key in ("secret", "seed") if data.get(key)}
        tokens |= set(data.get("migrated_codes", []))
    return tokens, sealed


def _raw_tokens() -> set[str]:
    return _sealed_and_raw_tokens()[0]


def _readable_with(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except Exception:
        return False
    return True


@pytest.mark.django_db
def test_rotation_re_encrypts_every_field_and_mfa_secret_so_the_old_key_can_go(settings, people):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    seed_every_source(people)  # every encrypted field, a TOTP secret, recovery codes
    carried_over = Authenticator.objects.create(
        user=people["investigator"],
        type=Authenticator.Type.RECOVERY_CODES,
        data={"migrated_codes": [crypto.encrypt("carried-over-code")]},
    )
    before = decrypted_values()
    codes = RecoveryCodes(
        Authenticator.objects.get(
            user=people["coordinator"], type=Authenticator.Type.RECOVERY_CODES
        )
    ).get_unused_codes()
    crypto.check_keys()  # the canary, written under the old key
    old_tokens, old_sealed = _sealed_and_raw_tokens()
    assert old_tokens and all(_readable_with(OLD, token) for token in old_tokens)
    assert old_sealed and not any(_readable_with(OLD, t.rsplit(":", 1)[0]) for t in old_sealed)

    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    out = io.StringIO()
    call_command("rotate_encryption", stdout=out)

    new_tokens, new_sealed = _sealed_and_raw_tokens()
    # What is sealed with a person's own key stays under that key (re-wrapped, not replaced):
    # neither deployment key opens it directly, and it still reads the same (below).
    assert len(new_sealed) == len(old_sealed)
    assert not any(_readable_with(NEW, t.rsplit(":", 1)[0]) for t in new_sealed)
    assert len(new_tokens) == len(old_tokens)
    assert not new_tokens & old_tokens
    assert [t for t in new_tokens if not _readable_with(NEW, t) or _readable_with(OLD, t)] == []
    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key is gone
    assert decrypted_values() == before
    for role in ("investigator", "coordinator"):
        totp = TOTP(Authenticator.objects.get(user=people[role], type=Authenticator.Type.TOTP))
        assert totp.validate_code(f"{hotp_value(TEST_TOTP_SECRET, _now_counter()):06d}")
    recovery = RecoveryCodes(
        Authenticator.objects.get(
            user=people["coordinator"], type=Authenticator.Type.RECOVERY_CODES
        )
    )
    assert recovery.validate_code(codes[0])
    carried_over.refresh_from_db()
    assert RecoveryCodes(carried_over).validate_code("carried-over-code")
    assert "mfa.Authenticator: 4 re-encrypted" in out.getvalue()


def _now_counter() -> int:
    return int(time.time()) // mfa_settings.TOTP_PERIOD
