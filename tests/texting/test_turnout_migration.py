"""texting 0002 (turnout texts) on a database seeded before it, with a consent, a committee's
meeting and a text already in it; then back, leaving those rows alone."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("texting", "0001_initial")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_turnout_texts_apply_to_a_seeded_database_and_back():
    from core import crypto

    executor = _migrate(BEFORE)
    leaves = executor.loader.graph.leaf_nodes()
    before = [n for n in leaves if n[0] != "texting"] + BEFORE
    executor = _migrate(before)
    apps = executor.loader.project_state(before).apps
    user = apps.get_model("accounts", "User").objects.create(email="organizer@example.org")
    contact = apps.get_model("contacts", "Contact").objects.create(name="", phone="")
    apps.get_model("texting", "TextConsent").objects.create(
        contact_id=contact.pk, organizing=True, recorded_by_id=user.pk
    )
    area = apps.get_model("contacts", "BaseArea").objects.create(name="12 Elm St")
    campaign = apps.get_model("investigation", "Campaign").objects.create(
        name="Elm St Tenants", base_area_id=area.pk
    )
    meeting = apps.get_model("investigation", "CampaignAction").objects.create(
        campaign_id=campaign.pk, kind="meeting", held_on=date(2026, 12, 10), turnout=4
    )
    text = apps.get_model("core", "OutgoingText").objects.create(
        idempotency_key="k", phone=crypto.encrypt("+16175550100"), body="", gateway_id="g"
    )

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = _migrate(leaves).loader.project_state(leaves).apps
    turnout = apps.get_model("texting", "Turnout").objects.create(
        action_id=meeting.pk,
        base_area_id=area.pk,
        title="Meeting",
        template_en="Hi",
        template_es="Hola",
    )
    recipient = apps.get_model("texting", "TurnoutRecipient").objects.create(
        turnout_id=turnout.pk, contact_id=contact.pk, text_id=text.pk
    )
    assert (recipient.came, recipient.replied_at, turnout.sent_at) == (False, None, None)
    assert apps.get_model("investigation", "CampaignAction").objects.get(pk=meeting.pk).turnout == 4

    _migrate(BEFORE)
    tables = connection.introspection.table_names()
    assert "texting_turnout" not in tables and "texting_turnoutrecipient" not in tables
    assert apps.get_model("texting", "TextConsent").objects.filter(contact_id=contact.pk).exists()
    assert apps.get_model("core", "OutgoingText").objects.filter(pk=text.pk).exists()
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
