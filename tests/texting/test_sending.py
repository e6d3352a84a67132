"""Texts to contacts go out through the real android-sms-gateway client to a local fake of
the phone's API, sent by a real Celery worker: only with consent, retried after a gateway
error, once however often the task runs."""

import pytest

from core import tasks, texts
from core.models import OutgoingText
from tests.factories.contacts import ContactFactory
from tests.texting.conftest import wait_for
from texting import services
from texting.models import TextConsent

pytestmark = pytest.mark.django_db(transaction=True)


def _consenting(phone="+16175550101", **purposes):
    contact = ContactFactory(name="Rosa", phone=phone, language="es")
    services.consent_record(
        contact=contact,
        by=None,
        reminders=purposes.get("reminders", True),
        organizing=purposes.get("organizing", False),
        language="es",
    )
    return contact


def _status(key):
    return OutgoingText.objects.get(idempotency_key=key).status


def test_a_consenting_contact_gets_the_text_through_the_phone(gateway, celery_worker):
    contact = _consenting()
    services.contact_text(
        contact=contact, purpose="reminders", body="Reparto el lunes 5:30pm", key="t:1"
    )
    assert wait_for(lambda: _status("t:1") == OutgoingText.Status.SENT)
    [message] = gateway.received
    assert message["phoneNumbers"] == ["+16175550101"]
    assert message["textMessage"] == {"text": "Reparto el lunes 5:30pm"}
    assert message["id"] == texts.gateway_id_for("t:1")
    assert message["withDeliveryReport"] is True


def test_no_text_goes_without_consent_for_that_purpose(gateway, celery_worker):
    never_asked = ContactFactory(name="Ana", phone="+16175550102")
    reminders_only = _consenting(phone="+16175550103", reminders=True, organizing=False)
    with pytest.raises(services.NotTextable):
        services.contact_text(contact=never_asked, purpose="reminders", body="Hi", key="t:2")
    with pytest.raises(services.NotTextable):
        services.contact_text(
            contact=reminders_only, purpose="organizing", body="Meeting", key="t:3"
        )
    assert OutgoingText.objects.count() == 0
    assert gateway.requests == 0


def test_an_opt_out_wins_over_consent(gateway, celery_worker):
    contact = _consenting(organizing=True)
    services.opt_out_record(contact=contact, by=None, via=TextConsent.Via.ORGANIZER)
    with pytest.raises(services.NotTextable):
        services.contact_text(contact=contact, purpose="reminders", body="Hi", key="t:4")
    with pytest.raises(services.ConsentRefused):
        services.consent_record(
            contact=contact, by=None, reminders=True, organizing=True, language="en"
        )
    assert TextConsent.objects.get(contact=contact).opted_out
    assert gateway.requests == 0


def test_it_retries_after_a_gateway_500_and_sends_once(gateway, celery_worker):
    gateway.fail_next = [500, 503]
    contact = _consenting()
    services.contact_text(contact=contact, purpose="reminders", body="Hola", key="t:5")
    assert wait_for(lambda: _status("t:5") == OutgoingText.Status.SENT)
    assert gateway.requests == 3
    assert len(gateway.received) == 1
    assert OutgoingText.objects.get(idempotency_key="t:5").attempts == 3


def test_a_task_run_twice_sends_one_text(gateway, celery_worker):
    contact = _consenting()
    text = services.contact_text(contact=contact, purpose="reminders", body="Hola", key="t:6")
    assert wait_for(lambda: _status("t:6") == OutgoingText.Status.SENT)
    tasks.send_text.delay(text.pk)  # the broker delivers it again
    assert tasks.send_text.apply(args=[text.pk]).get() is False  # and a second run in-process
    # Queueing the same key again queues nothing.
    again = services.contact_text(contact=contact, purpose="reminders", body="Hola", key="t:6")
    assert again.pk == text.pk
    assert wait_for(lambda: gateway.requests >= 1)
    assert not wait_for(lambda: gateway.requests > 1, timeout=3)
    assert len(gateway.received) == 1
    assert OutgoingText.objects.count() == 1


def test_a_resend_of_a_text_the_gateway_already_has_counts_as_sent(gateway):
    """A worker that died after the phone took the text: the claim goes stale, the resend
    carries the same id, and the phone's 409 means it has it."""
    contact = _consenting()
    text = services.contact_text(contact=contact, purpose="reminders", body="Hola", key="t:7")
    assert texts.send_queued(text_id=text.pk) is True
    OutgoingText.objects.filter(pk=text.pk).update(status=OutgoingText.Status.QUEUED)
    assert texts.send_queued(text_id=text.pk) is True
    assert len(gateway.received) == 1
    assert _status("t:7") == OutgoingText.Status.SENT


def test_a_number_the_gateway_refuses_fails_at_once_with_its_reason(gateway):
    gateway.fail_next = [400]
    contact = _consenting()
    text = services.contact_text(contact=contact, purpose="reminders", body="Hola", key="t:8")
    assert texts.send_queued(text_id=text.pk) is False
    text.refresh_from_db()
    assert (text.status, text.error) == (
        OutgoingText.Status.FAILED,
        "gateway refused the text (400)",
    )
    assert gateway.requests == 1
    assert "+1617" not in text.error


def test_the_last_retry_failing_marks_the_text_failed(gateway):
    gateway.fail_next = [500] * (tasks.send_text.max_retries + 1)
    contact = _consenting()
    text = services.contact_text(contact=contact, purpose="reminders", body="Hola", key="t:9")
    tasks.send_text.apply(args=[text.pk])  # eager: retries run in place, countdown 0
    text.refresh_from_db()
    assert text.status == OutgoingText.Status.FAILED
    assert text.error == "gateway answered 500"
    assert gateway.received == []


def test_forgetting_a_contact_makes_their_texts_unreadable(gateway, investigator):
    from contacts.services import contact_forget

    contact = _consenting()
    text = services.contact_text(contact=contact, purpose="reminders", body="Hola", key="t:10")
    contact_forget(contact=contact, by=investigator)
    text = OutgoingText.objects.get(pk=text.pk)
    assert text.key_id is None  # their data key is gone: number and text with it
    assert (text.phone, text.body) == ("", "")
