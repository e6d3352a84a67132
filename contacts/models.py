"""Contacts: people met through the distribution, each tied to a base area.

A contact is a first name or a nickname. Basework has no field for ID, immigration status,
nationality, date of birth or any document number, and never will. Phone, address and notes
are encrypted at rest; the phone's keyed hash allows exact-match de-duplication.

Organizers talk with contacts (conversations, with follow-ups), and assess how far each one is
drawn into struggle (a dated history of development levels, so a summation can report
movement). Every view or export of a contact's personal data is written to an append-only
access log; a contact can be forgotten, and the retention job forgets contacts idle too long."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.fields import EncryptedTextField

PHONE_HASH_PURPOSE = "contact-phone"


def normalize_phone(phone: str) -> str:
    """Digits only (and a leading +), so '617-555 0101' and '6175550101' match."""
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" + digits) if phone.startswith("+") and digits else digits


def phone_lookup_hash(phone: str) -> str:
    return crypto.lookup_hash(normalize_phone(phone), purpose=PHONE_HASH_PURPOSE)


def phone_lookup_hashes(phone: str) -> list[str]:
    """The phone's hash under every configured key: a lookup still finds a contact between a
    key rotation and the `rotate_encryption` run that re-computes the stored hashes."""
    return crypto.lookup_hash_candidates(normalize_phone(phone), purpose=PHONE_HASH_PURPOSE)


class LocalizedNameMixin:
    """Labels an organization edits (development levels, grievance categories) are data, not
    gettext strings: each has an English and a Spanish name."""

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("es") and self.name_es:
            return self.name_es
        return self.name


class DevelopmentLevelQuerySet(models.QuerySet):
    def for_choices(self):
        return self.order_by("-rank")


class DevelopmentLevel(LocalizedNameMixin, models.Model):
    """How far a contact is drawn into struggle. Seeded as advanced / intermediate / backward;
    the organization may rename them or add levels. `rank` orders them (higher = further)."""

    name = models.CharField(_("name (English)"), max_length=40)
    name_es = models.CharField(_("name (Spanish)"), max_length=40, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("Higher means further drawn into struggle.")
    )
    counts_as_drawn_in = models.BooleanField(
        _("counts as drawn in"),
        default=False,
        help_text=_(
            "Contacts at this level are counted as advanced or intermediate in the "
            "sites-of-struggle ranking."
        ),
    )

    objects = DevelopmentLevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("development level")
        verbose_name_plural = _("development levels")
        ordering = ["-rank"]

    def __str__(self) -> str:
        return self.label


class ContactQuerySet(models.QuerySet):
    def active(self):
        """Contacts not forgotten."""
        return self.filter(forgotten_at__isnull=True)

    def with_phone(self, phone: str):
        """Exact match on the phone's keyed hash (never on the plaintext)."""
        hashes = phone_lookup_hashes(phone)
        if not hashes:
            return self.none()
        return self.filter(phone_hash__in=hashes)

    def for_contact_list(self):
        return (
            self.active()
            .select_related("base_area", "development_level")
            .only(
                "id",
                "name",
                "language",
                "first_met",
                "last_activity_at",
                "base_area__id",
                "base_area__name",
                "development_level__id",
                "development_level__name",
                "development_level__name_es",
            )
            .order_by("-last_activity_at", "-id")
        )

    def for_export(self):
        return self.active().select_related("base_area", "development_level").order_by("name", "id")

    def due_for_retention(self, cutoff):
        """Contacts with no conversation, grievance, delivery or edit since `cutoff`."""
        return self.active().filter(last_activity_at__lt=cutoff)

    # For the summation (dates inclusive, in the organization's time zone).
    def created_between(self, start: date, end: date):
        """New mass contacts: contacts first recorded between two dates, inclusive."""
        return self.filter(created_at__date__range=(start, end))


class Contact(models.Model):
    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")
        OTHER = "other", _("Other")

    class Reach(models.TextChoices):
        ANY = "any", _("Phone, text or in person")
        TEXT = "text", _("Text only")
        CALL = "call", _("Phone call only")
        IN_PERSON = "in_person", _("In person only")
        NONE = "none", _("Does not want to be contacted")

    class FirstMet(models.TextChoices):
        SERVE = "serve", _("At a serve")
        DELIVERY = "delivery", _("On a delivery")
        DOOR_KNOCK = "door_knock", _("Door knock")
        OTHER = "other", _("Other")

    name = models.CharField(
        _("name or nickname"), max_length=60, help_text=_("A first name or a nickname is enough.")
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    address = EncryptedTextField(_("address"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    reach = models.CharField(
        _("how to reach them"), max_length=16, choices=Reach.choices, default=Reach.ANY
    )
    consent_recorded_at = models.DateField(_("consent recorded on"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    no_kitchen = models.BooleanField(_("no kitchen"), default=False)
    dietary_needs = EncryptedTextField(_("dietary needs"), blank=True)
    base_area = models.ForeignKey(
        "investigation.BaseArea",
        verbose_name=_("base area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    first_met = models.CharField(
        _("first met"), max_length=16, choices=FirstMet.choices, default=FirstMet.SERVE
    )
    first_met_on = models.DateField(_("first met on"), null=True, blank=True)
    # Which serve, route or street: set from ?serve=<id> by the quick-add page. No personal data.
    first_met_note = models.CharField(_("where exactly"), max_length=120, blank=True)
    # The latest assessment's level, kept here so that rankings count it with a join.
    development_level = models.ForeignKey(
        DevelopmentLevel,
        verbose_name=_("development level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Last conversation, delivery or edit: the retention job forgets contacts idle too long.
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)
    forgotten_at = models.DateTimeField(null=True, blank=True)
    # Optimistic lock: every write of the edit form's fields adds one, and a save carries the
    # version its form was loaded with, so two organizers editing at once never overwrite each
    # other unseen (services.contact_update).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["base_area", "created_at"]),
            # How many active contacts a base area has (its page), counted from the index.
            models.Index(
                fields=["base_area"],
                condition=models.Q(forgotten_at__isnull=True),
                name="contact_active_base_area",
            ),
            # Contacts first met at a serve in a period (distribution.reach).
            models.Index(fields=["first_met", "first_met_on"], name="contact_first_met"),
        ]
        constraints = [
            # One contact per phone. The services look first; this closes the moment between
            # looking and inserting, when two organizers record the same person at once.
            models.UniqueConstraint(
                fields=["phone_hash"],
                condition=Q(forgotten_at__isnull=True) & ~Q(phone_hash=""),
                name="contact_phone_once",
            )
        ]

    def __str__(self) -> str:
        if self.forgotten_at:
            return gettext("Forgotten contact #%(id)s") % {"id": self.pk}
        return self.name

    @property
    def has_consent(self) -> bool:
        return self.consent_recorded_at is not None


class ConversationQuerySet(models.QuerySet):
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
            .select_related("contact", "follow_up_by")
            .only(
                "id",
                "held_on",
                "channel",
                "follow_up_due",
                "contact__id",
                "contact__name",
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


class Conversation(models.Model):
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
        return gettext("Conversation on %(date)s") % {"date": self.held_on}

    @property
    def follow_up_overdue(self) -> bool:
        return (
            self.follow_up_due is not None
            and self.follow_up_done_at is None
            and self.follow_up_due < timezone.localdate()
        )


class DevelopmentAssessmentQuerySet(models.QuerySet):
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


class DevelopmentAssessment(models.Model):
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


class ContactAccessQuerySet(models.QuerySet):
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
