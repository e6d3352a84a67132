"""Development levels: a dated history of assessments, configurable labels, movement counts."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from contacts.models import DevelopmentAssessment, DevelopmentLevel
from contacts.services import contact_assess
from tests.factories.contacts import ContactFactory, development_level

pytestmark = pytest.mark.django_db


def test_the_levels_are_seeded_advanced_intermediate_backward():
    names = list(DevelopmentLevel.objects.for_choices().values_list("name", flat=True))
    assert names[:3] == ["Advanced", "Intermediate", "Backward"]
    with translation.override("es"):
        assert DevelopmentLevel.objects.get(name="Advanced").label == "Avanzado"


def test_an_assessment_keeps_the_previous_level_and_moves_the_contact(investigator):
    backward, intermediate = development_level("Backward"), development_level("Intermediate")
    contact = ContactFactory(name="Rosa")
    contact_assess(contact=contact, level=backward, by=investigator, reason="first talk")
    second = contact_assess(
        contact=contact, level=intermediate, by=investigator, reason="came to the meeting"
    )
    contact.refresh_from_db()
    assert contact.development_level == intermediate
    assert (second.previous_level, second.level, second.reason) == (
        backward,
        intermediate,
        "came to the meeting",
    )
    assert contact.assessments.count() == 2


def test_movement_counts_forward_back_unchanged_and_first(investigator):
    advanced = development_level("Advanced")
    intermediate = development_level("Intermediate")
    backward = development_level("Backward")
    day = date(2025, 3, 3)
    rosa, marta, juan = (ContactFactory(name=n) for n in ("Rosa", "Marta", "Juan"))
    for contact, levels in (
        (rosa, [backward, intermediate, advanced]),
        (marta, [advanced, intermediate]),
        (juan, [intermediate, intermediate]),
    ):
        for level in levels:
            contact_assess(contact=contact, level=level, by=investigator, assessed_on=day)
    contact_assess(
        contact=ContactFactory(), level=advanced, by=investigator, assessed_on=date(2025, 5, 1)
    )
    counts = DevelopmentAssessment.objects.assessed_between(
        date(2025, 3, 1), date(2025, 3, 31)
    ).movement_counts()
    assert counts == {"forward": 2, "back": 1, "unchanged": 1, "first": 3}


def test_an_investigator_assesses_a_contact_from_its_page(as_investigator, investigator):
    contact = ContactFactory(name="Rosa")
    level = development_level("Intermediate")
    response = as_investigator.post(
        reverse("contacts:assess", args=[contact.pk]),
        {"level": level.pk, "assessed_on": "2025-03-03", "reason": "brought two neighbours"},
    )
    assert response.status_code == 302
    assessment = DevelopmentAssessment.objects.get()
    assert (assessment.level, assessment.assessed_by, assessment.assessed_on) == (
        level,
        investigator,
        date(2025, 3, 3),
    )


def test_the_labels_are_configurable(as_coordinator):
    level = development_level("Backward")
    response = as_coordinator.post(
        reverse("contacts:level_edit", args=[level.pk]),
        {"name": "Not yet active", "name_es": "Todavía no activo", "rank": level.rank},
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert (level.name, level.name_es, level.counts_as_drawn_in) == (
        "Not yet active",
        "Todavía no activo",
        False,
    )


def test_a_level_rank_must_be_unique(as_coordinator):
    development_level("Advanced")
    response = as_coordinator.post(
        reverse("contacts:level_create"), {"name": "Leader", "name_es": "", "rank": 30}
    )
    assert response.status_code == 200
    assert "rank" in response.context["form"].errors


def test_a_member_cannot_edit_levels(as_member):
    assert as_member.get(reverse("contacts:levels")).status_code == 403
