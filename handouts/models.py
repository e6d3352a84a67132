"""Handouts: the organization's line in print. The points of unity, a public statement ("we
will never ask anyone for identification"), a flyer or a know-your-rights sheet goes into every
bag at the serve, in English and in Spanish.

- A handout has numbered **versions**. A version is a draft until the general body adopts it:
  it is put forward as a steering proposal (committees), decided at a general body meeting
  with quorum, and that decision is what makes it the handout's **current** version. Only one
  version is current; the older ones stay readable with their adoption dates.
- The current version is printed for the bag (handouts.pdf), and at the serve the organizers
  count the copies given out, per handout and language, with the same idempotent taps as the
  bags. A **printed batch** says how many copies were made, so the page says how many are left.

A handout holds the organization's own text, never a person's name or details."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from distribution.models import CountAtAServe, CountAtAServeQuerySet

# The two languages every handout is written in (the organization's; see DOMAIN: bilingual).
LANGUAGES = (("en", _("English")), ("es", _("Spanish")))
LANGUAGE_CODES = tuple(code for code, _label in LANGUAGES)
# Long enough for a page of points of unity; the print layout says when it is too long for A5.
BODY_MAX_LENGTH = 6000


class Kind(models.TextChoices):
    POINTS_OF_UNITY = "points_of_unity", _("Points of unity")
    STATEMENT = "statement", _("Statement")
    FLYER = "flyer", _("Flyer")
    KNOW_YOUR_RIGHTS = "know_your_rights", _("Know your rights")
    OTHER = "other", _("Other")


class HandoutQuerySet(models.QuerySet):
    def for_list(self):
        """Each handout with its current version (or None) and its newest version's number."""
        return self.prefetch_related(
            models.Prefetch(
                "versions",
                queryset=HandoutVersion.objects.filter(is_current=True).select_related(
                    "adoption_decision"
                ),
                to_attr="current_versions",
            )
        ).annotate(latest_number=models.Max("versions__number"))

    def with_current(self):
        """Handouts that have a current version, for printing and counting."""
        return self.filter(versions__is_current=True).distinct()


