"""Starting a popular committee from a site of struggle: the form comes filled in with the
area, the antagonist and what the grievances there are about."""

import pytest
from django.urls import reverse

from investigation.models import Grievance
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    GrievanceFactory,
    category,
)

pytestmark = pytest.mark.django_db

URL = reverse("investigation:campaign_create")


@pytest.fixture
def site():
    area = BaseAreaFactory(name="Eagle Hill Towers")
    landlord = AntagonistFactory(name="Boston Realty")
    for name, count in (("Repairs", 3), ("Rent", 1)):
        GrievanceFactory.create_batch(
            count, base_area=area, antagonist=landlord, category=category(name)
        )
    # Won already, elsewhere, or against someone else: not what this committee takes up.
    GrievanceFactory(base_area=area, antagonist=landlord, category=category("Safety"), status="won")
    GrievanceFactory(base_area=area, antagonist=AntagonistFactory(), category=category("Hours"))
    GrievanceFactory(antagonist=landlord, category=category("Utilities"))
    return area, landlord


def test_the_form_is_filled_in_with_the_site_and_its_grievances_categories(as_investigator, site):
    area, landlord = site
    response = as_investigator.get(URL, {"base_area": area.pk, "antagonist": landlord.pk})
    form = response.context["form"]
    assert form["base_area"].value() == area.pk
    assert form["antagonist"].value() == landlord.pk
    assert form["name"].value() == "Eagle Hill Towers · Boston Realty"
    assert form["description"].value() == "Grievances raised here: Repairs (3), Rent (1)."


def test_the_categories_are_named_in_the_readers_language(as_investigator, investigator, site):
    investigator.language = "es"
    investigator.save(update_fields=["language"])
    area, landlord = site
    response = as_investigator.get(URL, {"base_area": area.pk, "antagonist": landlord.pk})
    assert response.context["form"]["description"].value() == (
        "Quejas planteadas aquí: Reparaciones (3), Renta (1)."
    )


def test_unknown_or_garbled_ids_give_an_empty_form(as_investigator, site):
    for params in ({"base_area": "999999"}, {"base_area": "x", "antagonist": "1"}):
        form = as_investigator.get(URL, params).context["form"]
        assert form["base_area"].value() is None
        assert form["description"].value() is None


def test_a_member_cannot_start_a_committee(as_member, site):
    area, landlord = site
    response = as_member.get(URL, {"base_area": area.pk, "antagonist": landlord.pk})
    assert response.status_code == 403
    assert Grievance.objects.count() == 7
