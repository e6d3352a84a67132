"""What is written about a contact: conversations, assessments, access log, retention, imports."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models.people import AboutAContact, Contact, DevelopmentLevel
from core.fields import EncryptedTextField, SealedQuerySet


class ConversationQuerySet(SealedQuerySet):
    def of_remembered_contacts(self):
        """Conversations whose contact has not been forgotten, with the contact."""
        return self.select_related("contact").filter(contact__forgotten_at__isnull=True)

    def for_contact_page(self):
        return self.select_related("organizer", "follow_up_by").order_by("-held_on", "-id")

    def follow_ups_open(self):
        return self.filter(
            follow_up_due__isnull=False,
            follow_up_done_at__isnull=True,
            contact__forgotten_at__isnull=True,
        )

    def follow_ups_due_for(self, user, *, on: date):
        """The organizer's open follow-ups that are due on or before `on` (overdue included)."""
        return self.follow_ups_open().filter(follow_up_by=user, follow_up_due__lte=on)

    def for_follow_up_list(self):
        return (
            self.follow_ups_open()
            .select_related("contact__key", "follow_up_by")
            .only(
                "id",
                "held_on",
                "channel",
                "follow_up_due",
                "contact__id",
                "contact__name",
                "contact__key__wrapped",
                "contact__forgotten_at",
                "follow_up_by__id",
                "follow_up_by__display_name",
                "follow_up_by__email",
            )
            .order_by("follow_up_due", "id")
        )

    # For the summation.
    def held_between(self, start: date, end: date):
        """Conversations held between two dates, inclusive."""
        return self.filter(held_on__range=(start, end))


class Conversation(AboutAContact, models.Model):
    class Channel(models.TextChoices):
        SERVE = "serve", _("At the serve")
        DELIVERY = "delivery", _("On a delivery")
        DOOR_KNOCK = "door_knock", _("Door knock")
        PHONE = "phone", _("Phone")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="conversations"
    )
    held_on = models.DateField(_("date"), default=timezone.localdate)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    channel = models.CharField(
        _("where"), max_length=16, choices=Channel.choices, default=Channel.SERVE
    )
    summary = EncryptedTextField(_("summary"), blank=True)
    follow_up_due = models.DateField(_("follow up by"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who follows up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    follow_up_done_at = models.DateTimeField(_("followed up on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["follow_up_by", "follow_up_due"]),
            # Conversations held in a period: the summation's weeks; with the channel and the
            # contact, the reach page's contacts met, read from the index alone.
            models.Index(fields=["held_on", "channel", "contact"], name="conversation_held_on"),
        ]

    def __str__(self) -> str:
        return gettext("Conversation on %(date)s") % {
            "date": date_format(self.held_on, "DATE_FORMAT")
        }

    @property
    def follow_up_overdue(self) -> bool:
        return (
            self.follow_up_due is not None
            and self.follow_up_done_at is None
            and self.follow_up_due < timezone.localdate()
        )


class DevelopmentAssessmentQuerySet(SealedQuerySet):
    def for_contact_page(self):
        return self.select_related("level", "previous_level", "assessed_by").order_by(
            "-assessed_on", "-id"
        )

    # For the summation.
    def assessed_between(self, start: date, end: date):
        """Assessments made between two dates, inclusive."""
        return self.filter(assessed_on__range=(start, end))

    def movement_counts(self) -> dict[str, int]:
        """How many assessments moved a contact forward, back, kept them at the same level, or
        were their first assessment. One query."""
        previous = F("previous_level__rank")
        assessed_before = Q(previous_level__isnull=False)
        return self.aggregate(
            forward=Count("id", filter=assessed_before & Q(level__rank__gt=previous)),
            back=Count("id", filter=assessed_before & Q(level__rank__lt=previous)),
            unchanged=Count("id", filter=assessed_before & Q(level__rank=previous)),
            first=Count("id", filter=Q(previous_level__isnull=True)),
        )


class DevelopmentAssessment(AboutAContact, models.Model):
    """One dated assessment of a contact's development level, with who assessed and why.
    `previous_level` is the level the contact had just before, so movement is one query."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="assessments"
    )
    level = models.ForeignKey(
        DevelopmentLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    previous_level = models.ForeignKey(
        DevelopmentLevel,
        verbose_name=_("previous level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = EncryptedTextField(_("why"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DevelopmentAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("development assessment")
        verbose_name_plural = _("development assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.level} ({self.assessed_on})"


class ContactAccessQuerySet(SealedQuerySet):
    def for_access_log(self):
        return self.select_related("accessed_by", "contact").order_by("-at", "-id")


class ContactAccess(models.Model):
    """Append-only: who viewed, exported, edited or forgot a contact's personal data, and when.
    The database itself refuses UPDATE and DELETE on this table (see migration 0004)."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported")
        EDITED = "edited", _("Edited")
        IMPORTED = "imported", _("Imported")
        FORGOTTEN = "forgotten", _("Forgotten")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="accesses"
    )
    accessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ContactAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact access")
        verbose_name_plural = _("contact access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.accessed_by_id} {self.action} {self.contact_id} {self.at:%Y-%m-%d %H:%M}"


class RetentionRunQuerySet(models.QuerySet):
    def recent(self):
        return self.order_by("-ran_on")


class RetentionRun(models.Model):
    """One run of the retention job. The unique date means two runs on the same day purge once."""

    ran_on = models.DateField(_("ran on"), unique=True)
    cutoff = models.DateTimeField(_("idle since before"))
    purged = models.PositiveIntegerField(_("contacts forgotten"), default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RetentionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_on"]

    def __str__(self) -> str:
        return f"{self.ran_on}: {self.purged}"


class ContactImport(models.Model):
    """One confirmed import, keyed by a digest of its preview's token: confirming the same
    preview twice (a double click, two tabs, a retried request) imports it once."""

    key = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.imported_at:%Y-%m-%d}: {self.created}"
