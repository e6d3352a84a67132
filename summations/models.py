"""Summations: the general body's weekly evaluation of the work "according to real strategic
metrics": what the week cost the organization and what it built.

One summation per ISO week. Celery builds it (figures from every app, kept as a JSON snapshot,
and a PDF in English and in Spanish); the general body reviews it: draft → presented at a
general body meeting → adopted. Once presented, its figures never change. A summation holds
counts and base areas only, never a contact's name, phone or address."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.weeks import Week


class SummationQuerySet(models.QuerySet):
    def for_list(self):
        """The list of past summations: no figures, no comments."""
        return self.only(
            "year", "week", "state", "build_status", "built_at", "presented_at", "adopted_at"
        ).order_by("-year", "-week")

    def for_status(self):
        """What the build-progress partial needs; the figures only once they are wanted."""
        return self.defer("figures").select_related(
            "presented_at_meeting", "adoption_decision__proposal"
        )

    def for_detail(self):
        return self.select_related("presented_at_meeting", "adoption_decision__proposal")

    def latest_for_dashboard(self):
        return self.for_list().first()

    def for_week(self, week: Week):
        return self.filter(year=week.year, week=week.week)


class Summation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PRESENTED = "presented", _("Presented")
        ADOPTED = "adopted", _("Adopted")

    class BuildStatus(models.TextChoices):
        PENDING = "pending", _("Waiting to be built")
        BUILDING = "building", _("Building")
        DONE = "done", _("Built")
        FAILED = "failed", _("Build failed")

    year = models.PositiveSmallIntegerField(_("year"))
    week = models.PositiveSmallIntegerField(_("week"))
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.DRAFT)
    # The snapshot: every section's figures, text in every language (summations.sections).
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    # The two PDFs of the current build, under MEDIA_ROOT/summations/; served only through a
    # view that checks the reader's permission, never as public media.
    pdf_en = models.FileField(_("PDF in English"), max_length=200, blank=True)
    pdf_es = models.FileField(_("PDF in Spanish"), max_length=200, blank=True)

    # The build. A worker claims it with a conditional UPDATE that writes a fresh token; only
    # the holder of the token may finish it. A lease older than SUMMATION_BUILD_LEASE means
    # the worker died, and another may take the build over.
    build_status = models.CharField(
        _("build"), max_length=16, choices=BuildStatus, default=BuildStatus.PENDING
    )
    build_token = models.CharField(max_length=32, blank=True, editable=False)
    build_attempts = models.PositiveIntegerField(_("build attempts"), default=0)
    build_error = models.TextField(_("build error"), blank=True)
    build_requested_at = models.DateTimeField(null=True, blank=True)
    build_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    build_started_at = models.DateTimeField(null=True, blank=True)
    build_finished_at = models.DateTimeField(null=True, blank=True)

    presented_at = models.DateTimeField(_("presented at"), null=True, blank=True)
    presented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The general body meeting whose agenda reviewed this week's summation.
    presented_at_meeting = models.ForeignKey(
        "committees.Meeting",
        verbose_name=_("presented at the meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The general body's decision on "Adopt the summation of week N" (adopted, with quorum).
    adoption_decision = models.ForeignKey(
        "committees.Decision",
        verbose_name=_("adopted by the decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Claimed (conditional UPDATE) by the "summation ready" email, so it goes out once.
    ready_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SummationQuerySet.as_manager()

    class Meta:
        verbose_name = _("summation")
        verbose_name_plural = _("summations")
        ordering = ["-year", "-week"]
        constraints = [
            models.UniqueConstraint(fields=["year", "week"], name="one_summation_per_week"),
            models.CheckConstraint(
                condition=models.Q(week__gte=1, week__lte=53), name="summation_week_in_year"
            ),
        ]

    def __str__(self) -> str:
        return str(self.period)

    @property
    def period(self) -> Week:
        return Week(self.year, self.week)

    @property
    def build_running(self) -> bool:
        """A worker is building it and its lease is live."""
        return self.build_status == self.BuildStatus.BUILDING and not self.lease_is_stale

    @property
    def build_stalled(self) -> bool:
        """Its worker died mid-build: the lease ran out and nothing has taken it over yet."""
        return self.build_status == self.BuildStatus.BUILDING and self.lease_is_stale

    @property
    def build_in_progress(self) -> bool:
        """Waiting or running: the page keeps polling until this turns False."""
        return self.build_status == self.BuildStatus.PENDING or self.build_running

    @property
    def lease_expires_at(self):
        if self.build_status != self.BuildStatus.BUILDING or self.build_started_at is None:
            return None
        return self.build_started_at + timedelta(seconds=settings.SUMMATION_BUILD_LEASE_SECONDS)

    @property
    def lease_is_stale(self) -> bool:
        expires = self.lease_expires_at
        return expires is not None and expires <= timezone.now()

    @property
    def is_frozen(self) -> bool:
        """Presented or adopted: a rebuild re-renders the PDFs from the kept figures."""
        return self.state != self.State.DRAFT

    def pdf_for(self, language: str):
        """The FieldFile of `language`'s PDF (falsy when not built), or None for a language
        the organization does not use."""
        if language not in dict(settings.LANGUAGES):
            return None
        return getattr(self, f"pdf_{language}")

    @property
    def pdfs(self) -> list[tuple[str, str]]:
        """(language code, "PDF in <language>") for each PDF this summation has."""
        return [
            (code, self._meta.get_field(f"pdf_{code}").verbose_name)
            for code, _name in settings.LANGUAGES
            if self.pdf_for(code)
        ]


class SummationCommentQuerySet(models.QuerySet):
    def for_summation(self, summation: Summation):
        return self.filter(summation=summation).select_related("author").order_by("created_at")


class SummationComment(models.Model):
    """A member's comment on a summation, for the general body's review. Shown on the page,
    never printed in the PDF."""

    summation = models.ForeignKey(Summation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SummationCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author} · {self.summation}"
