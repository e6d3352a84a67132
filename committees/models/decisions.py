"""Proposals, the mandates groups give their spokes, decisions and their votes."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from committees.models.choices import Body, Outcome, Scope, VoteChoice, VoteRule
from committees.models.groups import WorkingGroup
from committees.models.meetings import AgendaItem, Meeting

# --- Proposals and decisions -------------------------------------------------------------------


class ProposalQuerySet(models.QuerySet):
    def for_proposal_page(self):
        """One proposal's pages: every member reads every proposal (checked by the view)."""
        return self.select_related("group", "proposed_by")

    def open(self):
        return self.filter(decision__isnull=True)


class Proposal(models.Model):
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal"), blank=True)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    # The group whose operation an operational proposal is about; empty for the other scopes.
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="operational", group__isnull=False)
                    | (~Q(scope="operational") & Q(group__isnull=True))
                ),
                name="proposal_group_only_for_operational",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("committees:proposal_detail", args=[self.pk])

    @staticmethod
    def summation_adoption_title(iso_week) -> str:
        """The title of the general body's proposal to adopt a week's summation (`iso_week`, a
        Week or "2026-W47"), in the active language: every caller names it this way."""
        return gettext("Adopt the summation of week %(week)s") % {"week": iso_week}


class Mandate(models.Model):
    """A working group's position on a coordination proposal, which its spoke casts."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="mandates")
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="mandates")
    position = models.CharField(_("position"), max_length=8, choices=VoteChoice.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "group"], name="one_mandate_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.get_position_display()}"


class DecisionQuerySet(models.QuerySet):
    def for_log(self):
        return self.select_related("proposal", "group", "meeting", "meeting__group").order_by(
            "-decided_on", "-pk"
        )

    def made_between(self, first_day: date, last_day: date):
        """For the weekly summation: decisions made from `first_day` to `last_day`, with their
        proposal (scope, title), body and meeting."""
        return (
            self.filter(decided_on__gte=first_day, decided_on__lte=last_day)
            .select_related("proposal", "group", "meeting")
            .order_by("decided_on", "pk")
        )

    def summation_adoptions(self, iso_week: str):
        """Decisions on the general body's "adopt the summation of `iso_week`" proposals."""
        reviews = AgendaItem.objects.summation_reviews(iso_week).filter(
            proposal_id=OuterRef("proposal_id")
        )
        return self.filter(Exists(reviews)).select_related("proposal", "meeting")

    def steering_adoptions(self):
        """Decisions that adopted a steering proposal at a general body meeting with quorum:
        the only decisions that make a text the organization's own (a handout's version)."""
        return (
            self.filter(
                body=Body.GENERAL_BODY,
                outcome=Outcome.ADOPTED,
                proposal__scope=Scope.STEERING,
                meeting__quorum_needed__isnull=False,
            )
            .annotate(present=Count("meeting__attendances", distinct=True))
            .filter(present__gte=models.F("meeting__quorum_needed"))
        )


class Decision(models.Model):
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    body = models.CharField(_("body"), max_length=16, choices=Body.choices)
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    # Empty only when a group's lead decided alone (vote rule LEAD).
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decided_on = models.DateField(_("decided on"))
    vote_rule = models.CharField(_("rule in force"), max_length=24, choices=VoteRule.choices)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    reasoning = models.TextField(_("reasoning"))
    votes_for = models.PositiveSmallIntegerField(pgettext_lazy("votes", "for"), default=0)
    votes_against = models.PositiveSmallIntegerField(pgettext_lazy("votes", "against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)
    votes_block = models.PositiveSmallIntegerField(_("block"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(body="working_group", vote_rule="lead"),
                name="decision_at_a_meeting_or_by_a_lead",
            ),
            models.CheckConstraint(
                condition=(
                    Q(body="working_group", group__isnull=False)
                    | (~Q(body="working_group") & Q(group__isnull=True))
                ),
                name="decision_group_matches_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return reverse("committees:proposal_detail", args=[self.proposal_id])

    @property
    def body_name(self) -> str:
        return self.group.name if self.body == Body.WORKING_GROUP else str(self.get_body_display())


class Vote(models.Model):
    """One member's vote on a decision. At the spokes-council, a spoke casts their group's
    vote: `group` is the group and `mandated` says the group had fixed the position."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes"
    )
    group = models.ForeignKey(
        WorkingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    mandated = models.BooleanField(_("mandated by the group"), default=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "voter"],
                condition=Q(group__isnull=True),
                name="one_vote_per_member",
            ),
            models.UniqueConstraint(
                fields=["decision", "group"],
                condition=Q(group__isnull=False),
                name="one_vote_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} · {self.get_choice_display()}"
