"""Action items that come out of meetings and decisions, and the groups' weekly reports."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.models.decisions import Decision
from committees.models.groups import WorkingGroup
from committees.models.meetings import Meeting
from core.weeks import validate_iso_week

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
