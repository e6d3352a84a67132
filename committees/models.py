"""Committees: the working groups that do the work, the spokes-council that coordinates them,
and the general body of all members that steers. Every decision has an explicit scope.

- A working group has members and one or more leads; each group elects a spoke at one of its
  recorded meetings, for a term and with a mandate, and can recall them.
- A meeting belongs to one body: a working group, the spokes-council or the general body. It
  has an agenda, attendance, minutes and, for the general body, a quorum.
- A proposal has a scope: operational (a working group or its lead decides), coordination (the
  spokes-council decides) or steering (only a general body meeting with quorum decides). The
  decision records the votes, the rule in force, the outcome and the reasoning.
- Action items come out of meetings and decisions; leads write a weekly report per group."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.weeks import validate_iso_week


class Body(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group")
    SPOKES_COUNCIL = "spokes_council", _("Spokes-council")
    GENERAL_BODY = "general_body", _("General body")


class Scope(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    COORDINATION = "coordination", _("Coordination")
    STEERING = "steering", _("Steering")


# The one body that decides each scope (see committees.rules for the messages).
BODY_FOR_SCOPE = {
    Scope.OPERATIONAL: Body.WORKING_GROUP,
    Scope.COORDINATION: Body.SPOKES_COUNCIL,
    Scope.STEERING: Body.GENERAL_BODY,
}


class VoteRule(models.TextChoices):
    MAJORITY = "majority", _("Majority")
    CONSENSUS_MINUS_ONE = "consensus_minus_one", _("Consensus minus one")
    LEAD = "lead", _("Decided by the group's lead")


# The rules a body can vote under; LEAD is only recorded on a lead's own decision.
MEETING_VOTE_RULES = [VoteRule.MAJORITY, VoteRule.CONSENSUS_MINUS_ONE]


class VoteChoice(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "For")
    AGAINST = "against", pgettext_lazy("vote", "Against")
    ABSTAIN = "abstain", _("Abstain")
    BLOCK = "block", _("Block")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", pgettext_lazy("decision outcome", "Adopted")
    REJECTED = "rejected", pgettext_lazy("decision outcome", "Rejected")


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


# --- Meetings ----------------------------------------------------------------------------------


class MeetingQuerySet(models.QuerySet):
    def for_meeting_list(self):
        return self.select_related("group").annotate(
            present=Count("attendances", distinct=True),
            agenda_length=Count("agenda_items", distinct=True),
        )

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")

    def for_member(self, user, *, is_spoke: bool):
        """The meetings a member is called to: the general body, their groups' meetings and,
        while they are a spoke, the spokes-council."""
        calls = Q(body=Body.GENERAL_BODY) | Q(group__memberships__user=user)
        if is_spoke:
            calls |= Q(body=Body.SPOKES_COUNCIL)
        return self.filter(calls).distinct()

    def between(self, start, end):
        """Meetings that overlap [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def held_between(self, first_day: date, last_day: date):
        """For the weekly summation: meetings held from `first_day` to `last_day` (local dates),
        each with `present` (attendance count) and its group."""
        return (
            self.filter(starts_at__date__gte=first_day, starts_at__date__lte=last_day)
            .select_related("group")
            .annotate(present=Count("attendances", distinct=True))
            .order_by("starts_at")
        )

    def attended_hours(self) -> float:
        """Member-hours spent in these meetings: each meeting's length times who was present."""
        rows = self.annotate(_present=Count("attendances", distinct=True)).values_list(
            "starts_at", "ends_at", "_present"
        )
        seconds = sum((end - start).total_seconds() * present for start, end, present in rows)
        return round(seconds / 3600, 2)


class Meeting(models.Model):
    body = models.CharField(_("body"), max_length=16, choices=Body.choices)
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    starts_at = models.DateTimeField(pgettext_lazy("meeting", "starts at"))
    ends_at = models.DateTimeField(pgettext_lazy("meeting", "ends at"))
    place = models.CharField(
        _("place or call"), max_length=200, help_text=_("An address, a room, or a call link.")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The notice_sent_at whose notice went out: the task claims it, so a task delivered twice
    # sends the notice once (and "send again" sends it once more).
    notice_delivered_for = models.DateTimeField(null=True, blank=True, editable=False)
    # General body only, set when attendance is recorded: how many active members there were
    # and how many had to be present for quorum (GENERAL_BODY_QUORUM of them, rounded up).
    members_eligible = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quorum_needed = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(body=Body.WORKING_GROUP, group__isnull=False)
                    | (~Q(body=Body.WORKING_GROUP) & Q(group__isnull=True))
                ),
                name="meeting_group_matches_body",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.starts_at).date(), "DATE_FORMAT")
        return f"{self.body_name} · {when}"

    def get_absolute_url(self) -> str:
        return reverse("committees:meeting_detail", args=[self.pk])

    @property
    def body_name(self) -> str:
        return self.group.name if self.body == Body.WORKING_GROUP else str(self.get_body_display())

    @property
    def on(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @property
    def vote_rule(self) -> str:
        """The rule in force: the group's own, or the organization's for the two wider bodies."""
        if self.body == Body.WORKING_GROUP:
            return self.group.vote_rule
        if self.body == Body.SPOKES_COUNCIL:
            return settings.SPOKES_COUNCIL_VOTE_RULE
        return settings.GENERAL_BODY_VOTE_RULE

    def eligible_members(self):
        """Who is called to this meeting (and can be marked present): the group's members,
        the spokes sitting on the meeting's day, or every active member."""
        members = User.objects.filter(is_active=True)
        if self.body == Body.WORKING_GROUP:
            members = members.filter(memberships__group_id=self.group_id)
        elif self.body == Body.SPOKES_COUNCIL:
            members = members.filter(
                spoke_terms__in=Spoke.objects.current(self.on).values("pk")
            ).distinct()
        return members.order_by("display_name", "email")

    def voters(self, proposal) -> list["Voter"]:
        """Who may vote on `proposal` here: members present (of the group, for a working
        group). At the spokes-council each sitting spoke who is present casts their group's
        vote, with the position the group mandated, if it did."""
        present = set(self.attendances.values_list("member_id", flat=True))
        if self.body == Body.SPOKES_COUNCIL:
            mandates = dict(proposal.mandates.values_list("group_id", "position"))
            spokes = Spoke.objects.current(self.on).select_related("group", "member")
            return [
                Voter(
                    key=f"g{spoke.group_id}",
                    member=spoke.member,
                    group=spoke.group,
                    mandate=mandates.get(spoke.group_id, ""),
                )
                for spoke in spokes.order_by("group__name")
                if spoke.member_id in present
            ]
        members = self.eligible_members().filter(pk__in=present)
        return [Voter(key=f"m{member.pk}", member=member) for member in members]

    def has_quorum(self, present: int) -> bool:
        """Only the general body has a quorum rule; it is met once attendance reaches the
        number fixed when attendance was recorded."""
        if self.body != Body.GENERAL_BODY:
            return True
        return self.quorum_needed is not None and present >= self.quorum_needed


@dataclass(frozen=True)
class Voter:
    key: str
    member: object
    group: WorkingGroup | None = None
    mandate: str = ""  # a VoteChoice value the group fixed for its spoke, or ""


class AgendaItemQuerySet(models.QuerySet):
    def summation_reviews(self, iso_week: str):
        """General body agenda items that review the summation of `iso_week`."""
        return self.filter(kind=AgendaItem.Kind.SUMMATION_REVIEW, iso_week=iso_week)


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("Discussion")
        PROPOSAL = "proposal", _("Proposal to decide")
        SUMMATION_REVIEW = "summation_review", _("Review the weekly summation")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    title = models.CharField(_("title"), max_length=200)
    proposal = models.ForeignKey(
        "Proposal",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    # For a summation review: the ISO week reviewed, e.g. "2026-W47". The summations app links
    # a summation to the decision taken on this item's proposal.
    iso_week = models.CharField(_("week"), max_length=8, blank=True, validators=[validate_iso_week])
    notes = models.TextField(_("notes"), blank=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="topic") | Q(proposal__isnull=False),
                name="agenda_item_proposal_for_decisions",
            ),
            models.CheckConstraint(
                condition=~Q(kind="summation_review") | ~Q(iso_week=""),
                name="agenda_item_week_for_summation_review",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.meeting}"


# --- Proposals and decisions -------------------------------------------------------------------


class ProposalQuerySet(models.QuerySet):
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


# --- Action items and weekly reports -----------------------------------------------------------


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionItem.Status.OPEN)

    def overdue(self, today: date):
        return self.open().filter(due_on__lt=today)

    def with_lateness(self, today: date | None = None):
        """Each item with `late`: open and past its due date."""
        today = today or timezone.localdate()
        late = models.ExpressionWrapper(
            Q(status=ActionItem.Status.OPEN, due_on__lt=today), output_field=models.BooleanField()
        )
        return self.annotate(late=late)

    def for_action_item_list(self):
        return (
            self.with_lateness()
            .select_related("group", "assignee")
            .order_by("status", "due_on", "pk")
        )

    def for_dashboard(self, user):
        """The member's open action items, soonest first."""
        return (
            self.open()
            .filter(assignee=user)
            .with_lateness()
            .select_related("group")
            .order_by("due_on", "pk")
        )

    def overdue_in_groups_led_by(self, user, today: date):
        return (
            self.overdue(today)
            .filter(group__in=WorkingGroup.objects.led_by(user))
            .select_related("group", "assignee")
            .order_by("due_on", "pk")
        )

    def needing_reminder(self, today: date, days_ahead: int):
        """Open items due within `days_ahead` days whose assignee was not yet reminded of
        this due date (changing the due date re-arms the reminder)."""
        return (
            self.open()
            .filter(due_on__gte=today, due_on__lte=today + timedelta(days=days_ahead))
            .exclude(reminded_for=models.F("due_on"))
        )

    def needing_overdue_flag(self, today: date):
        """Overdue items not yet flagged to the group's lead for this due date."""
        return self.overdue(today).exclude(overdue_flagged_for=models.F("due_on"))

    def created_between(self, first_day: date, last_day: date):
        return self.filter(
            created_at__date__gte=first_day, created_at__date__lte=last_day
        ).select_related("group", "assignee")

    def done_between(self, first_day: date, last_day: date):
        return self.filter(
            status=ActionItem.Status.DONE, done_on__gte=first_day, done_on__lte=last_day
        ).select_related("group", "assignee")


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", pgettext_lazy("action item status", "Done")
        DROPPED = "dropped", _("Dropped")

    title = models.CharField(_("what to do"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    # The group answerable for it: its lead hears when it is overdue.
    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Claims of the daily job, per due date, so that no notice goes out twice.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    overdue_flagged_for = models.DateField(null=True, blank=True, editable=False)
    # The assignee is told once per assignment: set when one is made (by someone else), and
    # copied by the task that tells them, so a task delivered twice sends one email.
    assigned_notice_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    assigned_notice_sent_for = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("committees:action_item_detail", args=[self.pk])

    def is_overdue(self, today: date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today


class WeeklyReportQuerySet(models.QuerySet):
    def for_week(self, iso_week: str):
        """For the weekly summation: every group's report for `iso_week`."""
        return self.filter(iso_week=iso_week).select_related("group", "written_by")

    def for_group(self, group):
        return self.filter(group=group).order_by("-iso_week")


class WeeklyReport(models.Model):
    """A working group's lead reports on one ISO week; the weekly summation reads these."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="weekly_reports")
    iso_week = models.CharField(_("week"), max_length=8, validators=[validate_iso_week])
    what_we_did = models.TextField(_("what we did"))
    what_went_wrong = models.TextField(_("what went wrong"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = WeeklyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-iso_week", "group__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "iso_week"], name="one_report_per_group_week")
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.iso_week}"
