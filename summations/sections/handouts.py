"""Handouts given out: the organization's line in print, carried to the serves in English and
Spanish, and which version of each is current (adopted by the general body)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.weeks import Week
from handouts.models import HandoutTap, HandoutVersion
from summations.sections.base import (
    Audience,
    Figure,
    Section,
    Table,
    interpolate,
    localized,
    weekly,
)


def handouts_section(period: Week) -> Section:
    """3 queries: copies per week and language over the trend, this week's copies per handout
    and language, the current versions."""
    counted = HandoutTap.objects.counted()
    per_week = weekly(
        counted,
        "serve__date",
        period,
        english=Count("id", filter=Q(language="en")),
        spanish=Count("id", filter=Q(language="es")),
    )
    given: dict[tuple[int, str], int] = {
        (row["handout_id"], row["language"]): row["n"]
        for row in counted.between(period.monday, period.sunday)
        .values("handout_id", "language")
        .annotate(n=Count("id"))
        .order_by()
    }
    current = list(
        HandoutVersion.objects.current()
        .order_by("handout__sort_order", "handout_id")
        .values("handout_id", "number", "title_en", "title_es", "adopted_on")
    )
    rows = tuple(
        (
            localized(en=version["title_en"], es=version["title_es"]),
            interpolate(
                _("version %(number)s, adopted %(date)s"),
                number=version["number"],
                date=version["adopted_on"].isoformat(),
            ),
            given.get((version["handout_id"], "en"), 0),
            given.get((version["handout_id"], "es"), 0),
        )
        for version in current
    )
    total = [en + es for en, es in zip(per_week["english"], per_week["spanish"], strict=True)]
    return Section(
        key="handouts",
        audience=Audience.MEMBERS,
        title=_("Handouts given out"),
        figures=(
            Figure.from_trend(_("Handouts given out"), total, key="handouts"),
            Figure.from_trend(_("In English"), per_week["english"]),
            Figure.from_trend(_("In Spanish"), per_week["spanish"]),
        ),
        tables=(
            Table(
                title=_("This week, by handout and language"),
                columns=(_("Handout"), _("Current version"), _("English"), _("Spanish")),
                rows=rows,
                text_columns=2,
            ),
        )
        if rows
        else (),
        notes=() if rows else (_("No handout has an adopted version yet."),),
    )
