"""The audit trail: one append-only row for every write that matters, and for every read of
addresses (a driver's run, a run sheet) or of personal data in bulk (an export).

Every service that takes `by` calls record(); tests/core/test_audit.py walks them. A row says
who, what (a Kind), which object (its model label and id) and when, never a personal value:
`detail` holds only counts, ids, dates and status codes, and record() refuses anything else.
The database refuses UPDATE and DELETE on the table; purge() is the one DELETE it accepts
(migration core 0002, docs/security.md)."""

import re
from datetime import timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from core.models import AuditEntry

Kind = AuditEntry.Kind

# A status code, a role name, a date: lower case, no spaces. Free text (a name, an address, a
# note) has spaces or capitals often enough that a slip shows up in the tests at once.
_CODE = re.compile(r"^[a-z0-9_.:-]{1,40}$")
# Rows younger than this are never deleted, whatever AUDIT_RETENTION_DAYS says; the database
# trigger holds the same floor.
MINIMUM_RETENTION_DAYS = 30


def _check_value(key: str, value) -> None:
    if isinstance(value, bool | int) or value is None:
        return
    if isinstance(value, str) and _CODE.match(value):
        return
    if isinstance(value, list | tuple) and all(
        isinstance(v, int) or (isinstance(v, str) and _CODE.match(v)) for v in value
    ):
        return
    raise ValueError(f"audit detail {key!r} must be a count, an id or a code, never free text")


def record(*, by, kind: Kind, obj: models.Model | None = None, **detail) -> AuditEntry:
    """Append one row: `by` (a member, or None for a background job) did `kind` to `obj`."""
    for key, value in detail.items():
        _check_value(key, value)
    return AuditEntry.objects.create(
        by=by if by is not None and by.pk else None,
        kind=kind,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        detail={k: list(v) if isinstance(v, tuple) else v for k, v in detail.items()},
    )


def purge(*, now=None) -> int:
    """Delete the rows older than AUDIT_RETENTION_DAYS (never fewer than 30 days). On
    PostgreSQL the trigger lets a DELETE through only inside this transaction, which sets
    basework.audit_purge, and only for rows past the floor. Running it twice deletes nothing
    the second time."""
    days = max(settings.AUDIT_RETENTION_DAYS, MINIMUM_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL basework.audit_purge = 'on'")
        deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
