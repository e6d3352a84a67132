"""Forgotten contacts leave every people count of the summation ("contacts known", new contacts,
the people who raised a grievance, contacts drawn further in, the cost per new contact); their
grievances still count as grievances."""

from datetime import timedelta
from decimal import Decimal

import pytest

from contacts.models import Contact, DevelopmentAssessment
from contacts.services import contact_forget
from distribution.models import Purchase
from summations.sections import Section
from summations.sections.contacts import contacts_section
from summations.sections.cost import ratios_section
from summations.sections.investigation import investigation_section
from tests.factories.contacts import development_level
from tests.factories.investigation import GrievanceFactory
from tests.summations.conftest import WEEK, local, make_area, make_contact

pytestmark = pytest.mark.django_db

MONDAY = WEEK.monday


def _values(section: Section) -> dict[str, tuple]:
    return {f.key: (f.this_week, f.previous_week) for f in section.figures}


def _two_contacts_one_forgotten(investigator) -> tuple[Contact, Contact]:
    elm = make_area("Elm Street Apartments")
    kept = make_contact(
        at=local(2026, 11, 10, 18, 0), name="Rosa", base_area=elm, first_met=Contact.FirstMet.SERVE
    )
    gone = make_contact(
        at=local(2026, 11, 11, 18, 0), name="Luis", base_area=elm, first_met=Contact.FirstMet.SERVE
    )
    make_contact(at=local(2026, 5, 1, 12, 0), name="Known long ago")
    forgotten_long_ago = make_contact(at=local(2026, 5, 2, 12, 0), name="Forgotten long ago")
    contact_forget(contact=forgotten_long_ago, by=investigator)
    return kept, gone


def test_contacts_known_and_new_contacts_leave_forgotten_contacts_out(investigator):
    kept, gone = _two_contacts_one_forgotten(investigator)
    assert _values(contacts_section(WEEK))["contacts_known"] == (3, 1)

    contact_forget(contact=gone, by=investigator)

    section = contacts_section(WEEK)
    values = _values(section)
    assert values["contacts_known"] == (2, 1)
    assert values["new_contacts"] == (1, 0)
    assert values["new_contacts_tied"] == (100.0, None)
    assert values["contacts_tied"] == (50.0, 0.0)
    (table,) = section.tables
    assert table.rows == (("Elm Street Apartments", 1, 0),)
    assert "Contacts who were forgotten are not counted, in any week." in map(str, section.notes)


def test_the_cost_per_new_contact_counts_only_contacts_not_forgotten(investigator):
    _kept, gone = _two_contacts_one_forgotten(investigator)
    Purchase.objects.create(
        vendor="Market Basket", amount=Decimal("90.00"), purchased_on=MONDAY + timedelta(days=1)
    )
    assert _values(ratios_section(WEEK))["money_per_contact"] == (45.0, None)

    contact_forget(contact=gone, by=investigator)

    assert _values(ratios_section(WEEK))["money_per_contact"] == (90.0, None)


def test_people_counts_leave_forgotten_contacts_out_and_grievances_stay(investigator):
    kept, gone = _two_contacts_one_forgotten(investigator)
    elm = kept.base_area
    backward, advanced = development_level("Backward"), development_level("Advanced")
    for contact in (kept, gone):
        GrievanceFactory(base_area=elm, contact=contact, recorded_on=MONDAY + timedelta(days=1))
        DevelopmentAssessment.objects.create(
            contact=contact, level=advanced, previous_level=backward, assessed_on=MONDAY
        )
    before = _values(investigation_section(WEEK))
    assert (before["grievance_people"], before["moved_up"]) == ((2, 0), (2, 0))

    contact_forget(contact=gone, by=investigator)

    after = _values(investigation_section(WEEK))
    assert after["grievances"] == (2, 0)  # grievance counts stay
    assert after["grievance_people"] == (1, 0)
    assert after["moved_up"] == (1, 0)
