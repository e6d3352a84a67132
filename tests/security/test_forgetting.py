"""Forgetting a contact, and the retention purge, leave none of their personal data anywhere:
not in any table (the access log, the level history and the grievances included), not in an
encrypted column read back with the key, not in a session, not in the log.

Each test records a contact through the pages, with a distinctive string in every personal
field, reads and exports them (access-log lines), forgets them, then searches a raw pg_dump,
every decrypted value and every decoded session for each string."""

import logging
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, ContactAccess, normalize_phone
from contacts.services import contacts_purge_inactive
from investigation.models import Grievance
from tests.factories.contacts import development_level
from tests.factories.investigation import BaseAreaFactory, category
from tests.security.dump import decrypted_values, raw_dump

# Made-up words no fixture, translation or template holds: any trace of them is a leak.
PERSONAL = {
    "name": "Zuleika Quispeflor",
    "phone": "617-555-0173",
    "address": "41 Zenobia Terrace, Apt 9",
    "notes": "Zorblax cleans offices on Quillmont St",
    "dietary_needs": "Zorblax-free, no peanuts",
    "first_met_note": "Quillmont laundromat corner",
    "household_size": "7",
}
SAID = {
    "summary": "Zorblax said her cousin was detained last spring",
    "reason": "Zorblax brought the whole floor to the meeting",
    "description": "Zorblax landlord shut off the heat on Quillmont St",
}
KEPT = "Marta Keepsake"  # a contact nobody forgets
KEPT_NOTE = "Serve #3 keepsake"  # in clear on her row: proves the dump did capture rows


def _traces() -> list[str]:
    return [v for k, v in (PERSONAL | SAID).items() if k != "household_size"] + [
        normalize_phone(PERSONAL["phone"])
    ]


def _record_and_read(client, investigator) -> Contact:
    """Everything an investigator does with a contact, through the pages."""
    area = BaseAreaFactory(name="Quillmont")
    level = development_level("Advanced")
    kept = {"name": KEPT, "phone": "617-555-0999", "first_met_note": KEPT_NOTE}
    for fields in (PERSONAL, kept):
        response = client.post(
            reverse("contacts:create"),
            {
                **fields,
                "reach": "any",
                "consent": "on",
                "language": "es",
                "base_area": area.pk,
                "first_met": "serve",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
    contact = Contact.objects.get(name=PERSONAL["name"])
    today = timezone.localdate().isoformat()
    steps = [
        (
            reverse("contacts:conversation_create", args=[contact.pk]),
            {"held_on": today, "channel": "serve", "summary": SAID["summary"],
             "follow_up_due": today},
        ),
        (
            reverse("contacts:assess", args=[contact.pk]),
            {"level": level.pk, "assessed_on": today, "reason": SAID["reason"]},
        ),
        (
            reverse("investigation:grievance_create") + f"?contact={contact.pk}",
            {"base_area": area.pk, "category": category("Utilities").pk, "severity": "3",
             "recorded_on": today, "status": "open", "description": SAID["description"]},
        ),
    ]  # fmt: skip
    for url, data in steps:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.context["form"].errors)
    assert client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 200
    assert client.post(reverse("contacts:export"), {"name": "Zuleika"}).status_code == 200
    logged = ContactAccess.objects.filter(contact=contact).values_list("action", flat=True)
    assert sorted(logged) == ["exported", "viewed"]
    return contact


def _sessions_text() -> str:
    return " ".join(str(session.get_decoded()) for session in Session.objects.all())


def _assert_no_trace_of_them() -> None:
    dump = raw_dump()
    assert KEPT_NOTE in dump  # the dump holds the rows that should be there
    assert [t for t in _traces() if t in dump] == [], "personal data left in the database"
    decrypted = " ".join(v for values in decrypted_values().values() for v in values)
    assert [t for t in _traces() if t in decrypted] == [], "left in an encrypted column"
    assert [t for t in _traces() if t in _sessions_text()] == [], "left in a session"


@pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows
def test_forgetting_a_contact_leaves_no_personal_data_in_any_table(client, investigator, caplog):
    caplog.set_level(logging.DEBUG)
    client.force_login(investigator)
    contact = _record_and_read(client, investigator)
    dump = raw_dump()
    assert PERSONAL["first_met_note"] in dump  # before: there (not personal enough to seal)
    assert PERSONAL["name"] not in dump  # names are sealed too

    response = client.post(reverse("contacts:forget", args=[contact.pk]), {"confirm": "on"})

    assert response.status_code == 302
    _assert_no_trace_of_them()
    grievance = Grievance.objects.get(contact=contact)  # the count stays true
    assert (grievance.severity, grievance.base_area.name, grievance.description) == (
        3,
        "Quillmont",
        "",
    )
    assert ContactAccess.objects.filter(contact=contact, action="forgotten").count() == 1
    assert client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 404
    assert "Not Found: /contacts/" in caplog.text  # the log did capture the requests...
    assert [t for t in _traces() if t in caplog.text] == []  # ...and none of what was typed


@pytest.mark.django_db(transaction=True)
def test_the_retention_purge_leaves_no_personal_data_in_any_table(client, investigator, settings):
    settings.CONTACT_RETENTION_MONTHS = 12
    client.force_login(investigator)
    contact = _record_and_read(client, investigator)
    Contact.objects.filter(pk=contact.pk).update(
        last_activity_at=timezone.now() - timedelta(days=400)
    )

    assert contacts_purge_inactive().purged == 1

    _assert_no_trace_of_them()
    assert Contact.objects.get(name=KEPT).forgotten_at is None
