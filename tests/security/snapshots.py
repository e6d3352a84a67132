"""A fingerprint of every table, to prove that a request wrote nothing."""

from django.db import connection

# Sessions are the HTTP state of a visit, not the organization's data: a GET may refresh its
# session or start one (a reset link moves its key into a new session), but ending a session
# (signing someone out) is a change.
SESSION_TABLE = "django_session"
# Reading a contact's personal data appends a line to the access log (who read whom, when):
# a read that is recorded, not a change. The database refuses UPDATE and DELETE on it.
ACCESS_LOG_TABLE = "contacts_contactaccess"
# So does opening a run with addresses (the audit trail, append-only as well).
AUDIT_TABLE = "core_auditentry"
GROWING_TABLES = (SESSION_TABLE, ACCESS_LOG_TABLE, AUDIT_TABLE)


def database_fingerprint() -> dict[str, str]:
    """Each table's row count and a digest of its rows, in one query."""
    tables = sorted(connection.introspection.table_names())
    parts = []
    for table in tables:
        quoted = connection.ops.quote_name(table)
        digest = (
            "''"
            if table == SESSION_TABLE
            else "md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"
        )
        # Table names come from the database's own catalogue, quoted: not user input.
        parts.append(f"SELECT %s, count(*)::text || ':' || {digest} FROM {quoted} t")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), tables)
        return dict(cursor.fetchall())


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    changed = {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}
    for table in GROWING_TABLES:
        if table in changed and _count(after[table]) > _count(before[table]):
            changed.discard(table)
    return sorted(changed)


def _count(fingerprint: str) -> int:
    return int(fingerprint.split(":")[0])


def row_counts() -> dict[str, int]:
    """Row count of every table but the sessions table."""
    return {t: _count(v) for t, v in database_fingerprint().items() if t != SESSION_TABLE}
