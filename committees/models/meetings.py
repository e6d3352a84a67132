"""Meetings of each body: their agenda, attendance and who may vote."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from committees.models.choices import Body
from committees.models.groups import Spoke, WorkingGroup
from core.weeks import validate_iso_week

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
