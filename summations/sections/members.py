"""The organization's own strength: members, new members, and who is in each working group."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from committees.models import WorkingGroup
from core.weeks import Week
from summations.sections.base import Audience, Figure, Section, Table, running_total, weekly


def members_section(period: Week) -> Section:
    """3 queries: the 12 weeks grouped, the total before them, the working groups."""
    active = User.objects.filter(is_active=True)
    per_week = weekly(active, "date_joined", period, new=Count("id"))
    before = active.filter(date_joined__lt=period.trend()[0].start).count()

    joined_by_then = Q(memberships__joined_on__lte=period.sunday, memberships__user__is_active=True)
    joined_this_week = joined_by_then & Q(memberships__joined_on__gte=period.monday)
    groups = list(
        WorkingGroup.objects.filter(created_at__lt=period.end)
        .annotate(
            member_count=Count("memberships", filter=joined_by_then),
            joined_count=Count("memberships", filter=joined_this_week),
        )
        .values_list("name", "member_count", "joined_count")
        .order_by("name")
    )
    return Section(
        key="members",
        audience=Audience.MEMBERS,
        title=_("Members"),
        figures=(
            Figure.from_trend(
                _("Active members"), running_total(before, per_week["new"]), key="members"
            ),
            Figure.from_trend(_("New members"), per_week["new"], key="new_members"),
        ),
        tables=(
            Table(
                title=_("Working groups"),
                columns=(_("Working group"), _("Members"), _("Joined this week")),
                rows=tuple(groups),
            ),
        )
        if groups
        else (),
        notes=(
            _(
                "Members are counted from the day they joined. A member who has left is not "
                "counted in any week."
            ),
        ),
    )
