"""The PDF a member reads at a meeting: no personal data, both languages, page numbers, the
week and the build time in the margins, tables that run across pages with their header."""

import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from committees.models import WeeklyReport
from contacts.models import DevelopmentAssessment
from investigation.models import CampaignAction
from summations import services
from summations.models import Summation
from tests.factories.committees import WorkingGroupFactory
from tests.factories.contacts import ConversationFactory, development_level
from tests.factories.distribution import (
    BagTypeFactory,
    DeliveryRequestFactory,
    ServeFactory,
    TapFactory,
)
from tests.factories.investigation import (
    AntagonistFactory,
    CampaignFactory,
    GrievanceFactory,
    category,
)
from tests.summations.conftest import WEEK, local, make_area, make_contact

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "summations"

DISTINCTIVE = [
    ("Zebulon Quixotemaker", "617-555-0199", "41 Wolcott Street"),
    ("Xiomara Pemberton-Ruiz", "+1 857 555 0123", "9 Brunswick St Apt 3"),
    ("Thaddeus Okonkwo", "6175550142", "250 Blue Hill Ave"),
]


def pdf_text(path: str) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path: str) -> list[str]:
    return pdf_text(path).split("\f")


@pytest.fixture
def built_with_contacts(db, lead, driver):
    """A week with distinctive people in every app that holds them (contacts, conversations,
    grievances, development assessments, campaigns, delivery requests), in many base areas."""
    groceries = BagTypeFactory(name="Groceries", name_es="Despensa")
    serve = ServeFactory(date=WEEK.monday, status="closed")
    for kind in ("household_new", "household_returning"):
        TapFactory(serve=serve, kind=kind)
    areas = [make_area(f"Building {n:02d} on Dudley Street") for n in range(24)]
    landlord = AntagonistFactory(name="Harborview Property Management")
    tenants = CampaignFactory(
        name="Dudley Tenants' Committee", base_area=areas[0], started_on=WEEK.monday
    )
    for n, (name, phone, address) in enumerate(DISTINCTIVE * 10):
        day = local(2026, 11, 10 + n % 5, 18, 0)
        contact = make_contact(
            at=day,
            base_area=areas[n % 24],
            name=name,
            phone=phone,
            address=address,
            notes=f"{name} said the landlord at {address} ignores repairs",
            development_level=development_level("Intermediate"),
        )
        ConversationFactory(
            contact=contact,
            held_on=day.date(),
            summary=f"Talked with {name} ({phone}) at {address}",
            follow_up_due=day.date(),
        )
        GrievanceFactory(
            base_area=areas[n % 24],
            contact=contact,
            antagonist=landlord,
            category=category("Repairs"),
            recorded_on=day.date(),
            description=f"{name} at {address}, call {phone}: no heat",
        )
        DevelopmentAssessment.objects.create(
            contact=contact,
            level=development_level("Advanced"),
            previous_level=development_level("Intermediate"),
            assessed_on=day.date(),
            reason=f"{name} brought neighbours",
        )
        tenants.contacts.add(contact)
        DeliveryRequestFactory(
            contact=contact,
            address=address,
            phone=phone,
            notes=f"Ask for {name}, {phone}",
            dietary=f"{name} eats no pork",
            bag_type=groceries,
            area=areas[n % 24],
            date=day.date(),
            status=("delivered", "failed", "assigned")[n % 3],
            failure_reason="no_answer" if n % 3 == 1 else "",
            driver=driver,
            finished_at=day if n % 3 < 2 else None,
        )
    CampaignAction.objects.create(campaign=tenants, kind="meeting", held_on=WEEK.monday, turnout=30)
    WeeklyReport.objects.create(
        group=WorkingGroupFactory(name="Outreach"),
        iso_week=str(WEEK),
        what_we_did="Door knocking on Dudley Street with the tenants' committee.",
        written_by=lead,
    )
    result = services.summation_build_now(week=WEEK, notify=False)
    assert result.outcome == services.Outcome.BUILT
    return result


def test_no_contacts_name_phone_or_address_is_in_either_pdf(built_with_contacts):
    for code, path in built_with_contacts.paths.items():
        text = pdf_text(path)
        squeezed = "".join(text.split())
        digits_in_text = "".join(ch for ch in squeezed if ch.isdigit())
        assert "Dudley Tenants' Committee" in text  # campaigns, base areas and reports are in
        assert "Harborview Property Management" in text
        assert "Door knocking on Dudley Street" in text
        assert "Despensa" in text or "Groceries" in text  # the bags delivered, by type
        for name, phone, address in DISTINCTIVE:
            for part in name.replace("-", " ").split():
                assert part not in text, (code, part)
            digits = "".join(ch for ch in phone if ch.isdigit())
            assert digits[-7:] not in digits_in_text, code
            assert address.split()[1] not in text, (code, address)
        assert "Building 05 on Dudley Street" in text  # base areas are not personal data


def test_the_pdf_reads_in_english_and_in_spanish(built_with_contacts):
    english = pdf_text(built_with_contacts.paths["en"])
    spanish = pdf_text(built_with_contacts.paths["es"])
    assert "Weekly summation · week 46 of 2026" in english
    assert "New contacts by base area" in english
    assert "Balance semanal · semana 46 de 2026" in spanish
    assert "Contactos nuevos por área de base" in spanish
    assert "Semana anterior" in spanish


def test_every_page_carries_the_week_the_build_time_and_its_number(built_with_contacts):
    summation = Summation.objects.get()
    pages = [p for p in pdf_pages(built_with_contacts.paths["en"]) if p.strip()]
    assert len(pages) >= 2
    built = summation.built_at.astimezone(ZoneInfo(settings.TIME_ZONE))
    for number, page in enumerate(pages, start=1):
        assert "Weekly summation · week 46 of 2026" in page
        assert re.search(rf"\b{number}\s*/\s*{len(pages)}\s*$", page.strip()), page
        assert "Built" in page
        assert str(built.year) in page


def test_a_table_that_runs_onto_the_next_page_repeats_its_header(db, monkeypatch):
    monkeypatch.setattr("summations.sections.contacts.AREA_ROWS", 80)
    for n in range(70):
        make_contact(at=local(2026, 11, 11, 18, 0), base_area=make_area(f"Tower {n:02d}"))
    result = services.summation_build_now(week=WEEK, languages=("en",), notify=False)

    pages = [p for p in pdf_pages(result.paths["en"]) if p.strip()]
    with_areas = [p for p in pages if re.search(r"Tower \d\d", p)]
    assert len(with_areas) >= 2, "the base-area table should run across a page break"
    for page in with_areas:
        assert "Base area" in page
        assert "This week" in page


def test_the_first_page_renders_as_a_picture_for_a_person_to_look_at(built_with_contacts):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for code, path in built_with_contacts.paths.items():
        prefix = ARTIFACTS / f"summation-{code}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", path, str(prefix)], check=True
        )
        pictures = sorted(ARTIFACTS.glob(f"summation-{code}-*.png"))
        assert pictures, code
        assert pictures[0].stat().st_size > 10_000  # not a blank page
