"""The contacts and members sections, and the snapshot that keeps every section's text in
every language (query counts: test_section_queries.py)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from committees.models import Membership, WorkingGroup
from summations import sections
from summations.sections import Figure, Kind, Section, Table, freeze, thaw
from summations.sections.contacts import contacts_section
from summations.sections.members import members_section
from tests.factories.accounts import UserFactory
from tests.summations.conftest import WEEK, local, make_area, make_contact


def _figure(section: Section, label: str) -> Figure:
    return next(f for f in section.figures if str(f.label) == label)


@pytest.mark.django_db
def test_the_contacts_section_counts_new_contacts_per_week_in_the_organizations_time():
    elm = make_area("Elm Street Apartments")
    make_contact(at=local(2026, 11, 9, 0, 5), base_area=elm)  # Monday, first minutes
    make_contact(at=local(2026, 11, 15, 23, 30), base_area=elm)  # Sunday night: week 46
    make_contact(at=local(2026, 11, 12, 18, 0))  # no base area
    make_contact(at=local(2026, 11, 16, 0, 30), base_area=elm)  # Monday: week 47, not counted
    make_contact(at=local(2026, 11, 4, 17, 0), base_area=elm)  # week 45
    make_contact(at=local(2026, 5, 1, 12, 0))  # long before the trend

    section = contacts_section(WEEK)

    new = _figure(section, "New contacts")
    assert (new.this_week, new.previous_week) == (3, 1)
    assert len(new.trend) == 12
    assert new.trend[-3:] == (0, 1, 3)
    tied = _figure(section, "New contacts tied to a base area")
    assert tied.kind == Kind.PERCENT
    assert (tied.this_week, tied.previous_week) == (66.7, 100.0)
    assert tied.trend[0] is None  # no new contacts that week: no share to speak of
    known = _figure(section, "Contacts known")
    assert (known.this_week, known.previous_week) == (5, 2)
    all_tied = _figure(section, "All contacts tied to a base area")
    assert (all_tied.this_week, all_tied.previous_week) == (60.0, 50.0)
    (table,) = section.tables
    assert table.rows == (("Elm Street Apartments", 2, 1),)


@pytest.mark.django_db
def test_the_members_section_counts_active_members_by_the_day_they_joined():
    for joined in (local(2026, 3, 1, 9, 0), local(2026, 11, 3, 9, 0), local(2026, 11, 10, 9, 0)):
        UserFactory(date_joined=joined)
    UserFactory(date_joined=local(2026, 11, 11, 9, 0), is_active=False)
    UserFactory(date_joined=local(2026, 11, 17, 9, 0))  # next week
    group = WorkingGroup.objects.create(name="Delivery")
    WorkingGroup.objects.filter(pk=group.pk).update(created_at=local(2026, 1, 5, 9, 0))
    WorkingGroup.objects.create(name="Formed later")  # created now, after the week
    early = UserFactory(date_joined=local(2026, 1, 5, 9, 0))
    Membership.objects.create(group=group, user=early)
    Membership.objects.filter(user=early).update(joined_on=local(2026, 11, 11, 9, 0).date())

    section = members_section(WEEK)

    active = _figure(section, "Active members")
    assert (active.this_week, active.previous_week) == (4, 3)
    new = _figure(section, "New members")
    assert (new.this_week, new.previous_week) == (1, 1)
    (table,) = section.tables
    assert table.rows == (("Delivery", 1, 1),)


def test_a_snapshot_keeps_text_in_every_language_and_data_as_it_is():
    section = Section(
        key="demo",
        title=gettext_lazy("Contacts"),
        figures=(Figure.from_trend(gettext_lazy("New contacts"), [1, 2, 3]),),
        tables=(Table(gettext_lazy("Working groups"), (gettext_lazy("Base area"),), (("Elm",),)),),
        notes=(gettext_lazy("Members"),),
    )
    with translation.override("es"):
        frozen = freeze(section)
    assert frozen["title"] == {"en": "Contacts", "es": "Contactos"}
    assert frozen["tables"][0]["rows"] == [["Elm"]]

    spanish = thaw(frozen, "es")
    assert spanish.title == "Contactos"
    assert spanish.figures[0].label == "Contactos nuevos"
    assert (spanish.figures[0].this_week, spanish.figures[0].previous_week) == (3, 2)
    assert thaw(frozen, "en").notes == ("Members",)


@pytest.mark.django_db
def test_adding_a_section_is_a_function_and_a_line_in_the_registry(monkeypatch):
    def serves_section(period):
        return Section(
            key="serves",
            title="Serves",
            figures=(Figure.from_trend("Households", [4] * 11 + [9]),),
        )

    monkeypatch.setattr(sections, "SECTIONS", (*sections.SECTIONS, serves_section))

    snapshot = sections.snapshot(WEEK)

    keys = [s["key"] for s in snapshot["sections"]]
    assert keys[-1] == "serves"
    assert "contacts" in keys and "members" in keys
    assert snapshot["week"] == "2026-W46"
    assert snapshot["trend_weeks"][0] == "2026-W35"
    assert snapshot["sections"][-1]["figures"][0]["this_week"] == 9
