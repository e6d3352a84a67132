"""Two organizers editing one contact at once lose nothing: a save carries the version its form
was loaded with, and a save over someone else's is refused with both versions shown. The other
paths that change a contact (assessments, quick add, forgetting) write only their own fields
and never bring back what an open edit form holds."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from contacts import services
from contacts.forms import ContactForm
from contacts.models import Contact, ContactAccess
from investigation import services as investigation_services
from tests.factories.accounts import UserFactory
from tests.factories.contacts import ContactFactory, development_level
from tests.factories.investigation import BaseAreaFactory

CONFLICT = "Someone else saved this contact while you were editing."


def _loaded(contact_pk: int) -> dict:
    """What the edit page shows: the contact's fields and version, as the browser posts them."""
    form = ContactForm(instance=Contact.objects.get(pk=contact_pk))
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue  # an empty field or an unticked box is not posted
        data[field.name] = "on" if value is True else value
    return data


def _edit_url(contact) -> str:
    return reverse("contacts:edit", args=[contact.pk])


@pytest.mark.django_db
def test_a_save_over_someone_elses_is_refused_and_keeps_what_was_typed(as_investigator):
    contact = ContactFactory(name="Rosa", notes="met at the serve", address="12 Elm St")
    mine, theirs = _loaded(contact.pk), _loaded(contact.pk)

    theirs["address"] = "40 Oak Ave"
    assert as_investigator.post(_edit_url(contact), theirs).status_code == 302
    mine["notes"] = "wants to join the tenants' group"
    response = as_investigator.post(_edit_url(contact), mine)

    assert response.status_code == 409
    body = response.content.decode()
    assert CONFLICT in body
    assert "wants to join the tenants&#x27; group" in body  # what I typed stays in the form
    assert response.context["form"].saved_meanwhile == [
        {"label": "Address", "value": "40 Oak Ave"},  # their change
        {"label": "Notes", "value": "met at the serve"},  # mine, not saved
    ]
    contact.refresh_from_db()
    assert (contact.notes, contact.address) == ("met at the serve", "40 Oak Ave")
    assert contact.version == 2

    # Saving the re-shown form again is a knowing choice: it carries the new version.
    again = response.context["form"].data.copy()
    again["address"] = "40 Oak Ave"
    assert as_investigator.post(_edit_url(contact), again).status_code == 302
    contact.refresh_from_db()
    assert (contact.notes, contact.address, contact.version) == (
        "wants to join the tenants' group",
        "40 Oak Ave",
        3,
    )
    assert ContactAccess.objects.filter(action=ContactAccess.Action.EDITED).count() == 2


@pytest.mark.django_db
def test_the_spanish_conflict_message_is_informal(as_investigator, investigator):
    investigator.language = "es"
    investigator.save()
    contact = ContactFactory(name="Rosa")
    stale = _loaded(contact.pk)
    services.contact_update(
        contact=contact, by=investigator, consent=False, version=1, name="Rosa B", phone=""
    )
    response = as_investigator.post(_edit_url(contact), stale)
    assert response.status_code == 409
    assert "Alguien más guardó este contacto mientras lo editabas." in response.content.decode()


@pytest.mark.django_db
def test_an_edit_opened_before_forgetting_cannot_bring_the_data_back(as_investigator, investigator):
    contact = ContactFactory(name="Rosa", phone="617-555-0142", notes="lives on Elm")
    stale = _loaded(contact.pk)
    services.contact_forget(contact=contact, by=investigator)

    assert as_investigator.post(_edit_url(contact), stale).status_code == 404
    contact.refresh_from_db()
    assert (contact.name, contact.phone, contact.notes) == ("", "", "")
    assert contact.forgotten_at is not None


@pytest.mark.django_db
def test_an_assessment_while_the_form_is_open_is_not_undone(as_investigator, investigator):
    contact = ContactFactory(name="Rosa", development_level=development_level("Backward"))
    stale = _loaded(contact.pk)
    advanced = development_level("Advanced")
    services.contact_assess(contact=contact, level=advanced, by=investigator)

    stale["notes"] = "came to the meeting"
    assert as_investigator.post(_edit_url(contact), stale).status_code == 302
    contact.refresh_from_db()
    assert contact.development_level == advanced  # the edit writes only the form's fields
    assert contact.notes == "came to the meeting"


