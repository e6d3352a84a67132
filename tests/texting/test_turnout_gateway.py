"""Turnout texts through the real android-sms-gateway client to the local fake of the phone,
sent by a real Celery worker: each recipient's status (sent, delivered, failed and why,
replied) on the turnout page, the skip counts, and a turnout sent once however often it is
sent or its tasks run."""

import pytest
from django.urls import reverse

from contacts.models import Conversation
from core import tasks
from core.models import OutgoingText
from tests.factories.texting import turnout_draft, turnout_site
from tests.texting.conftest import received, signed, wait_for
from texting import turnout as service
from texting.models import TurnoutRecipient

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(investigator):
    """The committee's meeting texted to its site: Rosa (Spanish) and Ana (English) consent;
    Bea opted out, Carl agreed to reminders only, Dee never agreed, Eli has no phone."""
    site = turnout_site()
    turnout = turnout_draft(site, investigator, place="Community room")
    service.turnout_send(turnout=turnout, by=investigator)
    return site, turnout


def _status(site, name):
    return TurnoutRecipient.objects.select_related("text").get(contact=site.people[name])


def _statuses(as_investigator, turnout) -> dict[str, str]:
    page = as_investigator.get(reverse("texting:turnout_detail", args=[turnout.pk]))
    return {r.contact.name: r.shown for r in page.context["recipients"]}


def test_the_texts_go_out_through_the_phone_and_the_page_shows_them_sent(
    gateway, celery_worker, as_investigator, sent
):
    site, turnout = sent
    assert wait_for(lambda: len(gateway.received) == 2)
    assert wait_for(
        lambda: OutgoingText.objects.filter(status=OutgoingText.Status.SENT).count() == 2
    )
    by_phone = {m["phoneNumbers"][0]: m["textMessage"]["text"] for m in gateway.received}
    assert set(by_phone) == {"+16175550101", "+16175550102"}
    assert by_phone["+16175550101"].startswith("Hola Rosa, soy Ines")
    assert by_phone["+16175550102"].startswith("Hi Ana, it's Ines")
    for body in by_phone.values():  # nobody's grievance, address or other people in it
        assert "Winn" not in body and "Elm" not in body and "Bea" not in body
    assert _statuses(as_investigator, turnout) == {"Rosa Díaz": "sent", "Ana Lee": "sent"}
    page = as_investigator.get(reverse("texting:turnout_detail", args=[turnout.pk])).content
    text = page.decode()
    assert 'data-count="opted_out">1<' in text
    assert 'data-count="no_consent">2<' in text
    assert 'data-count="no_phone">1<' in text


def test_a_number_the_gateway_refuses_shows_failed_with_the_reason(
    gateway, celery_worker, as_investigator, investigator
):
    gateway.fail_next = [400, 400]
    site = turnout_site()
    turnout = turnout_draft(site, investigator, title="Meeting")
    service.turnout_send(turnout=turnout, by=investigator)
    assert wait_for(
        lambda: OutgoingText.objects.filter(status=OutgoingText.Status.FAILED).count() == 2
    )
    assert _statuses(as_investigator, turnout) == {"Rosa Díaz": "failed", "Ana Lee": "failed"}
    page = as_investigator.get(reverse("texting:turnout_detail", args=[turnout.pk]))
    assert "gateway refused the text (400)" in page.content.decode()
    assert gateway.received == []


def test_the_phones_reports_and_a_reply_show_on_the_page(
    gateway, celery_worker, client, as_investigator, sent
):
    site, turnout = sent
    assert wait_for(
        lambda: OutgoingText.objects.filter(status=OutgoingText.Status.SENT).count() == 2
    )
    rosa_text, ana_text = (_status(site, name).text for name in ("Rosa Díaz", "Ana Lee"))
    delivered = {
        "event": "sms:delivered",
        "id": "ev-t1",
        "payload": {"messageId": ana_text.gateway_id},
    }
    assert client.post("/texts/webhook/", **signed(delivered)).json()["outcome"] == "status"
    failed = {
        "event": "sms:failed",
        "id": "ev-t2",
        "payload": {"messageId": rosa_text.gateway_id, "reason": "RESULT_ERROR_NO_SERVICE"},
    }
    client.post("/texts/webhook/", **signed(failed))
    assert _statuses(as_investigator, turnout) == {"Rosa Díaz": "failed", "Ana Lee": "delivered"}
    page = as_investigator.get(reverse("texting:turnout_detail", args=[turnout.pk]))
    assert "RESULT_ERROR_NO_SERVICE" in page.content.decode()

    reply = received("ev-t3", "+16175550102", "Yes I'll be there")
    assert client.post("/texts/webhook/", **signed(reply)).json()["outcome"] == "noted"
    assert _statuses(as_investigator, turnout)["Ana Lee"] == "replied"
    # What they said is a note in their conversations, not on the turnout.
    note = Conversation.objects.get(contact=site.people["Ana Lee"])
    assert note.summary == "Replied by text: Yes I'll be there"
    # The same webhook again changes nothing.
    assert client.post("/texts/webhook/", **signed(reply)).json()["outcome"] == "replayed"
    assert Conversation.objects.filter(contact=site.people["Ana Lee"]).count() == 1


def test_a_turnout_sent_twice_and_its_tasks_run_twice_sends_each_text_once(
    gateway, celery_worker, investigator, sent
):
    site, turnout = sent
    assert wait_for(
        lambda: OutgoingText.objects.filter(status=OutgoingText.Status.SENT).count() == 2
    )
    assert service.turnout_send(turnout=turnout, by=investigator) == 0  # a double submit
    for text in OutgoingText.objects.all():
        tasks.send_text.delay(text.pk)  # the broker delivers them again
        assert tasks.send_text.apply(args=[text.pk]).get() is False
    assert not wait_for(lambda: gateway.requests > 2, timeout=3)
    assert len(gateway.received) == 2
    assert OutgoingText.objects.count() == 2
    assert TurnoutRecipient.objects.filter(turnout=turnout).count() == 2