class Handout(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # Which comes first when several are printed or counted together.
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HandoutQuerySet.as_manager()

    class Meta:
        verbose_name = _("handout")
        verbose_name_plural = _("handouts")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        current = self.current_version
        return current.title if current else f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("handouts:detail", args=[self.pk])

    @property
    def current_version(self) -> "HandoutVersion | None":
        """The version the general body adopted last (from `for_list`'s prefetch if there)."""
        if hasattr(self, "current_versions"):
            return self.current_versions[0] if self.current_versions else None
        return self.versions.filter(is_current=True).first()


class HandoutVersionQuerySet(models.QuerySet):
    def for_version_page(self):
        """One version's pages: every member reads every handout (checked by the view);
        drafts are the organization's own text, not personal data."""
        return self.select_related("handout", "proposal__decision")

    def for_handout_page(self, handout):
        return (
            self.filter(handout=handout)
            .select_related("proposal", "proposal__decision", "adoption_decision__meeting")
            .order_by("-number")
        )

    def current(self):
        return self.filter(is_current=True)


class HandoutVersion(models.Model):
    """One numbered text of a handout in both languages. Draft → proposed (a steering
    proposal) → adopted (the general body's decision, which makes it current)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed to the general body")
        REJECTED = "rejected", _("Not adopted")
        CURRENT = "current", _("Current")
        SUPERSEDED = "superseded", _("Adopted, since replaced")

    handout = models.ForeignKey(Handout, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    title_en = models.CharField(_("title in English"), max_length=120)
    title_es = models.CharField(_("title in Spanish"), max_length=120)
    body_en = models.TextField(
        _("text in English"),
        max_length=BODY_MAX_LENGTH,
        help_text=_(
            "Plain text. A blank line starts a new paragraph; lines starting with “- ” make a "
            "list, “1. ” a numbered list; **two stars** around words make them bold."
        ),
    )
    body_es = models.TextField(
        _("text in Spanish"), max_length=BODY_MAX_LENGTH, help_text=body_en.help_text
    )
    # The steering proposal "adopt version N of this handout", once it is put forward.
    proposal = models.OneToOneField(
        "committees.Proposal",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handout_version",
    )
    # The general body's decision adopting it (at a meeting with quorum), and its date.
    adoption_decision = models.OneToOneField(
        "committees.Decision",
        verbose_name=_("adopted by the decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HandoutVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("handout version")
        verbose_name_plural = _("handout versions")
        ordering = ["handout", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["handout", "number"], name="one_number_per_version"),
            # Only one version of a handout is current.
            models.UniqueConstraint(
                fields=["handout"], condition=Q(is_current=True), name="one_current_version"
            ),
            # Only an adopted version can be current.
            models.CheckConstraint(
                condition=Q(is_current=False)
                | Q(adoption_decision__isnull=False, adopted_on__isnull=False),
                name="current_version_is_adopted",
            ),
            models.CheckConstraint(
                condition=Q(adoption_decision__isnull=True) | Q(proposal__isnull=False),
                name="adopted_version_was_proposed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("handouts:version", args=[self.handout_id, self.number])

    @property
    def status(self) -> str:
        if self.adoption_decision_id:
            return self.Status.CURRENT if self.is_current else self.Status.SUPERSEDED
        if self.proposal_id is None:
            return self.Status.DRAFT
        decision = getattr(self.proposal, "decision", None)
        if decision is not None and decision.outcome != "adopted":
            return self.Status.REJECTED
        return self.Status.PROPOSED

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def is_draft(self) -> bool:
        """Still editable: not yet put before the general body."""
        return self.proposal_id is None

    @property
    def title(self) -> str:
        return self.text("es" if (get_language() or "").startswith("es") else "en")[0]

    def text(self, language: str) -> tuple[str, str]:
        """(title, body) in `language` ("en" or "es")."""
        return getattr(self, f"title_{language}"), getattr(self, f"body_{language}")


class HandoutTapQuerySet(CountAtAServeQuerySet):
    def totals(self) -> dict[str, int]:
        """{counter key: copies} for the counted taps, in one query."""
        rows = self.counted().values("handout_id", "language").annotate(n=Count("id")).order_by()
        return {
            HandoutTap.counter_key(row["handout_id"], row["language"]): row["n"] for row in rows
        }


class HandoutTap(CountAtAServe):
    """One copy given out at a serve, tapped on a phone, in the language the person took.
    Like a bag tap (distribution.Tap): a count sent twice is counted once (CountAtAServe's
    `key`), and several phones only ever insert rows."""

    serve = models.ForeignKey(
        "distribution.Serve", on_delete=models.CASCADE, related_name="handout_taps"
    )
    handout = models.ForeignKey(Handout, on_delete=models.PROTECT, related_name="taps")
    # The version that was current when the copy went out.
    version = models.ForeignKey(HandoutVersion, on_delete=models.PROTECT, related_name="taps")
    language = models.CharField(max_length=2, choices=LANGUAGES)

    objects = HandoutTapQuerySet.as_manager()

    class Meta(CountAtAServe.Meta):
        verbose_name = _("handout given out")
        verbose_name_plural = _("handouts given out")

    def __str__(self) -> str:
        return f"{self.serve} · {self.counter}"

    @property
    def counter(self) -> str:
        return self.counter_key(self.handout_id, self.language)

    @staticmethod
    def counter_key(handout_id: int, language: str) -> str:
        """The name the count page and its script use for one counter."""
        return f"handout:{handout_id}:{language}"


class PrintedBatchQuerySet(models.QuerySet):
    def copies_of(self, versions) -> dict[int, int]:
        """{version id: copies printed} for `versions`, in one query."""
        rows = (
            self.filter(version__in=versions)
            .values("version_id")
            .annotate(n=Sum("copies"))
            .order_by()
        )
        return {row["version_id"]: row["n"] for row in rows}


class PrintedBatch(models.Model):
    """Copies of a version printed for the serves, so the page can say how many are left.
    Handouts are not stock items: this is a count, not a ledger."""

    version = models.ForeignKey(
        HandoutVersion, on_delete=models.PROTECT, related_name="printed_batches"
    )
    # "en", "es", or "" for the bilingual sheet.
    language = models.CharField(_("language"), max_length=2, blank=True, choices=LANGUAGES)
    copies = models.PositiveIntegerField(_("copies printed"))
    printed_on = models.DateField(_("printed on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PrintedBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("printed batch")
        verbose_name_plural = _("printed batches")
        ordering = ["-printed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="printed_batch_has_copies")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.copies}"
