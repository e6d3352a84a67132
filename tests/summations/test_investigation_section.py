"""The investigation section: conversations, follow-ups done and overdue, grievances by
category and base area, the sites of struggle, and development movements, week by week."""

from datetime import date, timedelta

import pytest

from contacts.models import DevelopmentAssessment
from summations.sections import Audience, Figure, Section
from summations.sections.investigation import investigation_section
from tests.factories.contacts import ContactFactory, ConversationFactory, development_level
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    GrievanceFactory,
    category,
)
from tests.summations.conftest import WEEK, local

MONDAY = WEEK.monday  # 9 November 2026


def figure(section: Section, key: str) -> Figure:
    return next(f for f in section.figures if f.key == key)


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


@pytest.mark.django_db
def test_conversations_and_follow_ups_count_in_the_week_they_happened():
    contact = ContactFactory(name="Ana")
    ConversationFactory(contact=contact, held_on=day(0))
    ConversationFactory(contact=contact, held_on=day(6))
    ConversationFactory(contact=contact, held_on=day(-1))  # Sunday before: previous week
    # Done this week, though due last week.
    ConversationFactory(
        contact=contact,
        held_on=day(-10),
        follow_up_due=day(-3),
        follow_up_done_at=local(2026, 11, 12, 10, 0),
    )
    # Due last week, still open: overdue at the end of both weeks.
    ConversationFactory(contact=contact, held_on=day(-10), follow_up_due=day(-2))
    # Due this Wednesday, done next week: overdue at the end of this week only.
    ConversationFactory(
        contact=contact,
        held_on=day(-10),
        follow_up_due=day(2),
        follow_up_done_at=local(2026, 11, 17, 9, 0),
    )
    # Due next week: not overdue yet.
    ConversationFactory(contact=contact, held_on=day(-10), follow_up_due=day(8))

    section = investigation_section(WEEK)

    held = figure(section, "conversations")
    assert (held.this_week, held.previous_week) == (2, 1)
    assert held.trend[-3] == 4  # the four conversations of two weeks before
    done = figure(section, "follow_ups_done")
    assert (done.this_week, done.previous_week) == (1, 0)
    overdue = figure(section, "follow_ups_overdue")
    assert (overdue.this_week, overdue.previous_week) == (2, 2)
    assert len(overdue.trend) == 12
    assert section.audience == Audience.AGGREGATES


@pytest.mark.django_db
def test_grievances_by_category_and_by_base_area_with_the_people_drawn_in():
    elm = BaseAreaFactory(name="Elm Street Apartments")
    dudley = BaseAreaFactory(name="Dudley Towers")
    advanced = ContactFactory(name="Rosa", development_level=development_level("Advanced"))
    backward = ContactFactory(name="Luis", development_level=development_level("Backward"))
    rent, repairs = category("Rent"), category("Repairs")
    rent.name_es, repairs.name_es = "Renta", ""
    rent.save()
    repairs.save()
    for contact in (advanced, advanced, backward):
        GrievanceFactory(base_area=elm, category=rent, contact=contact, recorded_on=day(1))
    GrievanceFactory(base_area=dudley, category=repairs, contact=None, recorded_on=day(3))
    GrievanceFactory(base_area=dudley, category=repairs, contact=backward, recorded_on=day(-4))

    section = investigation_section(WEEK)

    recorded = figure(section, "grievances")
    assert (recorded.this_week, recorded.previous_week) == (4, 1)
    assert recorded.headline
    people = figure(section, "grievance_people")
    assert (people.this_week, people.previous_week) == (2, 1)
    by_category, by_area, *_top = section.tables
    assert by_category.rows == (
        ({"en": "Rent", "es": "Renta"}, 3, 0),
        ({"en": "Repairs"}, 1, 1),
    )
    # base area, grievances this week, people, drawn in, previous week
    assert by_area.rows == (("Elm Street Apartments", 3, 2, 1, 0), ("Dudley Towers", 1, 0, 0, 1))


@pytest.mark.django_db
def test_the_top_sites_of_struggle_rank_base_areas_and_antagonists_over_four_weeks():
    elm = BaseAreaFactory(name="Elm Street Apartments")
    warehouse = BaseAreaFactory(name="FreshPak warehouse")
    landlord = AntagonistFactory(name="Harborview Property Management")
    employer = AntagonistFactory(name="FreshPak Distribution")
    for offset in (-20, -13, -6, 1):  # one a week for four weeks
        GrievanceFactory(base_area=elm, antagonist=landlord, recorded_on=day(offset))
    GrievanceFactory(base_area=warehouse, antagonist=employer, recorded_on=day(-2))
    GrievanceFactory(base_area=warehouse, antagonist=employer, recorded_on=day(-40))  # before

    section = investigation_section(WEEK)

    areas = next(t for t in section.tables if "base areas" in str(t.title))
    antagonists = next(t for t in section.tables if "antagonists" in str(t.title))
    # name, grievances, people, drawn in, change against the four weeks before
    assert areas.rows == (("Elm Street Apartments", 4, 0, 0, 4), ("FreshPak warehouse", 1, 0, 0, 0))
    assert antagonists.rows[0] == ("Harborview Property Management", 4, 0, 0, 4)


@pytest.mark.django_db
def test_development_movements_count_contacts_moved_up_and_down():
    backward, intermediate, advanced = (
        development_level("Backward"),
        development_level("Intermediate"),
        development_level("Advanced"),
    )
    contact = ContactFactory(name="Rosa")
    for level, previous, on in (
        (intermediate, backward, day(2)),  # up
        (advanced, intermediate, day(4)),  # up
        (backward, intermediate, day(5)),  # down
        (intermediate, None, day(5)),  # a first assessment: no movement
        (advanced, backward, day(-3)),  # up, previous week
    ):
        DevelopmentAssessment.objects.create(
            contact=contact, level=level, previous_level=previous, assessed_on=on
        )

    section = investigation_section(WEEK)

    up, down = figure(section, "moved_up"), figure(section, "moved_down")
    assert (up.this_week, up.previous_week) == (2, 1)
    assert (down.this_week, down.previous_week) == (1, 0)


@pytest.mark.django_db
def test_an_empty_week_has_figures_of_zero_and_no_tables():
    section = investigation_section(WEEK)
    assert all(f.this_week == 0 for f in section.figures)
    assert section.tables == ()


@pytest.mark.django_db
def test_the_top_sites_are_pairs_ranked_by_people_and_name_no_one():
    elm = BaseAreaFactory(name="Elm Street Apartments")
    landlord = AntagonistFactory(name="Harborview Property Management")
    loud_area = BaseAreaFactory(name="Oak Court")
    people = [ContactFactory(name=f"Neighbour {n}") for n in range(4)]
    for person in people:
        GrievanceFactory(base_area=elm, antagonist=landlord, contact=person, recorded_on=day(1))
    for _ in range(9):  # one loud voice: watched, not a site
        GrievanceFactory(
            base_area=loud_area, antagonist=landlord, contact=people[0], recorded_on=day(2)
        )

    section = investigation_section(WEEK)

    sites = next(t for t in section.tables if "by people" in str(t.title))
    assert sites.rows == (("Elm Street Apartments · Harborview Property Management", 4, 4, 0, 4),)
    assert not any("Neighbour" in str(cell) for row in sites.rows for cell in row)