@pytest.mark.django_db
def test_a_quick_add_setting_the_base_area_refuses_a_form_opened_before(
    as_investigator, investigator
):
    contact = ContactFactory(name="Rosa", phone="617-555-0142", base_area=None)
    stale = _loaded(contact.pk)
    area = BaseAreaFactory(name="Maverick Sq")
    investigation_services.contact_quick_add(
        by=investigator, name="Rosa", phone="617-555-0142", base_area=area
    )

    stale["notes"] = "prefers mornings"
    response = as_investigator.post(_edit_url(contact), stale)
    assert response.status_code == 409
    contact.refresh_from_db()
    assert contact.base_area == area  # not blanked by the form opened before
    assert contact.notes == ""


@pytest.mark.django_db
def test_a_quick_add_keeps_a_base_area_set_meanwhile(investigator):
    first, second = BaseAreaFactory(name="Maverick Sq"), BaseAreaFactory(name="Eagle Hill")
    contact = ContactFactory(name="Rosa", phone="617-555-0142", base_area=None)
    Contact.objects.filter(pk=contact.pk).update(base_area=first)  # an organizer, meanwhile
    investigation_services.contact_quick_add(
        by=investigator, name="Rosa", phone="617-555-0142", base_area=second
    )
    contact.refresh_from_db()
    assert contact.base_area == first


# --- many organizers at once, on real PostgreSQL ---------------------------------------------

FIELDS = ("name", "address", "notes", "dietary_needs", "first_met_note")  # one per organizer
EDITS_EACH = 4
ASSESSMENTS = 5
MAX_ATTEMPTS = 60


def _organizer(user, contact_pk: int, field: str, barrier) -> dict[str, int]:
    """Edit one field EDITS_EACH times. Each edit loads the form and saves it; a refused save
    is loaded again and re-applied, as an organizer would after reading the error. An edit is
    lost if, when the next one loads, the field no longer holds what landed."""
    client = Client()
    client.force_login(user)
    url = reverse("contacts:edit", args=[contact_pk])
    tried = landed = refused = lost = 0
    last = None
    try:
        barrier.wait()
        for n in range(EDITS_EACH):
            value = f"{field} {user.pk}.{n}"
            for _attempt in range(MAX_ATTEMPTS):
                data = _loaded(contact_pk)
                if last is not None and data.get(field) != last:
                    lost += 1
                    last = None
                data[field] = value
                response = client.post(url, data)
                tried += 1
                if response.status_code == 302:
                    landed += 1
                    last = value
                    break
                assert response.status_code == 409, response.status_code
                assert CONFLICT in response.content.decode()
                refused += 1
            else:
                raise AssertionError(f"{field}: no save landed in {MAX_ATTEMPTS} attempts")
    finally:
        connection.close()
    return {"tried": tried, "landed": landed, "refused": refused, "lost": lost, "last": last}


def _assessor(user, contact_pk: int, levels, barrier) -> list[int]:
    assessed = []
    try:
        barrier.wait()
        for n in range(ASSESSMENTS):
            contact = Contact.objects.get(pk=contact_pk)
            level = levels[n % len(levels)]
            services.contact_assess(contact=contact, level=level, by=user)
            assessed.append(level.pk)
    finally:
        connection.close()
    return assessed


