"""Encryption of personal data at rest, and keyed hashes for exact-match lookups.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256). `FIELD_ENCRYPTION_KEYS` lists the
keys: the first encrypts, all decrypt, so a key is rotated by putting a new one first and running
`manage.py rotate_encryption`, which re-encrypts every value and re-computes every lookup hash.
"""

import hashlib
import hmac
import threading
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
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


# Per-person data keys (crypto-shredding) ---------------------------------------------------
#
# Every personal value about one person (a contact's name, phone, address, notes, and the text
# of rows about them) is sealed with that person's own random key, a core.DataKey stored
# wrapped (encrypted) under the deployment's keys. Forgetting the person deletes the DataKey:
# every copy of those values, wherever it lies (freed database pages, WAL, replicas, a backup
# taken afterwards), is then unreadable even with FIELD_ENCRYPTION_KEY in hand.
#
# A sealed value is stored as "<Fernet token>:<data key id>" (a Fernet token never holds a
# colon; a value under the deployment's key is the token alone). Reading one from the database
# gives a `Locked` value; the first time any of them is read, every Locked value loaded so far
# is opened with one query for their keys (a page of 50 contacts costs one query, not 50).
# Opened keys live only as long as one request or one task (`forget_opened_keys`).

KEY_MARK = ":"


def is_sealed(value: str) -> bool:
    """A value sealed with a person's data key (not the deployment's)."""
    return KEY_MARK in value


class Token(str):
    """A value already encrypted: written to the database as it is."""


class _Opened(threading.local):
    def __init__(self):
        self.keys: dict[int, Fernet | None] = {}
        self.wrapped: dict[int, str] = {}  # read along with the rows (select_related)
        self.pending: list[Locked] = []
        self.read = 0  # sealed values read so far, opened or not


_opened = _Opened()


def sealed_values_read() -> int:
    """How many sealed values this thread has read: a query that didn't move it holds none."""
    return _opened.read


class Locked:
    """A sealed value read from the database, opened on first use (see `open_pending`)."""

    __slots__ = ("token", "_plaintext")

    def __init__(self, token: str):
        self.token = token
        self._plaintext: str | None = None
        _opened.pending.append(self)
        _opened.read += 1

    @property
    def key_id(self) -> int:
        return int(self.token.rsplit(KEY_MARK, 1)[1])

    def open(self) -> str:
        if self._plaintext is None:
            open_pending(also=self)
        return self._plaintext

    def __str__(self) -> str:
        return self.open()

    def __repr__(self) -> str:
        return "<Locked value>"

    def __bool__(self) -> bool:
        return bool(self.open())

    def __eq__(self, other) -> bool:
        return self.open() == (other.open() if isinstance(other, Locked) else other)

    def __hash__(self) -> int:
        return hash(self.open())


def _unwrap(wrapped: str) -> Fernet:
    return Fernet(decrypt(wrapped).encode())


def open_keys(ids: set[int]) -> None:
    """Open these data keys (those not open yet) with one query."""
    DataKey = apps.get_model("core", "DataKey")  # noqa: N806  (core.models imports this module)

    missing = {i for i in ids if i not in _opened.keys}
    if not missing:
        return
    found = {i: _opened.wrapped[i] for i in missing if i in _opened.wrapped}
    if missing - set(found):
        found |= dict(
            DataKey.objects.filter(pk__in=missing - set(found)).values_list("pk", "wrapped")
        )
    for key_id in missing:
        # A key that is gone was shredded: what it sealed reads as empty ("forgotten").
        _opened.keys[key_id] = _unwrap(found[key_id]) if key_id in found else None


def open_pending(also: Locked | None = None) -> None:
    """Open every Locked value read so far, with one query for the keys not opened yet."""
    pending = _opened.pending
    if also is not None and also._plaintext is None and also not in pending:
        pending.append(also)
    _opened.pending = []
    waiting = [value for value in pending if value._plaintext is None]
    open_keys({value.key_id for value in waiting})
    for value in waiting:
        value._plaintext = _open_with(_opened.keys[value.key_id], value.token)


def _open_with(fernet: Fernet | None, token: str) -> str:
    if fernet is None:
        return ""
    try:
        return fernet.decrypt(token.rsplit(KEY_MARK, 1)[0].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("A sealed value does not open with its own data key.") from exc


def seal(plaintext: str, key_id: int | None) -> Token:
    """Encrypt `plaintext` with the data key `key_id`, or with the deployment's key when the
    value belongs to no one in particular (an anonymous grievance, a serve's notes)."""
    if not plaintext:
        return Token("")
    if key_id is None:
        return Token(encrypt(plaintext))
    open_keys({key_id})
    fernet = _opened.keys[key_id]
    if fernet is None:
        raise ValueError(f"data key {key_id} is gone: nothing can be written under it")
    return Token(f"{fernet.encrypt(plaintext.encode()).decode()}{KEY_MARK}{key_id}")


def new_data_key() -> tuple[str, Fernet]:
    """A fresh random data key: (its wrapped form, to store in core.DataKey; a Fernet)."""
    raw = Fernet.generate_key()
    return encrypt(raw.decode()), Fernet(raw)


def remember_wrapped(key_id: int, wrapped: str) -> None:
    """A data key read with the rows that use it: opening them then needs no query."""
    _opened.wrapped[key_id] = wrapped


def remember_key(key_id: int, fernet: Fernet) -> None:
    _opened.keys[key_id] = fernet


def shred_keys(ids) -> None:
    """Forget opened keys that were just deleted (the same request must not use them)."""
    for key_id in ids:
        _opened.keys[key_id] = None
        _opened.wrapped.pop(key_id, None)


def forget_opened_keys(**kwargs) -> None:
    """Drop every opened key and pending value: at each request's and each task's start and
    end, so that no unwrapped key outlives the work that needed it."""
    _opened.keys = {}
    _opened.wrapped = {}
    _opened.pending = []


def check_keys() -> None:
    """Refuse to run with a key that does not open this database's data: a wrong
    FIELD_ENCRYPTION_KEY would otherwise show every personal field as an error or, worse,
    serve ciphertext. Reads one wrapped data key (and the key canary); raises
    ImproperlyConfigured with what to do. Does nothing before the tables exist."""
    from django.db import DatabaseError

    DataKey = apps.get_model("core", "DataKey")  # noqa: N806  (core.models imports this module)
    KeyCanary = apps.get_model("core", "KeyCanary")  # noqa: N806

    try:
        canary = KeyCanary.objects.first()
        sample = DataKey.objects.order_by("pk").values_list("wrapped", flat=True).first()
    except (DatabaseError, RuntimeError):
        return  # not migrated yet, or no database in this process (a test's worker)
    tokens = [t for t in (canary.token if canary else None, sample) if t]
    for token in tokens:
        try:
            _fernet(_keys()).decrypt(token.encode())
        except InvalidToken:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEY does not open this database's personal data. Basework "
                "will not start with a wrong key. Put back the key this database was encrypted "
                "with (a new key goes first, the old one after it, until "
                "`manage.py rotate_encryption` has run)."
            ) from None
    if canary is None:
        KeyCanary.objects.create(token=encrypt("basework"))
