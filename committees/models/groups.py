"""Working groups, their members and the spokes they elect to the spokes-council."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committees.models.choices import MEETING_VOTE_RULES, VoteRule

# --- Working groups and their members -------------------------------------------------------


class WorkingGroupQuerySet(models.QuerySet):
    def for_group_list(self, on: date):
        """Each group with its member count, its leads and its spoke sitting on `on`."""
        return self.annotate(member_count=Count("memberships", distinct=True)).prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(is_lead=True).select_related("user"),
                to_attr="lead_memberships",
            ),
            Prefetch(
                "spokes",
                queryset=Spoke.objects.current(on).select_related("member"),
                to_attr="current_spokes",
            ),
        )

    def led_by(self, user):
        """The groups `user` leads (a lead membership and the committee lead role)."""
        if not (user.is_active and user.is_lead):
            return self.none()
        return self.filter(memberships__user=user, memberships__is_lead=True)

    def of_member(self, user):
        return self.filter(memberships__user=user)


class WorkingGroup(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="working_groups"
    )
    vote_rule = models.CharField(
        _("vote rule"),
        max_length=24,
        choices=[(rule.value, rule.label) for rule in MEETING_VOTE_RULES],
        default=VoteRule.MAJORITY,
        help_text=_("How the group's meetings decide when they vote."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committees:group_detail", args=[self.pk])


class MembershipQuerySet(models.QuerySet):
    def for_group_page(self, group):
        return (
            self.filter(group=group)
            .select_related("user")
            .order_by("-is_lead", "user__display_name", "user__email")
        )

    def leads_of(self, group_ids):
        return self.filter(group_id__in=group_ids, is_lead=True, user__is_active=True)


class Membership(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    is_lead = models.BooleanField(_("lead"), default=False)
    joined_on = models.DateField(_("joined on"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.group}"


# --- Spokes ------------------------------------------------------------------------------------


class SpokeQuerySet(models.QuerySet):
    def current(self, on: date):
        """Spokes sitting on the council on day `on`: within their term and not recalled."""
        return self.filter(term_start__lte=on, term_end__gte=on).filter(
            Q(recalled_on__isnull=True) | Q(recalled_on__gt=on)
        )

    def for_council_page(self, on: date):
        return (
            self.current(on)
            .select_related("group", "member", "elected_at", "elected_at__group")
            .order_by("group__name", "term_start")
        )

    def history(self):
        return self.select_related("group", "member").order_by("-term_start", "group__name")


class Spoke(models.Model):
    """A member's term as their working group's spoke on the spokes-council."""

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="spokes",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("spoke"),
        on_delete=models.PROTECT,
        related_name="spoke_terms",
    )
    elected_at = models.ForeignKey(
        "Meeting",
        verbose_name=_("elected at"),
        on_delete=models.PROTECT,
        related_name="spoke_elections",
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    mandate = models.TextField(
        _("mandate"), help_text=_("What the group asks its spoke to carry to the council.")
    )
    recalled_on = models.DateField(_("recalled on"), null=True, blank=True)
    recalled_at = models.ForeignKey(
        "Meeting",
        verbose_name=_("recalled at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spoke_recalls",
    )
    recall_reason = models.TextField(_("reason for the recall"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpokeQuerySet.as_manager()

    class Meta:
        verbose_name = _("spoke")
        verbose_name_plural = _("spokes")
        ordering = ["group__name", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")),
                name="spoke_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.group}"

    @property
    def sits_until(self) -> date:
        """The last day of the term, or the day before the recall."""
        if self.recalled_on is not None and self.recalled_on <= self.term_end:
            return self.recalled_on - timedelta(days=1)
        return self.term_end
