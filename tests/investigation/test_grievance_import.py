"""Importing grievances from a CSV: preview, per-row errors, atomic commit."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from investigation.models import Antagonist, Grievance
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, category

pytestmark = pytest.mark.django_db

HEADER = "base_area,category,date,antagonist,antagonist_kind,contact_phone,severity,status\n"


def _upload(client, text: str):
    upload = SimpleUploadedFile("g.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("investigation:grievance_import"), {"file": upload})


def test_a_clean_file_is_imported_with_new_antagonists_and_known_contacts(as_investigator):
    area = BaseAreaFactory(name="Broadway Towers")
    landlord = AntagonistFactory(name="Mystic Realty")
    rosa = ContactFactory(name="Rosa", phone="617-555-0142")
    category("Rent")
    text = HEADER + (
        "Broadway Towers,Rent,2025-03-03,mystic realty,,617 555 0142,3,open\n"
        "broadway towers,Renta,3/5/2025,FreshPak,employer,,,organizing\n"
        "Broadway Towers,rent,2025-03-06,Freshpak,,,1,\n"
    )
    preview = _upload(as_investigator, text).context["preview"]
    assert preview.errors == []
    assert preview.new_antagonists == {"FreshPak": "employer"}
    token = _upload(as_investigator, text).context["confirm"]["token"].value()
    response = as_investigator.post(reverse("investigation:grievance_import"), {"token": token})
    assert response.status_code == 302
    rows = list(Grievance.objects.order_by("recorded_on"))
    assert [
        (g.base_area, g.antagonist.name, g.contact, g.severity, g.status, g.recorded_on)
        for g in rows
    ] == [
        (area, landlord.name, rosa, 3, "open", date(2025, 3, 3)),
        (area, "FreshPak", None, 2, "organizing", date(2025, 3, 5)),
        (area, "FreshPak", None, 1, "open", date(2025, 3, 6)),
    ]
    assert Antagonist.objects.get(name="FreshPak").kind == "employer"


def test_one_bad_row_imports_nothing(as_investigator):
    BaseAreaFactory(name="Broadway Towers")
    category("Rent")
    text = HEADER + (
        "Broadway Towers,Rent,2025-03-03,,,,2,open\n"
        "Nowhere,Nonsense,yesterday,,,617-555-9999,5,done\n"
    )
    response = _upload(as_investigator, text)
    preview = response.context["preview"]
    assert {(e.line, e.column) for e in preview.errors} == {
        (3, "base_area"),
        (3, "category"),
        (3, "date"),
        (3, "contact_phone"),
        (3, "severity"),
        (3, "status"),
    }
    assert "confirm" not in response.context
    assert Grievance.objects.count() == 0 and Antagonist.objects.count() == 0


def test_a_file_missing_required_columns_is_refused(as_investigator):
    response = _upload(as_investigator, "category,description\nRent,x\n")
    assert response.context["form"].errors["file"] == [
        "The file needs these columns: base_area, date."
    ]


def test_the_sample_file_imports_cleanly(as_investigator):
    for name in ("Maverick Square Apartments", "FreshPak warehouse", "East Boston"):
        BaseAreaFactory(name=name)
    ContactFactory(name="Rosa", phone="617-555-0142")
    for name in ("Repairs", "Rent", "Unpaid wages", "Police"):
        category(name)
    text = (Path(settings.BASE_DIR) / "docs" / "grievances-import-sample.csv").read_text()
    preview = _upload(as_investigator, text).context["preview"]
    assert preview.errors == []
    assert len(preview.rows) == 4
