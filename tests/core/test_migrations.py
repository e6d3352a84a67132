"""Organizations upgrade with their data in place: each migration of this round is applied to
a PostgreSQL database seeded before it, and the data is still there and still readable."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError

BEFORE = [("core", "0001_pending_task"), ("contacts", "0007_contact_active_base_area")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.fixture
def seeded_before():
    """The schema as it stood before the audit trail and the reach indexes, with a contact, a
    conversation and a member written through the models of that time."""
    executor = _migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    user = apps.get_model("accounts", "User").objects.create(email="lead@example.org")
    contact = apps.get_model("contacts", "Contact").objects.create(
        name="Marta", phone="6175550100", first_met="serve", first_met_on=date(2026, 11, 3)
    )
    apps.get_model("contacts", "Conversation").objects.create(
        contact=contact, organizer=user, channel="serve", held_on=date(2026, 11, 3), summary="Rent"
    )
    yield {"user": user.pk, "contact": contact.pk}
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_round_s_migrations_apply_to_a_seeded_database_and_keep_its_data(seeded_before):
    executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    apps = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    contact = apps.get_model("contacts", "Contact").objects.get(pk=seeded_before["contact"])
    assert (contact.name, contact.phone) == ("Marta", "6175550100")  # still decrypts
    assert apps.get_model("contacts", "Conversation").objects.get().summary == "Rent"
    indexes = connection.introspection.get_constraints(connection.cursor(), "contacts_contact")
    assert indexes["contact_first_met"]["columns"] == ["first_met", "first_met_on"]
    # The ranking's indexes: people forgotten and drawn in, and a period's grievances.
    assert indexes["contact_forgotten"]["columns"] == ["id"]
    assert indexes["contact_development_level"]["columns"][0] == "development_level_id"
    ranking = connection.introspection.get_constraints(
        connection.cursor(), "investigation_grievance"
    )
    assert ranking["grievance_recorded_ranking"]["columns"][:2] == ["recorded_on", "base_area_id"]

    # The audit trail starts empty and append-only on the upgraded database.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditentry (at, kind, object_type, object_id, by_id, detail) "
            "VALUES (now(), 'contact.create', 'contacts.contact', %s, %s, '{}')",
            [seeded_before["contact"], seeded_before["user"]],
        )
        with pytest.raises(DatabaseError, match="append-only"):
            cursor.execute("UPDATE core_auditentry SET kind = 'contact.update'")


@pytest.mark.django_db(transaction=True)
def test_sealing_moves_existing_contacts_to_their_own_keys_and_back(seeded_before):
    from contacts.models import Contact
    from core import crypto

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(leaves)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, key_id FROM contacts_contact WHERE id = %s",
            [seeded_before["contact"]],
        )
        name, phone, key_id = cursor.fetchone()
        cursor.execute("SELECT summary FROM contacts_conversation")
        (summary,) = cursor.fetchone()
    assert "Marta" not in name and key_id is not None
    assert all(crypto.is_sealed(v) for v in (name, phone, summary))
    crypto.forget_opened_keys()
    marta = Contact.objects.named("marta").get()
    assert (marta.name, marta.phone) == ("Marta", "6175550100")
    assert marta.conversations.get().summary == "Rent"

    # Backwards: names in clear again, the rest under the deployment's key, no data keys.
    _migrate([("contacts", "0008_reach_indexes")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM contacts_contact WHERE id = %s", [marta.pk])
        name, phone = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM core_datakey")
        (keys,) = cursor.fetchone()
    assert name == "Marta" and crypto.decrypt(phone) == "6175550100" and keys == 0


TEXTS_BEFORE = [("core", "0004_handout_audit_kinds"), ("texting", None)]


@pytest.mark.django_db(transaction=True)
def test_the_texts_migrations_apply_to_a_seeded_database_and_back():
    """core 0005 (outgoing texts) and texting 0001 (consent, webhook ids) on a database with
    contacts and audit rows already in it; then back, leaving those rows alone."""
    from core import crypto

    executor = _migrate(TEXTS_BEFORE)
    leaves = executor.loader.graph.leaf_nodes()
    before = [n for n in leaves if n[0] not in ("core", "texting")] + [TEXTS_BEFORE[0]]
    apps = executor.loader.project_state(before).apps
    user = apps.get_model("accounts", "User").objects.create(email="organizer@example.org")
    contact = apps.get_model("contacts", "Contact").objects.create(name="", phone="")
    apps.get_model("core", "AuditEntry").objects.create(
        by=user, kind="contact.create", object_type="contacts.contact", object_id=contact.pk
    )

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = _migrate(leaves).loader.project_state(leaves).apps
    consent = apps.get_model("texting", "TextConsent").objects.create(
        contact_id=contact.pk, reminders=True, recorded_by_id=user.pk
    )
    assert consent.opted_out_at is None
    text = apps.get_model("core", "OutgoingText").objects.create(
        idempotency_key="k", phone=crypto.encrypt("+16175550100"), body="", gateway_id="g"
    )
    assert text.status == "queued"
    assert apps.get_model("core", "AuditEntry").objects.count() == 1

    _migrate(TEXTS_BEFORE)
    tables = connection.introspection.table_names()
    assert "core_outgoingtext" not in tables and "texting_textconsent" not in tables
    assert apps.get_model("contacts", "Contact").objects.filter(pk=contact.pk).exists()
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
