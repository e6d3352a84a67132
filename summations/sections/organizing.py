"""Organizing: the popular committees (campaigns) formed at the sites of struggle, the demands
they won or lost, and the actions they took with how many people turned out."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from core.weeks import Week
from investigation.models import Campaign, CampaignAction, Demand
from summations.sections.base import Audience, Figure, Section, Table, at_each_week_end, weekly


def organizing_section(period: Week) -> Section:
    """6 queries: campaigns active (one aggregate over the 12 weeks), formed, demands decided
    and actions (each its 12 weeks in one query), this week's actions and decided demands."""
    first = period.trend()[0]
    active = at_each_week_end(
        Campaign.objects.filter(status=Campaign.Status.ACTIVE),
        period,
        active=lambda week: Q(started_on__lte=week.sunday),
    )
    formed = weekly(
        Campaign.objects.formed_between(first.monday, period.sunday),
        "started_on",
        period,
        formed=Count("id"),
    )
    demands = weekly(
        Demand.objects.filter(status__in=[Demand.Status.WON, Demand.Status.LOST]),
        "decided_on",
        period,
        won=Count("id", filter=Q(status=Demand.Status.WON)),
        lost=Count("id", filter=Q(status=Demand.Status.LOST)),
    )
    actions = weekly(
        CampaignAction.objects.held_between(first.monday, period.sunday),
        "held_on",
        period,
        held=Count("id"),
        turnout=Sum("turnout"),
    )
    tables = [t for t in (_actions(period), _demands_decided(period)) if t is not None]
    return Section(
        key="organizing",
        title=_("Organizing"),
        audience=Audience.AGGREGATES,
        figures=(
            Figure.from_trend(_("Campaigns active"), active["active"], key="campaigns_active"),
            Figure.from_trend(_("Campaigns formed"), formed["formed"], key="campaigns_formed"),
            Figure.from_trend(_("Demands won"), demands["won"], key="demands_won", headline=True),
            Figure.from_trend(_("Demands lost"), demands["lost"], key="demands_lost"),
            Figure.from_trend(_("Actions"), actions["held"], key="actions"),
            Figure.from_trend(
                _("Turnout at actions"), actions["turnout"], key="turnout", headline=True
            ),
        ),
        tables=tuple(tables),
        notes=(
            _(
                "A campaign counts as active in every week since it started while it is still "
                "open. Turnout is how many people took part (signatures, for a petition)."
            ),
        ),
    )


def _actions(period: Week) -> Table | None:
    rows = list(
        CampaignAction.objects.held_between(period.monday, period.sunday)
        .values_list("campaign__name", "kind")
        .annotate(count=Count("id"), turnout=Sum("turnout"))
        .order_by("campaign__name", "kind")
    )
    if not rows:
        return None
    return Table(
        title=_("Actions this week"),
        columns=(_("Campaign"), _("Kind of action"), _("Actions"), _("Turnout")),
        rows=tuple(
            (name, CampaignAction.Kind(kind).label, count, turnout or 0)
            for name, kind, count, turnout in rows
        ),
        text_columns=2,
    )


def _demands_decided(period: Week) -> Table | None:
    rows = list(
        Demand.objects.filter(
            status__in=[Demand.Status.WON, Demand.Status.LOST],
            decided_on__range=(period.monday, period.sunday),
        )
        .values_list("campaign__name", "text", "status")
        .order_by("campaign__name", "position", "id")
    )
    if not rows:
        return None
    return Table(
        title=_("Demands won or lost this week"),
        columns=(_("Campaign"), _("Demand"), _("Outcome")),
        rows=tuple((name, text, Demand.Status(status).label) for name, text, status in rows),
        text_columns=3,
    )
