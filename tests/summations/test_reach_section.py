"""The reach section: the week's contacts met at serves and reached by deliveries per
top-level base area beside the grievances there, the serve sites' new contacts, the areas and
sites called out; on the summation's page and in its PDF, places only."""

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse

from contacts.models import BaseArea
from summations import services
from summations.sections import freeze
from summations.sections.reach import reach_section
from tests.factories.contacts import ContactFactory, ConversationFactory
from tests.factories.distribution import (
    BagTypeFactory,
    DeliveryRequestFactory,
    ServeFactory,
    SiteFactory,
)
from tests.factories.investigation import BaseAreaFactory, GrievanceFactory
from tests.summations.conftest import WEEK

pytestmark = pytest.mark.django_db

TUESDAY = WEEK.monday + timedelta(days=1)


@pytest.fixture
def week(db, driver):
    """Eagle Hill > Block 7 > 12 Trenton St: three people raise grievances there this week,
    the distribution reaches one of its contacts. The Plaza serve meets three new people from
    Harbor View, where nobody raised a grievance."""
    eagle = BaseAreaFactory(name="Eagle Hill", kind=BaseArea.Kind.NEIGHBOURHOOD)
    trenton = BaseAreaFactory(name="12 Trenton St", parent=BaseAreaFactory(parent=eagle))
    harbor = BaseAreaFactory(name="Harbor View", kind=BaseArea.Kind.NEIGHBOURHOOD)
    people = [ContactFactory(name=name, base_area=trenton) for name in ("Rosa", "Ana", "Luis")]
    for person in people:
        GrievanceFactory(base_area=trenton, contact=person, recorded_on=TUESDAY)
    GrievanceFactory(base_area=trenton, contact=people[0], recorded_on=WEEK.sunday)
    GrievanceFactory(base_area=eagle, contact=people[0], recorded_on=WEEK.monday - timedelta(1))
    DeliveryRequestFactory(
        contact=people[1],
        bag_type=BagTypeFactory(name="Groceries"),
        status="delivered",
        driver=driver,
        date=TUESDAY,
    )
    plaza = ServeFactory(site=SiteFactory(name="Plaza de la Raza"), date=TUESDAY)
    for name in ("Pedro", "Sol", "Lupe"):
        ContactFactory(
            name=name,
            base_area=harbor,
            first_met="serve",
            first_met_on=TUESDAY,
            first_met_note=f"Serve #{plaza.pk}",
        )
    returning = ContactFactory(name="Tomás", base_area=harbor, first_met="other")
    ConversationFactory(contact=returning, held_on=TUESDAY, channel="serve")
    return {"eagle": eagle, "harbor": harbor}


def test_it_sets_reach_beside_grievances_per_top_level_area(week):
    section = reach_section(WEEK)
    areas, sites = section.tables
    assert areas.rows == (
        ("Eagle Hill", 3, 4, 0, 1, 1, 100.0, 20.0),
        ("Harbor View", 0, 0, 4, 0, 4, 0.0, 80.0),
    )
    assert sites.rows == (("Plaza de la Raza", 3, 3, 3),)
    notes = [str(note) for note in section.notes]
    assert "Eagle Hill: 3 people with grievances, 1 reached by the distribution." in notes
    assert (
        "Plaza de la Raza: most of its contacts come from areas with few grievances (3 of the "
        "3 contacts with a base area first met at its serves)."
    ) in notes
    assert section.audience == "aggregates"


def test_its_words_are_kept_in_every_language(week):
    frozen = freeze(reach_section(WEEK))
    assert set(frozen["title"]) == {"en", "es"}
    call_out = frozen["notes"][0]
    assert call_out["en"] == "Eagle Hill: 3 people with grievances, 1 reached by the distribution."
    assert call_out["es"] == "Eagle Hill: 3 personas con quejas, 1 alcanzadas por la distribución."


def test_an_empty_week_has_no_tables_and_only_its_rules():
    section = reach_section(WEEK)
    assert section.tables == ()
    assert len(section.notes) == 3  # the two rules and what counts


def test_the_summation_page_and_pdf_show_it_with_places_only(week, as_member, as_driver):
    result = services.summation_build_now(week=WEEK, notify=False)
    assert result.outcome == services.Outcome.BUILT
    url = reverse("summations:detail", args=[result.summation_id])
    page = as_member.get(url).content.decode()
    assert "Reach by top-level base area" in page
    assert "Eagle Hill: 3 people with grievances, 1 reached by the distribution." in page
    assert "Reach by top-level base area" not in as_driver.get(url).content.decode()
    text = subprocess.run(
        ["pdftotext", "-layout", result.paths["en"], "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Reach by top-level base area" in text
    assert "Eagle Hill: 3 people with grievances, 1 reached by the distribution." in text
    assert "Plaza de la Raza: most of its contacts come from areas with few grievances" in text
    for name in ("Rosa", "Ana", "Luis", "Pedro", "Sol", "Lupe", "Tomás"):
        assert name not in text
