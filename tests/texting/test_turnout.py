"""Turnout texts as a service: who of a site's contacts gets one (and who is skipped, and
why), one personal text each in their language, sent once, and who came counted once."""

from datetime import time

import pytest

from core import texts
from core.models import AuditEntry, OutgoingText
from investigation.models import CampaignAction
from tests.factories.texting import site_contact, turnout_draft, turnout_site
from texting import turnout as service
from texting.models import Turnout, TurnoutRecipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return turnout_site()


def _draft(site, by, **fields):
    return turnout_draft(
        site, by, **{"starts_at": time(19, 0), "place": "Community room", **fields}
    )


def test_the_list_is_the_sites_consenting_contacts_and_the_others_are_counted(site):
    crowd = service.audience(site.area, site.landlord)
    assert sorted(contact.name for contact, _lang in crowd.textable) == ["Ana Lee", "Rosa Díaz"]
    assert crowd.counts() == {"textable": 2, "opted_out": 1, "no_consent": 2, "no_phone": 1}


def test_each_consenting_contact_gets_one_personal_text_in_their_language(site, investigator):
    turnout = _draft(site, investigator)
    assert service.turnout_send(turnout=turnout, by=investigator) == 2
    rosa, ana = site.people["Rosa Díaz"], site.people["Ana Lee"]
    texts_sent = {t.idempotency_key: t for t in OutgoingText.objects.all()}
    assert set(texts_sent) == {
        f"turnout:{turnout.pk}:contact:{rosa.pk}",
        f"turnout:{turnout.pk}:contact:{ana.pk}",
    }
    to_rosa = texts_sent[f"turnout:{turnout.pk}:contact:{rosa.pk}"]
    assert to_rosa.language == "es" and to_rosa.phone == "+16175550101"
    assert to_rosa.body == (
        "Hola Rosa, soy Ines del reparto de comida. Tenants' meeting: jueves 10 de diciembre, "
        "19:00, en Community room. ¿Viene? Si no quiere mensajes, responda ALTO."
    )
    to_ana = texts_sent[f"turnout:{turnout.pk}:contact:{ana.pk}"]
    assert to_ana.body == (
        "Hi Ana, it's Ines from the food distribution. Tenants' meeting: Thursday, "
        "December 10, 7:00 PM, at Community room. Can you come? Reply STOP to stop texts."
    )
    turnout.refresh_from_db()
    assert (turnout.skipped_opted_out, turnout.skipped_no_consent, turnout.skipped_no_phone) == (
        1,
        2,
        1,
    )
    assert turnout.sent_by == investigator and turnout.sent_at is not None
    assert TurnoutRecipient.objects.filter(turnout=turnout).count() == 2
    assert AuditEntry.objects.filter(
        kind=AuditEntry.Kind.TURNOUT_SEND, object_id=turnout.pk, detail__texts=2
    ).exists()


def test_sending_twice_sends_once(site, investigator):
    turnout = _draft(site, investigator)
    service.turnout_send(turnout=turnout, by=investigator)
    assert service.turnout_send(turnout=turnout, by=investigator) == 0
    assert OutgoingText.objects.count() == 2
    assert TurnoutRecipient.objects.count() == 2


def test_a_text_too_long_for_a_name_added_since_sends_nothing_at_all(site, investigator):
    template = "Hi {first_name}! " + "x" * 440
    turnout = _draft(site, investigator, template_en=template)
    site_contact(site, "Maximiliano-Bartholomew", phone="+16175550199", organizing=True)
    with pytest.raises(service.TurnoutRefused):
        service.turnout_send(turnout=turnout, by=investigator)
    assert OutgoingText.objects.count() == 0
    assert not TurnoutRecipient.objects.exists()
    assert Turnout.objects.get(pk=turnout.pk).sent_at is None


def test_a_sent_turnout_cannot_be_changed(site, investigator):
    turnout = _draft(site, investigator)
    service.turnout_send(turnout=turnout, by=investigator)
    with pytest.raises(service.TurnoutRefused):
        service.turnout_save(by=investigator, action=site.meeting, turnout=turnout, title="New")


def test_who_came_is_counted_once_however_often_it_is_recorded(site, investigator):
    site.meeting.turnout = 5  # counted at the door already
    site.meeting.save()
    turnout = _draft(site, investigator)
    service.turnout_send(turnout=turnout, by=investigator)
    rosa, ana = TurnoutRecipient.objects.order_by("contact__pk")
    assert service.turnout_came(turnout=turnout, by=investigator, came={rosa.pk, ana.pk}) == 7
    assert service.turnout_came(turnout=turnout, by=investigator, came={rosa.pk, ana.pk}) == 7
    assert service.turnout_came(turnout=turnout, by=investigator, came={rosa.pk}) == 6
    assert CampaignAction.objects.get(pk=site.meeting.pk).turnout == 6
    assert list(TurnoutRecipient.objects.filter(came=True)) == [rosa]


def test_the_placeholders_are_checked_and_the_longest_name_counts(site):
    crowd = service.audience(site.area, site.landlord)
    details = {"action": site.meeting, "title": "Meeting", "starts_at": None, "place": "Hall"}
    assert "{address}" in service.template_problem(
        "Hi {address}", language="en", details=details, crowd=crowd, organizer="Ines"
    )
    fits = "{first_name} " + "x" * (3 * 153 - 5)  # "Ana" fits; "Guadalupe" would not
    assert (
        service.template_problem(
            fits, language="en", details=details, crowd=crowd, organizer="Ines"
        )
        == ""
    )
    assert texts.segments(service.render(fits, {"first_name": "Ana"})) == 3


def test_a_reply_marks_the_latest_turnout_text_to_that_contact(site, investigator):
    first = _draft(site, investigator)
    service.turnout_send(turnout=first, by=investigator)
    second = _draft(site, investigator)
    service.turnout_send(turnout=second, by=investigator)
    rosa = site.people["Rosa Díaz"]
    assert TurnoutRecipient.objects.reply_received([rosa]) == 1
    replied = TurnoutRecipient.objects.get(replied_at__isnull=False)
    assert (replied.turnout, replied.contact) == (second, rosa)
    assert replied.shown == TurnoutRecipient.Shown.REPLIED
