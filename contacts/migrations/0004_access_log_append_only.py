"""The contact access log is append-only: the database refuses UPDATE and DELETE on it, so
neither a bug nor someone with the application's credentials can quietly rewrite history."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION contacts_access_log_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'contacts_contactaccess is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER contacts_contactaccess_append_only
    BEFORE UPDATE OR DELETE ON contacts_contactaccess
    FOR EACH ROW EXECUTE FUNCTION contacts_access_log_append_only();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS contacts_contactaccess_append_only ON contacts_contactaccess;",
    "DROP FUNCTION IF EXISTS contacts_access_log_append_only();",
]
SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS contacts_contactaccess_no_update
    BEFORE UPDATE ON contacts_contactaccess
    BEGIN SELECT RAISE(ABORT, 'contacts_contactaccess is append-only'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS contacts_contactaccess_no_delete
    BEFORE DELETE ON contacts_contactaccess
    BEGIN SELECT RAISE(ABORT, 'contacts_contactaccess is append-only'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS contacts_contactaccess_no_update;",
    "DROP TRIGGER IF EXISTS contacts_contactaccess_no_delete;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_seed_development_levels")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
