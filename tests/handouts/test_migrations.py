"""Handouts arrive on a database that already has serves, members and decisions: the app's
migrations (and core's new audit kinds) apply to a PostgreSQL database seeded before them, keep
its data, and enforce one current version per handout."""

from datetime import date, time

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("handouts", None), ("core", "0003_data_keys")]
# The state the seed is written in: the apps handouts depends on, as they stood.
SEED_STATE = [
    ("core", "0003_data_keys"),
    ("distribution", "0002_stock_carried_forward"),
    ("committees", "0004_notice_claims"),
]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.fixture
def seeded_before():
    executor = _migrate(BEFORE)
    apps = executor.loader.project_state(SEED_STATE).apps
    site = apps.get_model("distribution", "Site").objects.create(name="Elm Street")
    serve = apps.get_model("distribution", "Serve").objects.create(
        site=site, date=date(2026, 11, 30), start_time=time(17, 30), end_time=time(19, 30)
    )
    proposal = apps.get_model("committees", "Proposal").objects.create(
        title="Adopt our points of unity", scope="steering"
    )
    yield {"serve": serve.pk, "proposal": proposal.pk}
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_handouts_migrations_apply_to_a_seeded_database_and_keep_its_data(seeded_before):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    executor = _migrate(leaves)
    apps = executor.loader.project_state(leaves).apps
    assert apps.get_model("distribution", "Serve").objects.get(pk=seeded_before["serve"])
    Handout = apps.get_model("handouts", "Handout")
    Version = apps.get_model("handouts", "HandoutVersion")
    handout = Handout.objects.create(kind="points_of_unity")
    texts = {"title_en": "Unity", "title_es": "Unidad", "body_en": "We.", "body_es": "Nosotros."}
    proposal = seeded_before["proposal"]
    Version.objects.create(handout=handout, number=1, proposal_id=proposal, **texts)
    # Not adopted: it cannot be current.
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.create(handout=handout, number=2, is_current=True, **texts)
    # The audit trail takes the new kinds.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditentry (at, kind, object_type, detail) "
            "VALUES (now(), 'handout.tap', 'handouts.handouttap', '{}')"
        )
    assert Version.objects.get().number == 1