@pytest.mark.django_db(transaction=True)
def test_organizers_editing_one_contact_at_once_lose_no_edit(capsys):
    organizers = [
        UserFactory(email=f"organizer{n}@example.org", is_investigator=True)
        for n in range(len(FIELDS))
    ]
    levels = [development_level("Advanced"), development_level("Intermediate")]
    contact = ContactFactory(name="Rosa", development_level=development_level("Backward"))
    barrier = threading.Barrier(len(FIELDS) + 1)

    with ThreadPoolExecutor(len(FIELDS) + 1) as pool:
        edits = [
            pool.submit(_organizer, user, contact.pk, field, barrier)
            for user, field in zip(organizers, FIELDS, strict=True)
        ]
        assessments = pool.submit(_assessor, organizers[0], contact.pk, levels, barrier)
        results = [edit.result() for edit in edits]
        assessed = assessments.result()

    contact.refresh_from_db()
    tried = sum(r["tried"] for r in results)
    landed = sum(r["landed"] for r in results)
    refused = sum(r["refused"] for r in results)
    lost = sum(r["lost"] for r in results)
    lost += sum(getattr(contact, f) != r["last"] for f, r in zip(FIELDS, results, strict=True))
    assessments_lost = int(contact.development_level_id != assessed[-1])
    counts = (
        f"concurrency: contact edits: {tried} tried ({landed} landed, {refused} refused and "
        f"re-applied), {lost} lost; assessments meanwhile: {len(assessed)} tried, "
        f"{assessments_lost} lost"
    )
    with capsys.disabled():
        print(f"\n{counts}")
    assert landed == len(FIELDS) * EDITS_EACH == 20, counts
    assert tried == landed + refused, counts
    assert lost == 0, counts
    assert assessments_lost == 0, counts
    assert contact.version == 1 + landed, counts  # every landed save was on the one before
    edited = ContactAccess.objects.filter(contact=contact, action=ContactAccess.Action.EDITED)
    assert edited.count() == landed, counts


# --- recording one person at several tables at once -------------------------------------------

TABLES = 4


def _at_once(work, n: int = TABLES) -> list:
    """Run work(i) in n threads released together; each closes its own connection."""
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait()
            return work(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


@pytest.mark.django_db(transaction=True)
def test_serve_tables_quick_adding_one_phone_at_once_make_one_contact(capsys):
    organizer = UserFactory(is_investigator=True)

    def quick_add(i):
        return investigation_services.contact_quick_add(
            by=organizer, name=f"Rosa {i}", phone="617-555-0142", summary=f"table {i}"
        ).created

    created = _at_once(quick_add)
    contacts = list(Contact.objects.with_phone("6175550142"))
    counts = (
        f"concurrency: quick adds of one phone: {TABLES} tried, {len(contacts)} contact(s), "
        f"{created.count(True)} created, {contacts[0].conversations.count()} conversations kept"
    )
    with capsys.disabled():
        print(f"\n{counts}")
    assert len(contacts) == 1, counts
    assert created.count(True) == 1, counts
    assert contacts[0].conversations.count() == TABLES, counts  # none of what they said lost


@pytest.mark.django_db(transaction=True)
def test_organizers_recording_one_phone_at_once_get_one_contact_and_no_error_page():
    organizers = [UserFactory(email=f"o{i}@example.org", is_investigator=True) for i in range(4)]
    data = {"phone": "617-555-0142", "reach": "any", "language": "es", "first_met": "serve"}

    def create(i):
        client = Client()
        client.force_login(organizers[i])
        response = client.post(reverse("contacts:create"), data | {"name": f"Rosa {i}"})
        return response.status_code, "already has this phone number" in response.content.decode()

    answers = _at_once(create)
    assert sorted(answers) == [(200, True)] * (TABLES - 1) + [(302, False)], answers
    assert Contact.objects.with_phone("6175550142").count() == 1


@pytest.mark.django_db(transaction=True)
def test_confirming_one_import_at_once_imports_it_once(investigator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(investigator)
    text = "name,phone\nRosa,617-555-0142\nKeisha,\n"  # Keisha has no phone to de-duplicate by
    upload = SimpleUploadedFile("contacts.csv", text.encode(), content_type="text/csv")
    preview = client.post(reverse("contacts:import"), {"file": upload})
    token = preview.context["confirm"]["token"].value()

    def confirm(i):
        tab = Client()
        tab.force_login(investigator)
        return tab.post(reverse("contacts:import"), {"token": token}).status_code

    answers = _at_once(confirm)
    again = client.post(reverse("contacts:import"), {"token": token}, follow=True)
    assert set(answers) == {302}, answers
    assert sorted(Contact.objects.values_list("name", flat=True)) == ["Keisha", "Rosa"]
    assert "This file was imported already." in again.content.decode()
