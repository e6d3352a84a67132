"""What each working group's lead wrote about the week, and the decisions taken in it: the
members' own account of the work, beside the counts."""

from django.db.models import Count
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from committees.models import Body, Decision, Scope, WeeklyReport, WorkingGroup
from committees.models import Outcome as DecisionOutcome
from core.weeks import Week
from summations.sections.base import Audience, Figure, Section, Table, Writing, interpolate, weekly


def reports_section(period: Week) -> Section:
    """2 queries: the week's reports (with their groups), the groups that wrote none."""
    reports = list(WeeklyReport.objects.for_week(str(period)).order_by("group__name"))
    silent = list(
        WorkingGroup.objects.filter(created_at__lt=period.end)
        .exclude(weekly_reports__iso_week=str(period))
        .order_by("name")
        .values_list("name", flat=True)
    )
    writings = tuple(
        Writing(
            title=report.group.name,
            passages=tuple(
                (label, text.strip())
                for label, text in (
                    (_("What we did"), report.what_we_did),
                    (_("What went wrong"), report.what_went_wrong),
                    (_("Next steps"), report.next_steps),
                )
                if text.strip()
            ),
        )
        for report in reports
    )
    notes = []
    if silent:
        notes.append(
            interpolate(_("No report this week from: %(groups)s."), groups=", ".join(silent))
        )
    if not reports and not silent:
        notes.append(_("There are no working groups yet."))
    return Section(
        key="reports",
        audience=Audience.MEMBERS,
        title=_("What the working groups wrote"),
        writings=writings,
        notes=tuple(notes),
    )


def decisions_section(period: Week) -> Section:
    """2 queries: decisions per week over the 12 weeks, this week's decisions."""
    first = period.trend()[0]
    per_week = weekly(
        Decision.objects.made_between(first.monday, period.sunday),
        "decided_on",
        period,
        made=Count("id"),
    )
    decisions = list(Decision.objects.made_between(period.monday, period.sunday))
    rows = tuple(
        (
            Scope(d.proposal.scope).label,
            d.group.name if d.body == Body.WORKING_GROUP else Body(d.body).label,
            d.proposal.title,
            _outcome(d),
        )
        for d in decisions
    )
    return Section(
        key="decisions",
        audience=Audience.MEMBERS,
        title=_("Decisions this week"),
        figures=(Figure.from_trend(_("Decisions made"), per_week["made"], key="decisions"),),
        tables=(
            Table(
                title=_("Decisions made this week"),
                columns=(_("Scope"), _("Decided by"), _("Proposal"), _("Outcome")),
                rows=rows,
                text_columns=4,
            ),
        )
        if rows
        else (),
        notes=() if rows else (_("No decision was recorded this week."),),
    )


def _outcome(decision: Decision):
    label = DecisionOutcome(decision.outcome).label
    if decision.meeting_id is None:  # a lead's own operational decision
        return label
    # No line break inside "(5–1)": a no-break space and word joiners around the dash.
    return format_lazy(
        "{label}\u00a0({votes_for}\u2060–\u2060{votes_against})",
        label=label,
        votes_for=decision.votes_for,
        votes_against=decision.votes_against,
    )
