"""START (or ALTA, SÍ, ...) from a contact who opted out lifts their opt-out, recorded in the
audit trail; they still get nothing until an organizer records their consent again."""

import pytest
from django.urls import reverse

from contacts.models import Conversation
from core.models import AuditEntry, OutgoingText
from tests.factories.contacts import ContactFactory
from tests.texting.conftest import received, signed
from texting import services
from texting.models import TextConsent

pytestmark = pytest.mark.django_db
URL = "/texts/webhook/"


@pytest.fixture
def rosa():
    contact = ContactFactory(name="Rosa", phone="617-555-0101", language="es")
    services.consent_record(
        contact=contact, by=None, reminders=True, organizing=True, language="es"
    )
    services.opt_out_record(contact=contact, by=None, via=TextConsent.Via.REPLY)
    return contact


def _reply(client, event_id, message):
    return client.post(URL, **signed(received(event_id, "+16175550101", message)))


@pytest.mark.parametrize("reply", ["START", "Alta", "Sí", "sí quiero", "unstop"])
def test_start_in_english_or_spanish_lifts_the_opt_out(client, rosa, reply):
    response = _reply(client, "ev-start", reply)

    assert response.json()["outcome"] == "opted_in"
    consent = TextConsent.objects.get(contact=rosa)
    assert (consent.opted_out, consent.opted_out_via) == (False, "")
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.TEXT_OPT_IN)
    assert (entry.by_id, entry.object_id) == (None, consent.pk)
    assert entry.detail["via"] == "reply"
    assert not Conversation.objects.filter(contact=rosa).exists()


def test_after_start_nothing_goes_until_consent_is_recorded_again(client, rosa, coordinator):
    _reply(client, "ev-start", "ALTA")

    with pytest.raises(services.NotTextable):
        services.contact_text(contact=rosa, purpose="reminders", body="Hola", key="s:1")
    assert OutgoingText.objects.count() == 0

    consent = services.consent_record(
        contact=rosa, by=coordinator, reminders=True, organizing=False, language="es"
    )
    assert consent.allows("reminders") and not consent.allows("organizing")
    assert services.contact_text(contact=rosa, purpose="reminders", body="Hola", key="s:2")


def test_a_long_reply_starting_with_si_is_a_note_not_an_opt_in(client, rosa):
    response = _reply(client, "ev-long", "Si voy a ir el lunes")

    assert response.json()["outcome"] == "noted"
    assert TextConsent.objects.get(contact=rosa).opted_out


def test_start_from_a_contact_who_never_opted_out_is_a_note(client):
    ana = ContactFactory(name="Ana", phone="617-555-0102", language="es")

    response = client.post(URL, **signed(received("ev-ana", "+16175550102", "Sí")))

    assert response.json()["outcome"] == "noted"
    assert Conversation.objects.filter(contact=ana).count() == 1


def test_the_consent_page_says_how_an_opt_out_is_lifted(client, rosa, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("texting:consent", args=[rosa.pk]))

    assert response.status_code == 200
    assert "START" in response.content.decode()
