"""Bulk writes for the scale seed: PostgreSQL COPY with ids chosen here, so that later tables
can point at rows without reading them back, and one Fernet for every encrypted value."""

from collections.abc import Iterable
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone


def copy_rows(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """COPY `rows` (tuples in the order of `fields`, model field names) into `model`'s table.
    Values go in as they are: encrypt them first (see `encrypt`). Every other column gets the
    field's default (now, for auto_now fields). Returns the row count."""
    named = [model._meta.get_field(name) for name in fields]
    others = [f for f in model._meta.concrete_fields if f not in named and not f.primary_key]
    now = timezone.now()
    defaults = tuple(
        now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_db_prep_save(f.get_default(), connection)
        for f in others
    )
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in named + others)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row + defaults)
            count += 1
    return count


def next_id(model) -> int:
    return (model.objects.aggregate(last=Max("id"))["last"] or 0) + 1


def reset_sequence(model) -> None:
    """After COPY with explicit ids: the next ordinary insert gets MAX(id) + 1."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


@cache
def _fernet() -> Fernet:
    # The key that encrypts (core.crypto: the first of FIELD_ENCRYPTION_KEYS). One Fernet for
    # every value saves MultiFernet's and the field's per-value overhead.
    return Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode())


def encrypt(plaintext: str) -> str:
    """What EncryptedTextField stores for `plaintext` (empty stays empty)."""
    return _fernet().encrypt(plaintext.encode()).decode() if plaintext else ""


class DataKeys:
    """Each seeded person's own data key (core.crypto): made here, sealed values with it,
    and COPYed into core.DataKey with `write` before the rows that point at them."""

    def __init__(self):
        self.wrapped: list[tuple[int, str]] = []
        self._fernets: dict[int, Fernet] = {}

    def new(self, key_id: int) -> None:
        raw = Fernet.generate_key()
        self._fernets[key_id] = Fernet(raw)
        self.wrapped.append((key_id, encrypt(raw.decode())))

    def seal(self, key_id: int, plaintext: str) -> str:
        """What a per-person EncryptedTextField stores (empty stays empty)."""
        if not plaintext:
            return ""
        return f"{self._fernets[key_id].encrypt(plaintext.encode()).decode()}:{key_id}"

    def write(self) -> None:
        from core.models import DataKey

        copy_rows(DataKey, ["id", "wrapped"], self.wrapped)
        reset_sequence(DataKey)
