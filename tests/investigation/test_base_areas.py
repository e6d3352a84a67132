"""Base areas (with parents, boundaries and dated notes) and antagonists."""

import pytest
from django.urls import reverse

from contacts.models import BaseArea
from investigation.models import Antagonist, InvestigationNote
from tests.contacts.queries import assert_fixed_queries
from tests.factories.contacts import ContactFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, GrievanceFactory

pytestmark = pytest.mark.django_db


def test_an_investigator_defines_a_building_in_a_neighbourhood(as_investigator):
    east_boston = BaseAreaFactory(name="East Boston", kind="neighbourhood")
    response = as_investigator.post(
        reverse("investigation:base_area_create"),
        {
            "name": "Maverick Sq Apartments",
            "kind": "building",
            "parent": east_boston.pk,
            "boundary": "The three Harborview buildings: 96 units",
        },
    )
    building = BaseArea.objects.get(name="Maverick Sq Apartments")
    assert response["Location"] == reverse("investigation:base_area_detail", args=[building.pk])
    assert (building.parent, building.boundary) == (
        east_boston,
        "The three Harborview buildings: 96 units",
    )


def test_a_base_area_cannot_be_part_of_itself(as_investigator):
    parent = BaseAreaFactory(name="East Boston")
    child = BaseAreaFactory(name="Maverick", parent=parent)
    response = as_investigator.post(
        reverse("investigation:base_area_edit", args=[parent.pk]),
        {"name": "East Boston", "kind": "neighbourhood", "parent": child.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == ["A base area cannot be part of itself."]


def test_dated_notes_on_conditions(as_investigator, investigator):
    area = BaseAreaFactory()
    response = as_investigator.post(
        reverse("investigation:note_create", args=[area.pk]),
        {
            "aspect": "subjective",
            "written_on": "2025-03-10",
            "text": "People are angry about the heat and ready to sign a letter.",
        },
    )
    assert response.status_code == 302
    note = InvestigationNote.objects.get()
    assert (note.base_area, note.aspect, note.written_by) == (area, "subjective", investigator)


def test_the_base_area_list_counts_and_runs_a_fixed_number_of_queries(as_investigator):
    parent = BaseAreaFactory(name="East Boston")

    def add_rows(n):
        for area in BaseAreaFactory.create_batch(n, parent=parent):
            ContactFactory(base_area=area)
            GrievanceFactory.create_batch(2, base_area=area)

    assert_fixed_queries(
        as_investigator, reverse("investigation:base_area_list"), add_rows=add_rows, pin=10
    )
    response = as_investigator.get(reverse("investigation:base_area_list"))
    counts = {a.name: (a.contact_count, a.grievance_count) for a in response.context["base_areas"]}
    assert counts["East Boston"] == (0, 0)
    assert set(counts.values()) == {(0, 0), (1, 2)}


def test_the_base_area_page_runs_a_fixed_number_of_queries(as_investigator, investigator):
    area = BaseAreaFactory()

    def add_rows(n):
        GrievanceFactory.create_batch(n, base_area=area)
        BaseAreaFactory.create_batch(n, parent=area)
        for _ in range(n):
            InvestigationNote.objects.create(
                base_area=area, aspect="objective", text="rents up", written_by=investigator
            )

    assert_fixed_queries(
        as_investigator,
        reverse("investigation:base_area_detail", args=[area.pk]),
        add_rows=add_rows,
        pin=14,
    )


def test_antagonists_are_listed_with_their_grievance_counts(as_investigator):
    landlord = AntagonistFactory(name="Harborview")

    def add_rows(n):
        for antagonist in AntagonistFactory.create_batch(n):
            GrievanceFactory(antagonist=antagonist)

    assert_fixed_queries(
        as_investigator, reverse("investigation:antagonist_list"), add_rows=add_rows, pin=10
    )
    GrievanceFactory.create_batch(3, antagonist=landlord)
    response = as_investigator.get(reverse("investigation:antagonist_list"), {"name": "harbor"})
    assert [(a.name, a.grievance_count) for a in response.context["antagonists"]] == [
        ("Harborview", 3)
    ]


def test_an_antagonist_name_is_unique(as_investigator):
    AntagonistFactory(name="Harborview")
    response = as_investigator.post(
        reverse("investigation:antagonist_create"), {"name": "Harborview", "kind": "landlord"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Antagonist.objects.count() == 1
