"""Organizations upgrade with their data in place: each migration of this round is applied to
a PostgreSQL database seeded before it, and the data is still there and still readable."""

from datetime import date

import pytest
from django.db import connection, transaction
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


BEFORE_THE_MOVE = [
    ("contacts", "0011_ranking_indexes"),
    ("investigation", "0005_ranking_indexes"),
    ("distribution", "0004_late_taps"),
]


@pytest.mark.django_db(transaction=True)
def test_the_base_area_moves_to_contacts_with_every_row_and_relation():
    """docs/decisions/0010: a database seeded while base areas were investigation's keeps its
    areas, their ids, and every relation to them (contacts, grievances, notes, deliveries'
    areas and drivers' areas), in contacts' table; and it goes back."""
    executor = _migrate(BEFORE_THE_MOVE)
    apps = executor.loader.project_state(BEFORE_THE_MOVE).apps
    area = apps.get_model("investigation", "BaseArea")
    hill = area.objects.create(name="Eagle Hill", kind="neighbourhood")
    tower = area.objects.create(name="12 Elm St", kind="building", parent=hill)
    user = apps.get_model("accounts", "User").objects.create(email="driver@example.org")
    contact = apps.get_model("contacts", "Contact").objects.create(
        name="Marta", phone="6175550100", first_met="serve", first_met_on=date(2026, 11, 3),
        base_area=tower,
    )  # fmt: skip
    grievance = apps.get_model("investigation", "Grievance").objects.create(
        base_area=tower,
        contact=contact,
        category=apps.get_model("investigation", "GrievanceCategory").objects.create(
            name="Housing"
        ),
        severity=2,
        description="No heat",
    )
    apps.get_model("investigation", "InvestigationNote").objects.create(
        base_area=hill, aspect="objective", text="Rents up 20%"
    )
    coverage = apps.get_model("distribution", "DriverCoverage").objects.create(
        driver=user, weekdays="0"
    )
    coverage.areas.add(hill)

    executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    tables = connection.introspection.table_names()
    assert "contacts_basearea" in tables and "investigation_basearea" not in tables
    from contacts.models import BaseArea, Contact
    from distribution.models import DriverCoverage
    from investigation.models import Grievance

    assert BaseArea.objects.get(pk=tower.pk).parent_id == hill.pk
    assert Contact.objects.get(pk=contact.pk).base_area == BaseArea.objects.get(pk=tower.pk)
    assert Grievance.objects.get(pk=grievance.pk).base_area.name == "12 Elm St"
    assert BaseArea.objects.get(pk=hill.pk).notes.get().text == "Rents up 20%"
    assert list(DriverCoverage.objects.get(pk=coverage.pk).areas.all()) == [
        BaseArea.objects.get(pk=hill.pk)
    ]
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.get_for_model(BaseArea).app_label == "contacts"
    # A new area takes the next id, and the foreign keys still guard the rows.
    assert BaseArea.objects.create(name="Mill St", kind="building").pk > tower.pk
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM contacts_basearea WHERE id = %s", [tower.pk])

    _migrate(BEFORE_THE_MOVE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM investigation_basearea WHERE id = %s", [tower.pk])
        assert cursor.fetchone() == ("12 Elm St",)


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


@pytest.mark.django_db(transaction=True)
def test_mark_keys_and_late_taps_apply_to_a_database_seeded_with_a_run_and_a_closed_serve():
    before = [("distribution", "0002_stock_carried_forward")]
    apps = _migrate(before).loader.project_state(before).apps
    driver = apps.get_model("accounts", "User").objects.create(email="driver@example.org")
    bag = apps.get_model("distribution", "BagType").objects.create(name="Groceries")
    delivery = apps.get_model("distribution", "DeliveryRequest").objects.create(
        bag_type=bag, driver=driver, status="assigned", date=date(2026, 12, 7)
    )
    site = apps.get_model("distribution", "Site").objects.create(name="Central Square")
    serve = apps.get_model("distribution", "Serve").objects.create(
        site=site, date=date(2026, 12, 7), start_time="17:30", end_time="19:00", status="closed"
    )
    try:
        from distribution import services
        from distribution.models import DeliveryRequest

        leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
        _migrate(leaves)
        upgraded = DeliveryRequest.objects.get(pk=delivery.pk)
        assert (upgraded.status, upgraded.mark_key) == ("assigned", None)
        constraints = connection.introspection.get_constraints(
            connection.cursor(), "distribution_deliveryrequest"
        )
        assert any(c["unique"] and c["columns"] == ["mark_key"] for c in constraints.values())
        # A request on a run before the upgrade is marked once by its key.
        from accounts.models import User

        by = User.objects.get(pk=driver.pk)
        assert services.delivery_mark_failed(
            delivery=upgraded, reason="no_answer", by=by, key="5b0c7a4e-0d6b-4a52-9b1e-3f1d2c8a9e10"
        )
        assert not services.delivery_mark_failed(
            delivery=upgraded, reason="no_answer", by=by, key="5b0c7a4e-0d6b-4a52-9b1e-3f1d2c8a9e10"
        )
        # A serve closed before the upgrade keeps a late tap for its lead (0004_late_taps).
        from distribution.models import Serve, Tap

        late = services.serve_tap_late(
            serve=Serve.objects.get(pk=serve.pk),
            kind=Tap.Kind.HOUSEHOLD_NEW,
            key="0f6e1c2a-8b7d-4e3f-9a1b-2c3d4e5f6a7b",
            by=by,
        )
        assert services.serve_late_tap_decide(late_tap=late, add=True, by=by)
        assert Serve.objects.get(pk=serve.pk).taps.all().totals() == {"household_new": 1}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


BEFORE_NOTICES = [
    ("accounts", "0001_initial"),
    ("distribution", "0005_base_area_in_contacts"),
    ("core", "0005_outgoing_text"),
]


@pytest.mark.django_db(transaction=True)
def test_notices_and_the_undo_apply_to_a_database_seeded_with_members_runs_and_shifts():
    """accounts/0002, distribution/0006 and core/0006 on a database seeded before them: every
    member gets their notices by email and no phone, every request and shift stays as it was,
    and a driver's mark made after the upgrade can be taken back (core/0006's audit kind)."""
    apps = _migrate(BEFORE_NOTICES).loader.project_state(BEFORE_NOTICES).apps
    driver = apps.get_model("accounts", "User").objects.create(email="driver@example.org")
    bag = apps.get_model("distribution", "BagType").objects.create(name="Groceries")
    delivery = apps.get_model("distribution", "DeliveryRequest").objects.create(
        bag_type=bag, driver=driver, status="assigned", date=date(2026, 12, 7)
    )
    shift = apps.get_model("distribution", "Shift").objects.create(
        kind="delivery_run", volunteer=driver, date=date(2026, 12, 8)
    )
    try:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        from accounts.models import User
        from distribution import services
        from distribution.models import DeliveryRequest, Shift

        member = User.objects.get(pk=driver.pk)
        assert (member.notices_by, member.phone) == ("email", "")
        upgraded = DeliveryRequest.objects.get(pk=delivery.pk)
        assert (upgraded.status, upgraded.text_on_the_way, upgraded.driver_notified_at) == (
            "assigned",
            False,
            None,
        )
        assert Shift.objects.get(pk=shift.pk).reminded_for is None
        key = "3f0e9a7c-1b2d-4c5e-8f9a-0b1c2d3e4f5a"
        assert services.delivery_mark_delivered(delivery=upgraded, by=member, key=key)
        assert services.delivery_mark_undo(delivery=upgraded, mark=key, by=member)
        assert DeliveryRequest.objects.get(pk=delivery.pk).status == "assigned"
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
