"""The summation's sections, in the order they are printed.

Adding a section: write a function `(period: Week) -> Section` (see `base.py` for the rules:
a fixed number of queries, counts only, lazy text, an audience) and add it to `SECTIONS`."""

from summations.sections.base import (
    Audience,
    Figure,
    Kind,
    Section,
    Table,
    Writing,
    freeze,
    thaw,
)
from summations.sections.contacts import contacts_section
from summations.sections.cost import cost_section, ratios_section
from summations.sections.distribution import collections_section, distribution_section
from summations.sections.handouts import handouts_section
from summations.sections.investigation import investigation_section
from summations.sections.members import members_section
from summations.sections.organizing import organizing_section
from summations.sections.reach import reach_section
from summations.sections.reports import decisions_section, reports_section

SECTIONS = (
    distribution_section,
    collections_section,
    handouts_section,
    cost_section,
    contacts_section,
    investigation_section,
    reach_section,
    organizing_section,
    ratios_section,
    reports_section,
    decisions_section,
    members_section,
)

__all__ = [
    "SECTIONS",
    "snapshot",
    "Audience",
    "Figure",
    "Kind",
    "Section",
    "Table",
    "Writing",
    "freeze",
    "thaw",
]

# 2: sections carry an audience, figures a key and a headline flag, tables their text
# columns, and a section may hold writings (the leads' reports). `thaw` reads version 1 too.
# 3: tables carry a key (the overview finds the top sites of struggle by it); `thaw` knows
# that table in older snapshots by its English title.
SNAPSHOT_VERSION = 3


def snapshot(period) -> dict:
    """Every section's figures for `period`, as the JSON a summation keeps for good."""
    return {
        "version": SNAPSHOT_VERSION,
        "week": str(period),
        "trend_weeks": [str(week) for week in period.trend()],
        "sections": [freeze(section_for(period)) for section_for in SECTIONS],
    }
