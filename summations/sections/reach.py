"""Reach: whether the week's serves and deliveries met people where the grievances are, per
top-level base area, and where each serve site's new contacts come from, with the areas and
sites called out (distribution.reach: what counts, and the rules). Places only: never a
person."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.weeks import Week
from distribution import reach as figures
from summations.sections.base import Audience, Kind, Section, Table, interpolate

AREA_ROWS = 15  # top-level areas listed, most people with grievances first; the rest in a note


def reach_section(period: Week) -> Section:
    """5 queries: the reach figures for the week (`distribution.reach.reach`)."""
    found = figures.reach(start=period.monday, end=period.sunday)
    shown, hidden = found.areas[:AREA_ROWS], found.areas[AREA_ROWS:]
    tables = []
    if shown:
        tables.append(
            Table(
                title=_("Reach by top-level base area"),
                columns=(
                    _("Base area"),
                    _("People"),
                    _("Grievances"),
                    _("At serves"),
                    _("Deliveries"),
                    _("Reached"),
                    _("Share of people"),
                    _("Share reached"),
                ),
                rows=tuple(
                    (
                        area.name,
                        area.people,
                        area.grievances,
                        area.met_at_serves,
                        area.reached_by_deliveries,
                        area.reached,
                        area.people_share,
                        area.reach_share,
                    )
                    for area in shown
                ),
                kinds=(Kind.COUNT,) * 5 + (Kind.PERCENT, Kind.PERCENT),
            )
        )
    if found.sites:
        tables.append(
            Table(
                title=_("Where the serve sites' new contacts come from"),
                columns=(
                    _("Serve site"),
                    _("New contacts"),
                    _("With a base area"),
                    _("From areas with few grievances"),
                ),
                rows=tuple(
                    (site.name, site.contacts, site.with_area, site.from_quiet_areas)
                    for site in found.sites
                ),
            )
        )
    notes = [
        *(figures.area_call_out(area) for area in found.under_reached),
        *(figures.site_call_out(site) for site in found.sites_in_quiet_areas),
    ]
    if not notes and tables:
        notes.append(_("Nothing to call out this week."))
    notes += [figures.area_rule(found.threshold), figures.site_rule(found.threshold)]
    if hidden:
        more = ngettext_lazy(
            "%(count)s more top-level base area had grievances or contacts met this week.",
            "%(count)s more top-level base areas had grievances or contacts met this week.",
            len(hidden),
        )
        notes.append(interpolate(more, count=len(hidden)))
    if found.reached_without_area:
        notes.append(figures.without_area_note(found.reached_without_area))
    notes.append(figures.COUNTING)
    return Section(
        key="reach",
        title=_("Reach: does the distribution go where the struggle is?"),
        audience=Audience.AGGREGATES,
        tables=tuple(tables),
        notes=tuple(notes),
    )
