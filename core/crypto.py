"""Encryption of personal data at rest, and keyed hashes for exact-match lookups.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256). `FIELD_ENCRYPTION_KEYS` lists the
keys: the first encrypts, all decrypt, so a key is rotated by putting a new one first and running
`manage.py rotate_encryption`, which re-encrypts every value and re-computes every lookup hash.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.FIELD_ENCRYPTION_KEYS)


def encrypt(plaintext: str) -> str:
    return _fernet(_keys()).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be read with any key in FIELD_ENCRYPTION_KEY."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the first (current) key."""
    return _fernet(_keys()).rotate(token.encode()).decode()


def lookup_hash(value: str, *, purpose: str) -> str:
    """A keyed hash for exact-match lookups (e.g. de-duplicating phones) without the plaintext.

    The key is derived from the current encryption key, so rotation re-computes the hashes."""
    if not value:
        return ""
    key = hmac.new(_keys()[0].encode(), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def lookup_hash_candidates(value: str, *, purpose: str) -> list[str]:
    """The value's lookup hash under every configured key, current key first.

    Between putting a new key first and running `rotate_encryption`, stored hashes are still
    under the old key: matching any candidate keeps exact-match lookups working meanwhile."""
    if not value:
        return []
    hashes = []
    for secret in _keys():
        key = hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()
        hashes.append(hmac.new(key, value.encode(), hashlib.sha256).hexdigest())
    return hashes
