"""Trigram indexes for the decision log's search (words anywhere in a proposal's title or
text, or in a decision's reasoning; Django's icontains compares UPPER(column)). Without them
every search reads every decision: 200 ms at 20,000 decisions. PostgreSQL only (pg_trgm is a
trusted extension: the database's owner may create it); SQLite searches without them."""

from django.db import migrations

INDEXES = [
    ("committees_proposal_title_trgm", "committees_proposal", "title"),
    ("committees_proposal_text_trgm", "committees_proposal", "text"),
    ("committees_decision_reasoning_trgm", "committees_decision", "reasoning"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("committees", "0002_meetings_spokes_decisions")]

    operations = [migrations.RunPython(create, drop)]
