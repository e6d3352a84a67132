"""Importing contacts from a CSV (preview, per-row errors, de-dup, atomic) and exporting them."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact, ContactAccess
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import BaseAreaFactory

pytestmark = pytest.mark.django_db

HEADER = "name,phone,language,base_area,household_size,first_met_on\n"


def _upload(client, text: str, name: str = "contacts.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("contacts:import"), {"file": upload})


def test_a_clean_file_is_previewed_then_imported_all_at_once(as_investigator, investigator):
    BaseAreaFactory(name="Broadway Towers")
    text = HEADER + "Rosa,617-555-0142,es,Broadway Towers,4,2025-03-03\nKeisha,,en,,,3/12/2025\n"
    preview = _upload(as_investigator, text)
    assert preview.status_code == 200
    assert len(preview.context["preview"].rows) == 2
    assert Contact.objects.count() == 0  # a preview writes nothing
    token = preview.context["confirm"]["token"].value()
    assert "Rosa" not in token and "555" not in token  # the file travels encrypted

    response = as_investigator.post(reverse("contacts:import"), {"token": token})
    assert response.status_code == 302
    rosa = Contact.objects.get(name="Rosa")
    assert (rosa.phone, rosa.language, rosa.base_area.name, rosa.household_size) == (
        "617-555-0142",
        "es",
        "Broadway Towers",
        4,
    )
    assert Contact.objects.with_phone("6175550142").get() == rosa
    assert Contact.objects.get(name="Keisha").first_met_on.isoformat() == "2025-03-12"
    assert ContactAccess.objects.filter(action="imported", accessed_by=investigator).count() == 2


def test_one_bad_row_imports_nothing_and_says_why_per_row(as_investigator):
    text = HEADER + "Rosa,617-555-0142,es,,,\n,617-555-0100,xx,Nowhere,abc,31/31/2025\n"
    response = _upload(as_investigator, text)
    preview = response.context["preview"]
    assert not preview.can_commit
    problems = {(e.line, e.column) for e in preview.errors}
    assert problems == {
        (3, "name"),
        (3, "language"),
        (3, "base_area"),
        (3, "household_size"),
        (3, "first_met_on"),
    }
    assert "confirm" not in response.context
    assert "nothing was imported" in response.content.decode()
    assert Contact.objects.count() == 0


def test_row_errors_are_in_the_members_language(as_investigator, investigator):
    investigator.language = "es"
    investigator.save()
    response = _upload(as_investigator, HEADER + ",,,,,\nRosa,12,,,,\n")
    messages = [e.message for e in response.context["preview"].errors]
    assert messages == ["Un número de teléfono tiene de 7 a 15 dígitos."]


def test_a_forged_or_stale_token_imports_nothing(as_investigator):
    response = as_investigator.post(reverse("contacts:import"), {"token": "not-a-token"})
    assert response.status_code == 302
    assert Contact.objects.count() == 0


def test_known_phones_and_repeated_phones_are_skipped(as_investigator):
    ContactFactory(name="Rosa", phone="617-555-0142")
    text = (
        HEADER + "Rosa R,(617) 555-0142,,,,\nMarta,617-555-0100,,,,\nMarta again,6175550100,,,,\n"
    )
    preview = _upload(as_investigator, text).context["preview"]
    assert [r["name"] for r in preview.rows] == ["Marta"]
    assert [(s.line, s.column) for s in preview.skipped] == [(2, "phone"), (4, "phone")]


def test_a_column_for_identity_documents_refuses_the_file(as_investigator):
    response = _upload(as_investigator, "name,Date of birth\nRosa,1980-01-01\n")
    assert response.status_code == 200
    assert "never stores ID" in response.context["form"].errors["file"][0]
    assert Contact.objects.count() == 0


def test_a_semicolon_file_from_spanish_excel_is_read(as_investigator):
    text = "nombre;teléfono;idioma\nRosa;617-555-0142;Spanish\n"
    upload = SimpleUploadedFile("c.csv", text.encode("cp1252"), content_type="text/csv")
    preview = as_investigator.post(reverse("contacts:import"), {"file": upload}).context["preview"]
    assert preview.rows[0]["name"] == "Rosa" and preview.rows[0]["language"] == "es"


def test_the_sample_file_imports_cleanly(as_investigator):
    for name in ("Maverick Square Apartments", "East Boston", "Broadway Towers"):
        BaseAreaFactory(name=name)
    text = (Path(settings.BASE_DIR) / "docs" / "contacts-import-sample.csv").read_text()
    preview = _upload(as_investigator, text).context["preview"]
    assert preview.errors == []
    assert len(preview.rows) == 3
    assert as_investigator.get(reverse("contacts:import_sample")).status_code == 200


def test_a_member_cannot_import(as_member):
    assert _upload(as_member, HEADER + "Rosa,,,,,\n").status_code == 403


def test_the_export_holds_the_contacts_and_is_logged(as_investigator, investigator):
    rosa = ContactFactory(name="Rosa", phone="617-555-0142", address="=HYPERLINK(1)")
    ContactFactory(name="Marta")
    response = as_investigator.get(reverse("contacts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_name = {r["name"]: r for r in rows}
    assert by_name["Rosa"]["phone"] == "617-555-0142"
    assert by_name["Rosa"]["address"] == "'=HYPERLINK(1)"  # no formula runs in a spreadsheet
    assert "date_of_birth" not in rows[0]
    logged = ContactAccess.objects.filter(action="exported", accessed_by=investigator)
    assert set(logged.values_list("contact", flat=True)) == {rosa.pk, rosa.pk + 1}


def test_a_lead_cannot_export_contacts(as_lead):
    ContactFactory(name="Rosa")
    assert as_lead.get(reverse("contacts:export")).status_code == 403
    assert ContactAccess.objects.count() == 0
