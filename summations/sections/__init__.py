"""The summation's sections, in the order they are printed.

Adding a section: write a function `(period: Week) -> Section` (see `base.py` for the rules:
a fixed number of queries, counts only, lazy text) and add it to `SECTIONS`."""

from summations.sections.base import Figure, Kind, Section, Table, freeze, thaw
from summations.sections.contacts import contacts_section
from summations.sections.members import members_section

SECTIONS = (
    contacts_section,
    members_section,
)

__all__ = ["SECTIONS", "snapshot", "Figure", "Kind", "Section", "Table", "freeze", "thaw"]

SNAPSHOT_VERSION = 1


def snapshot(period) -> dict:
    """Every section's figures for `period`, as the JSON a summation keeps for good."""
    return {
        "version": SNAPSHOT_VERSION,
        "week": str(period),
        "trend_weeks": [str(week) for week in period.trend()],
        "sections": [freeze(section_for(period)) for section_for in SECTIONS],
    }
