"""Reminders by text to contacts who agreed to them, through texting.services.contact_text,
sent by a real worker to the fake phone: a serve tomorrow (to the contacts met at that site's
recent serves) and a delivery on its way (when the driver sets off, if the lead ticked it)."""

import datetime as dt

import pytest
from django.utils import timezone

from core.models import OutgoingText
from distribution import services as distribution
from tests.factories.accounts import UserFactory
from tests.factories.contacts import ContactFactory
from tests.factories.distribution import DeliveryRequestFactory, ServeFactory, SiteFactory
from tests.texting.conftest import wait_for
from texting import reminders, services, tasks
from texting.models import TextConsent

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate()
TOMORROW = TODAY + dt.timedelta(days=1)


def _met_at(serve, phone, *, name="Rosa", language="es", consent=True):
    contact = ContactFactory(
        name=name,
        phone=phone,
        language=language,
        first_met="serve",
        first_met_on=serve.date,
        first_met_note=f"Serve #{serve.pk}",
    )
    if consent:
        services.consent_record(
            contact=contact, by=None, reminders=True, organizing=False, language=language
        )
    return contact


def test_contacts_met_at_the_site_lately_who_agreed_are_reminded_once(gateway, celery_worker):
    site = SiteFactory(name="Central Square", address="45 Pearl St")
    last_week = ServeFactory(site=site, date=TODAY - dt.timedelta(days=6))
    ServeFactory(site=site, date=TOMORROW)
    rosa = _met_at(last_week, "+16175550160")
    _met_at(last_week, "+16175550161", name="Ana", consent=False)
    opted_out = _met_at(last_week, "+16175550162", name="Eva")
    services.opt_out_record(contact=opted_out, by=None, via=TextConsent.Via.ORGANIZER)
    long_ago = ServeFactory(site=site, date=TODAY - dt.timedelta(weeks=20))
    _met_at(long_ago, "+16175550163", name="Gil")
    elsewhere = ServeFactory(site=SiteFactory(name="Egleston"), date=TODAY - dt.timedelta(days=6))
    _met_at(elsewhere, "+16175550164", name="Ivo")

    tasks.text_serve_reminders.delay()
    tasks.text_serve_reminders.delay()  # beat's run delivered twice
    sent = lambda: OutgoingText.objects.filter(status=OutgoingText.Status.SENT).exists()  # noqa: E731
    assert wait_for(sent)
    assert not wait_for(lambda: gateway.requests > 1, timeout=3)

    [message] = gateway.received
    assert message["phoneNumbers"] == ["+16175550160"]
    body = message["textMessage"]["text"]
    assert "Central Square" in body and "mañana" in body and "ALTO" in body
    assert "Pearl" not in body
    assert OutgoingText.objects.get().idempotency_key.endswith(f":contact:{rosa.pk}")


def test_a_delivery_on_its_way_is_texted_when_the_driver_sets_off(gateway, celery_worker):
    driver = UserFactory(email="dana@example.org", is_driver=True)
    serve = ServeFactory(date=TODAY - dt.timedelta(days=3))
    rosa = _met_at(serve, "+16175550165", language="en")
    ana = _met_at(serve, "+16175550166", name="Ana", language="en")
    ticked = DeliveryRequestFactory(
        contact=rosa, driver=driver, status="assigned", date=TODAY, text_on_the_way=True
    )
    DeliveryRequestFactory(
        contact=ana, driver=driver, status="assigned", date=TODAY, text_on_the_way=False
    )

    assert distribution.delivery_run_start(driver=driver, day=TODAY) == 2

    sent = lambda: OutgoingText.objects.filter(status=OutgoingText.Status.SENT).exists()  # noqa: E731
    assert wait_for(sent)
    [message] = gateway.received
    assert message["phoneNumbers"] == ["+16175550165"]
    assert "on its way" in message["textMessage"]["text"]
    assert "Dorchester" not in message["textMessage"]["text"]
    # The task run again sends nothing new.
    assert tasks.text_deliveries_on_the_way.apply(args=[[ticked.pk]]).get() == 1
    assert not wait_for(lambda: gateway.requests > 1, timeout=3)
    assert OutgoingText.objects.count() == 1


def test_on_its_way_needs_consent_to_reminders(gateway):
    driver = UserFactory(email="dana@example.org", is_driver=True)
    contact = ContactFactory(name="Ana", phone="+16175550167")
    services.consent_record(
        contact=contact, by=None, reminders=False, organizing=True, language="en"
    )
    delivery = DeliveryRequestFactory(
        contact=contact, driver=driver, status="out", date=TODAY, text_on_the_way=True
    )

    assert reminders.deliveries_on_the_way_text(delivery_ids=[delivery.pk]) == 0
    assert OutgoingText.objects.count() == 0


def test_every_reminder_text_fits_in_three_segments_in_both_languages():
    from core import texts

    site = SiteFactory(name="Iglesia de San Juan Bautista, salón parroquial")
    serve = ServeFactory(site=site, date=TOMORROW)
    for language in ("en", "es"):
        contact = ContactFactory(name="Rosa", phone="+16175550168", language=language)
        for template, context in [
            ("texting/texts/serve_reminder.txt", {"serve": serve}),
            ("texting/texts/on_the_way.txt", {}),
        ]:
            body = reminders._body(contact, template, context)
            assert texts.segments(body) <= texts.MAX_SEGMENTS
        contact.delete()
