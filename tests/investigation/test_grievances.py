"""Recording, listing, reading and changing grievances; categories are seeded and editable."""

from datetime import date

import pytest
from django.urls import reverse

from investigation.models import Grievance, GrievanceCategory
from tests.contacts.queries import assert_fixed_queries
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    GrievanceFactory,
    category,
)

pytestmark = pytest.mark.django_db


def test_the_categories_are_seeded():
    names = list(GrievanceCategory.objects.for_choices().values_list("name", flat=True))
    assert names == [
        "Rent",
        "Repairs",
        "Eviction",
        "Unpaid wages",
        "Hours",
        "Safety",
        "Police",
        "Immigration enforcement",
        "Utilities",
        "Food",
        "Health",
        "Schools",
        "Gender violence",
        "Other",
    ]


def test_an_investigator_renames_and_retires_a_category(as_investigator):
    food = category("Food")
    GrievanceFactory(category=food)
    response = as_investigator.post(
        reverse("investigation:category_edit", args=[food.pk]),
        {"name": "Food access", "name_es": "Acceso a comida", "position": 5},
    )
    assert response.status_code == 302
    food.refresh_from_db()
    assert (food.name, food.name_es, food.is_active) == ("Food access", "Acceso a comida", False)
    assert food not in GrievanceCategory.objects.for_choices()
    assert Grievance.objects.get().category == food


def test_an_anonymous_grievance_is_recorded(as_investigator, investigator):
    area = BaseAreaFactory(name="FreshPak warehouse")
    employer = AntagonistFactory(name="FreshPak", kind="employer")
    response = as_investigator.post(
        reverse("investigation:grievance_create"),
        {
            "base_area": area.pk,
            "category": category("Unpaid wages").pk,
            "antagonist": employer.pk,
            "description": "Two weeks of overtime unpaid",
            "severity": 3,
            "recorded_on": "2025-03-10",
            "status": "open",
        },
    )
    grievance = Grievance.objects.get()
    assert response["Location"] == reverse("investigation:grievance_detail", args=[grievance.pk])
    assert grievance.contact is None
    assert (grievance.antagonist, grievance.severity, grievance.recorded_by) == (
        employer,
        3,
        investigator,
    )
    assert grievance.recorded_on == date(2025, 3, 10)


def test_a_grievance_from_a_contact_page_is_tied_to_the_contact(as_investigator):
    area = BaseAreaFactory()
    rosa = ContactFactory(name="Rosa", base_area=area)
    url = reverse("investigation:grievance_create") + f"?contact={rosa.pk}"
    form = as_investigator.get(url).context["form"]
    assert form["base_area"].value() == area.pk
    response = as_investigator.post(
        url,
        {
            "base_area": area.pk,
            "category": category().pk,
            "severity": 2,
            "recorded_on": "2025-03-10",
            "status": "open",
        },
    )
    assert response["Location"] == reverse("contacts:detail", args=[rosa.pk])
    assert Grievance.objects.get().contact == rosa


def test_a_grievance_needs_a_base_area_and_a_category(as_investigator):
    response = as_investigator.post(
        reverse("investigation:grievance_create"),
        {"description": "something", "severity": 2, "recorded_on": "2025-03-10", "status": "open"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"base_area", "category"}
    assert "something" in response.content.decode()


def test_the_status_changes_as_it_is_organized(as_investigator):
    grievance = GrievanceFactory(status="open", recorded_on=date(2025, 3, 1))
    response = as_investigator.post(
        reverse("investigation:grievance_edit", args=[grievance.pk]),
        {
            "base_area": grievance.base_area_id,
            "category": grievance.category_id,
            "severity": 2,
            "recorded_on": "2025-03-01",
            "status": "organizing",
        },
    )
    assert response.status_code == 302
    grievance.refresh_from_db()
    assert grievance.status == "organizing"


def test_the_grievance_list_filters_and_runs_a_fixed_number_of_queries(as_investigator):
    area = BaseAreaFactory(name="Broadway Towers")
    antagonist = AntagonistFactory()

    def add_rows(n):
        GrievanceFactory.create_batch(
            n, base_area=area, antagonist=antagonist, contact=ContactFactory()
        )

    assert_fixed_queries(
        as_investigator, reverse("investigation:grievance_list"), add_rows=add_rows, pin=12
    )
    GrievanceFactory(status="won")
    response = as_investigator.get(reverse("investigation:grievance_list"), {"status": "won"})
    assert [g.status for g in response.context["grievances"]] == ["won"]


def test_the_grievance_page_shows_the_description(as_investigator):
    grievance = GrievanceFactory(
        description="No heat since February", contact=ContactFactory(name="Rosa")
    )
    body = as_investigator.get(
        reverse("investigation:grievance_detail", args=[grievance.pk])
    ).content.decode()
    assert "No heat since February" in body and "Rosa" in body


def test_the_category_list_runs_a_fixed_number_of_queries(as_investigator):
    assert_fixed_queries(
        as_investigator,
        reverse("investigation:category_list"),
        add_rows=lambda n: GrievanceFactory.create_batch(n),
        pin=8,
    )
