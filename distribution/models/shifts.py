"""Volunteer shifts at a serve or on a delivery run, checked in and out, reminded the day before."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import DurationField, ExpressionWrapper, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from distribution.models.serves import Serve


class ShiftQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)

    def between(self, start: date, end: date):
        return self.filter(date__range=(start, end))

    def worked(self):
        """Shifts with a check-in and a check-out: the ones that count as hours."""
        return self.filter(checked_in_at__isnull=False, checked_out_at__isnull=False)

    def _duration(self):
        return ExpressionWrapper(
            F("checked_out_at") - F("checked_in_at"), output_field=DurationField()
        )

    def hours(self) -> float:
        """Volunteer hours worked (checked in to checked out), to two decimals."""
        total = self.worked().aggregate(t=Sum(self._duration()))["t"] or timedelta()
        return round(total.total_seconds() / 3600, 2)

    def hours_by_working_group(self) -> list[dict]:
        """[{"working_group_id", "working_group__name", "hours"}]; None is "no group"."""
        rows = (
            self.worked()
            .values("working_group_id", "working_group__name")
            .annotate(t=Sum(self._duration()))
            .order_by("working_group__name")
        )
        return [
            {
                "working_group_id": row["working_group_id"],
                "working_group__name": row["working_group__name"],
                "hours": round(row["t"].total_seconds() / 3600, 2),
            }
            for row in rows
        ]

    def for_serve_page(self, serve: "Serve"):
        return (
            self.filter(serve=serve)
            .active()
            .select_related("volunteer")
            .order_by("volunteer__display_name", "volunteer__email")
        )

    def for_member(self, user):
        return self.filter(volunteer=user)


class Shift(models.Model):
    """A volunteer's turn at a serve or on a delivery run. Hours worked (check-in to
    check-out) are what the work cost the organization, reported by working group."""

    class Kind(models.TextChoices):
        SERVE = "serve", _("Serve")
        DELIVERY_RUN = "delivery_run", _("Delivery run")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SERVE)
    serve = models.ForeignKey(
        Serve, null=True, blank=True, on_delete=models.CASCADE, related_name="shifts"
    )
    date = models.DateField(_("date"))
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="shifts",
    )
    working_group = models.ForeignKey(
        "committees.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    # Set when the lead was told of a cancellation: the email task claims it, so it sends once.
    lead_notified_at = models.DateTimeField(null=True, blank=True)
    # The shift's date the volunteer was reminded of (the day before): claimed by the reminder
    # job with a conditional UPDATE, so a second run that day reminds nobody again.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.UniqueConstraint(
                fields=["serve", "volunteer"],
                condition=Q(kind="serve"),
                name="one_shift_per_volunteer_and_serve",
            ),
            models.UniqueConstraint(
                fields=["date", "volunteer"],
                condition=Q(kind="delivery_run"),
                name="one_run_shift_per_volunteer_and_day",
            ),
            models.CheckConstraint(
                condition=Q(kind="serve", serve__isnull=False)
                | Q(kind="delivery_run", serve__isnull=True),
                name="shift_serve_only_for_serve_shifts",
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gte=F("checked_in_at")),
                name="shift_checks_out_after_checking_in",
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.get_kind_display()} · {self.date:%Y-%m-%d}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def hours(self) -> float | None:
        if self.checked_in_at and self.checked_out_at:
            return round((self.checked_out_at - self.checked_in_at).total_seconds() / 3600, 2)
        return None
