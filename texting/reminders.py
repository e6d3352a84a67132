"""Reminders by text to contacts who agreed to them (TextConsent.reminders), through
texting.services.contact_text, which checks consent and opt-out once more for each text:

- a serve reminder, the day before a serve, to the contacts met at that site's recent serves:
  those quick add recorded at one of the site's serves of the last SERVE_REMINDER_WEEKS weeks
  (their "Serve #12" note). A conversation does not say which serve it was held at, so a
  contact only talked with is not reminded of a site they may never have come to;
- "your delivery is on its way", when the driver sets off on the run (delivery_run_start), for
  the requests whose lead ticked "Text them when the driver sets off".

A text says when and which site, never an address (the site's name only), a grievance or
another person's name. Each has its own idempotency key, so a job run twice sends once."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from contacts.models import Contact
from core import texts
from distribution.models import DeliveryRequest, Serve
from distribution.reach import first_met_at_serves
from texting.models import TextConsent
from texting.services import NotTextable, contact_text

logger = logging.getLogger(__name__)

# How far back a serve still makes its site "theirs": about a season of weekly serves.
SERVE_REMINDER_WEEKS = 12


def _body(contact: Contact, template: str, context: dict) -> str:
    language = contact.language if contact.language in dict(settings.LANGUAGES) else None
    with translation.override(language or settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "org": settings.ORGANIZATION_NAME})
    return " ".join(body.split())


def _send(contact: Contact, *, body: str, key: str) -> bool:
    try:
        contact_text(contact=contact, purpose=TextConsent.Purpose.REMINDERS, body=body, key=key)
    except NotTextable:
        return False
    except texts.TextRefused as refused:
        logger.warning("Reminder %s not queued: %s", key.split(":")[0], refused)
        return False
    return True


def _consenting():
    """Active contacts whose consent allows reminders (texting.models.skip_reason's rule in
    SQL); contact_text checks each one's phone, and their consent once more, as it sends."""
    consents = TextConsent.objects.allowing(TextConsent.Purpose.REMINDERS)
    return Contact.objects.active().filter(pk__in=consents.values("contact_id"))


def serve_reminders_text(*, today: date | None = None) -> int:
    """Text tomorrow's serves to the consenting contacts met at each one's site lately.
    Returns how many texts were queued (a key queued before counts again, sending nothing)."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    since = tomorrow - timedelta(weeks=SERVE_REMINDER_WEEKS)
    queued = 0
    serves = Serve.objects.filter(date=tomorrow, status=Serve.Status.OPEN).select_related("site")
    for serve in serves:
        recent = Serve.objects.filter(site_id=serve.site_id, date__range=(since, tomorrow))
        contacts = _consenting().filter(first_met_at_serves(recent.values_list("pk", flat=True)))
        for contact in contacts.order_by("pk"):
            body = _body(contact, "texting/texts/serve_reminder.txt", {"serve": serve})
            queued += _send(
                contact, body=body, key=f"serve-reminder:{serve.pk}:contact:{contact.pk}"
            )
    return queued


def deliveries_on_the_way_text(*, delivery_ids: list[int]) -> int:
    """Text the contacts of these requests, now out with the driver, that it is on its way
    (only requests set to, and contacts who agreed). Returns how many texts were queued."""
    deliveries = DeliveryRequest.objects.filter(
        pk__in=delivery_ids,
        status=DeliveryRequest.Status.OUT,
        text_on_the_way=True,
        contact__isnull=False,
    ).select_related("contact")
    queued = 0
    for delivery in deliveries.order_by("pk"):
        body = _body(delivery.contact, "texting/texts/on_the_way.txt", {})
        key = f"on-the-way:{delivery.pk}:contact:{delivery.contact_id}"
        queued += _send(delivery.contact, body=body, key=key)
    return queued
