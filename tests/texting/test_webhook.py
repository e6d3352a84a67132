"""The gateway's webhook, the one route without sign-in: signed like the phone signs it, or
403 and nothing changes; a replay changes nothing; a body too large gets 413. STOP in English
or Spanish opts out at once; any other reply becomes a note in the contact's conversations."""

import time

import pytest
from django.urls import reverse

from contacts.models import Conversation
from core import texts
from core.models import AuditEntry, OutgoingText
from tests.factories.contacts import ContactFactory
from tests.texting.conftest import received, signed
from texting import services
from texting.models import TextConsent, WebhookEvent

pytestmark = pytest.mark.django_db
URL = "/texts/webhook/"


@pytest.fixture
def rosa():
    contact = ContactFactory(name="Rosa", phone="617-555-0101", language="es")
    services.consent_record(
        contact=contact, by=None, reminders=True, organizing=True, language="es"
    )
    return contact


def _post(client, body, **kwargs):
    return client.post(URL, **signed(body, **kwargs))


def test_the_route_is_the_webhook():
    assert reverse("texting:webhook") == URL


@pytest.mark.parametrize(
    "reply",
    [
        "STOP",
        "stop",
        "Stop.",
        "UNSUBSCRIBE",
        "ALTO",
        "alto",
        "Parar",
        "BASTA ya",
        "Cancelar",
        "Párale",
    ],
)
def test_stop_in_english_or_spanish_opts_the_contact_out_at_once(client, rosa, reply):
    response = _post(client, received("ev-1", "6175550101", reply))
    assert response.status_code == 200
    assert response.json()["outcome"] == "opted_out"
    consent = TextConsent.objects.get(contact=rosa)
    assert consent.opted_out and consent.opted_out_via == TextConsent.Via.REPLY
    assert not consent.allows("reminders")
    assert not Conversation.objects.exists()  # the STOP itself is not kept
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.TEXT_OPT_OUT, by=None).count() == 1
    with pytest.raises(services.NotTextable):
        services.contact_text(contact=rosa, purpose="reminders", body="Hola", key="after-stop")


def test_any_other_reply_becomes_a_note_in_their_conversations(client, rosa):
    response = _post(client, received("ev-2", "+1 617 555 0101", "¿A qué hora es la reunión?"))
    assert response.json()["outcome"] == "noted"
    [note] = Conversation.objects.filter(contact=rosa)
    assert note.summary == "Replied by text: ¿A qué hora es la reunión?"
    assert (note.channel, note.organizer) == (Conversation.Channel.PHONE, None)
    assert not TextConsent.objects.get(contact=rosa).opted_out


def test_a_stop_that_is_a_longer_message_is_a_note_not_an_opt_out(client, rosa):
    _post(client, received("ev-3", "6175550101", "stop by the table on monday, i have news"))
    assert not TextConsent.objects.get(contact=rosa).opted_out
    assert Conversation.objects.filter(contact=rosa).count() == 1


def test_a_number_nobody_has_on_file_leaves_nothing_behind(client, rosa):
    response = _post(client, received("ev-4", "+15555550199", "who is this?"))
    assert response.json()["outcome"] == "unknown"
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Timestamp": str(int(time.time()))},
        {"X-Timestamp": str(int(time.time())), "X-Signature": "0" * 64},
    ],
)
def test_a_request_without_a_valid_signature_gets_403_and_changes_nothing(client, rosa, headers):
    import json

    body = json.dumps(received("ev-5", "6175550101", "STOP")).encode()
    response = client.post(URL, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 403
    assert not TextConsent.objects.get(contact=rosa).opted_out
    assert not WebhookEvent.objects.exists()


def test_a_body_changed_after_signing_gets_403(client, rosa):
    request = signed(received("ev-6", "6175550101", "hello"))
    request["data"] = request["data"].replace(b"hello", b"STOP")
    assert client.post(URL, **request).status_code == 403
    assert not TextConsent.objects.get(contact=rosa).opted_out


def test_a_signature_with_another_key_gets_403(client, rosa):
    response = _post(client, received("ev-7", "6175550101", "STOP"), secret="not-the-key")  # noqa: S106
    assert response.status_code == 403
    assert not TextConsent.objects.get(contact=rosa).opted_out


def test_a_replayed_webhook_has_no_second_effect(client, rosa):
    body = received("ev-8", "6175550101", "Gracias")
    assert _post(client, body).json()["outcome"] == "noted"
    again = _post(client, body)  # same event id, freshly signed
    assert again.status_code == 200 and again.json()["outcome"] == "replayed"
    assert Conversation.objects.filter(contact=rosa).count() == 1


def test_a_webhook_signed_too_long_ago_is_refused(client, rosa, settings):
    old = time.time() - settings.TEXT_WEBHOOK_MAX_AGE_SECONDS - 60
    response = _post(client, received("ev-9", "6175550101", "STOP"), at=old)
    assert response.status_code == 403
    assert not TextConsent.objects.get(contact=rosa).opted_out


def test_a_body_over_the_limit_gets_413(client, rosa, settings):
    body = received("ev-10", "6175550101", "x" * (settings.TEXT_WEBHOOK_MAX_BYTES + 1))
    assert _post(client, body).status_code == 413
    assert not Conversation.objects.exists()


def test_a_signed_body_that_is_not_an_event_gets_400(client):
    assert client.post(URL, **signed(b"not json")).status_code == 400
    assert client.post(URL, **signed({"event": "sms:received"})).status_code == 400


def test_a_get_is_refused(client):
    assert client.get(URL).status_code == 405


def test_the_phone_s_delivery_report_marks_the_text_delivered(client, rosa):
    text = services.contact_text(contact=rosa, purpose="reminders", body="Hola", key="d:1")
    envelope = {
        "event": "sms:delivered",
        "id": "ev-11",
        "payload": {"messageId": text.gateway_id, "phoneNumber": "+16175550101"},
    }
    assert _post(client, envelope).json()["outcome"] == "status"
    text.refresh_from_db()
    assert text.status == OutgoingText.Status.DELIVERED
    failed = {**envelope, "id": "ev-12", "event": "sms:failed"}
    _post(client, failed)
    text.refresh_from_db()
    assert text.status == OutgoingText.Status.DELIVERED  # a status never goes back
    assert texts.record_gateway_event(gateway_id="unknown", event="sms:sent") is False
