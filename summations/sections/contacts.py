"""New contacts and how many are tied to a base area (the start of the investigation)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from contacts.models import Contact
from core.weeks import Week
from summations.sections.base import (
    Audience,
    Figure,
    Kind,
    Section,
    Table,
    interpolate,
    running_total,
    share,
    weekly,
)

AREA_ROWS = 25  # the base areas with the most new contacts; the rest are summed up in a note


def contacts_section(period: Week) -> Section:
    """3 queries: the 12 weeks grouped, the total before them, this week's base areas.
    Forgotten contacts are counted in no week: the organization no longer knows them."""
    tied = Q(base_area__isnull=False)
    counted = Contact.objects.active()
    per_week = weekly(counted, "created_at", period, new=Count("id"), tied=Count("id", filter=tied))
    before = counted.filter(created_at__lt=period.trend()[0].start).aggregate(
        total=Count("id"), tied=Count("id", filter=tied)
    )
    known = running_total(before["total"], per_week["new"])
    known_tied = running_total(before["tied"], per_week["tied"])

    this_week = Q(created_at__gte=period.start)
    areas = list(
        counted.filter(tied, created_at__gte=period.previous.start, created_at__lt=period.end)
        .values("base_area__name")
        .annotate(
            this_week=Count("id", filter=this_week), previous_week=Count("id", filter=~this_week)
        )
        .order_by("-this_week", "-previous_week", "base_area__name")
    )
    shown, hidden = areas[:AREA_ROWS], areas[AREA_ROWS:]
    notes = [
        _("A contact counts in the week it was recorded. Its base area is the one it has now."),
        _("Contacts who were forgotten are not counted, in any week."),
    ]
    if hidden:
        more = ngettext_lazy(
            "%(count)s more base area had new contacts in these two weeks.",
            "%(count)s more base areas had new contacts in these two weeks.",
            len(hidden),
        )
        notes.append(interpolate(more, count=len(hidden)))
    return Section(
        key="contacts",
        title=_("Contacts"),
        audience=Audience.AGGREGATES,
        figures=(
            Figure.from_trend(
                _("New contacts"), per_week["new"], key="new_contacts", headline=True
            ),
            Figure.from_trend(
                _("New contacts tied to a base area"),
                [share(t, n) for t, n in zip(per_week["tied"], per_week["new"], strict=True)],
                Kind.PERCENT,
                key="new_contacts_tied",
            ),
            Figure.from_trend(_("Contacts known"), known, key="contacts_known"),
            Figure.from_trend(
                _("All contacts tied to a base area"),
                [share(t, n) for t, n in zip(known_tied, known, strict=True)],
                Kind.PERCENT,
                key="contacts_tied",
            ),
        ),
        tables=(
            Table(
                title=_("New contacts by base area"),
                columns=(_("Base area"), _("This week"), _("Previous week")),
                rows=tuple(
                    (a["base_area__name"], a["this_week"], a["previous_week"]) for a in shown
                ),
            ),
        )
        if shown
        else (),
        notes=tuple(notes),
    )
