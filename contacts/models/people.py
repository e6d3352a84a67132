"""Contacts and the development levels that say how far each is drawn into struggle."""

from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models.lookups import (
    NAME_PREFIX_MIN,
    NameField,
    NameToken,
    name_words,
    phone_lookup_hash,
    phone_lookup_hashes,
)
from contacts.models.places import BaseArea
from core import crypto
from core.fields import EncryptedTextField, SealedQuerySet
from core.i18n import BilingualName
from core.models import DataKey


class DevelopmentLevelQuerySet(models.QuerySet):
    def for_choices(self):
        return self.order_by("-rank")


class DevelopmentLevel(BilingualName, models.Model):
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


class ContactQuerySet(SealedQuerySet):
    def for_contact_detail(self):
        """One contact's pages, for members who see contacts (checked by the view); a
        forgotten contact no longer exists for anyone."""
        return self.active().select_related(
            "base_area",
            "development_level",
            "consent_recorded_by",
            # Consent to texts (texting.TextConsent), by relation name, in the same query.
            "text_consent",
            "text_consent__recorded_by",
        )

    def active(self):
        """Contacts not forgotten."""
        return self.filter(forgotten_at__isnull=True)

    def named(self, search: str):
        """Contacts whose name has a word beginning with each word of `search`, whatever the
        case and accents ("jose" finds José). Names are encrypted: this matches keyed hashes
        of their words' beginnings (NameToken), never the names. Words shorter than
        NAME_PREFIX_MIN letters are not searchable; a search of none of those finds no one."""
        if not [w for w in name_words(search) if len(w) >= NAME_PREFIX_MIN]:
            return self.none()
        return self.filter(name__icontains=search)

    def bulk_create(self, objs, *args, **kwargs):
        """Each new contact gets its own data key first, and its name is indexed after."""
        objs = list(objs)
        with transaction.atomic(using=self.db):
            Contact.issue_data_keys([c for c in objs if c.key_id is None])
            created = super().bulk_create(objs, *args, **kwargs)
            NameToken.objects.index(created)
        return created

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
        return self.active().select_related("base_area", "development_level").order_by("id")

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

    name = NameField(
        _("name or nickname"), max_length=60, help_text=_("A first name or a nickname is enough.")
    )
    # This contact's own key: every personal value about them is sealed with it, and
    # forgetting them deletes it (core.crypto). None once forgotten.
    key = models.OneToOneField(
        DataKey, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Another contact already has this phone and the organizer said this is someone else
    # sharing it (a household's one phone): the one-contact-per-phone rule leaves them out.
    shares_phone = models.BooleanField(_("shares a phone"), default=False, editable=False)
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
        BaseArea,
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
            # The ranking of sites of struggle leaves forgotten contacts out and counts those
            # drawn in: both read from small indexes, not from the sealed rows.
            models.Index(
                fields=["id"],
                condition=models.Q(forgotten_at__isnull=False),
                name="contact_forgotten",
            ),
            models.Index(
                fields=["development_level"],
                include=["id", "forgotten_at"],
                name="contact_development_level",
            ),
        ]
        constraints = [
            # One contact per phone. The services look first; this closes the moment between
            # looking and inserting, when two organizers record the same person at once.
            models.UniqueConstraint(
                fields=["phone_hash"],
                condition=Q(forgotten_at__isnull=True, shares_phone=False) & ~Q(phone_hash=""),
                name="contact_phone_once",
            )
        ]

    def __str__(self) -> str:
        # A contact whose key is gone reads as forgotten, never as an error.
        if self.forgotten_at or not self.name:
            return gettext("Forgotten contact #%(id)s") % {"id": self.pk}
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            if self.key_id is None and self.forgotten_at is None:
                Contact.issue_data_keys([self])
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "key"}
            super().save(*args, **kwargs)
            if update_fields is None or "name" in update_fields:
                NameToken.objects.index([self])

    def data_key_id(self) -> int | None:
        return self.key_id

    # Key rotation (core.rotation): a contact's values are sealed with their own key, read
    # with the row; the phone hash and the name tokens are re-computed with the current key.
    @classmethod
    def rotation_rows(cls, rows, names):
        return rows.only("pk", *names, "name", "key", "forgotten_at")

    @classmethod
    def rotation_refresh(cls, rows) -> tuple[str, ...]:
        for row in rows:
            row.phone_hash = phone_lookup_hash(row.phone)
        return ("phone_hash",)

    @classmethod
    def rotation_saved(cls, rows) -> None:
        NameToken.objects.index(rows)

    @staticmethod
    def issue_data_keys(contacts) -> None:
        """Give each of these (unsaved or keyless) contacts a new data key of its own."""
        if not contacts:
            return
        made = [crypto.new_data_key() for _contact in contacts]
        keys = DataKey.objects.bulk_create([DataKey(wrapped=wrapped) for wrapped, _f in made])
        for contact, key, (_wrapped, fernet) in zip(contacts, keys, made, strict=True):
            contact.key = key
            crypto.remember_key(key.pk, fernet)

    @property
    def has_consent(self) -> bool:
        return self.consent_recorded_at is not None


class AboutAContact:
    """A row about one contact (a conversation, a grievance, a delivery request): its personal
    text is sealed with that contact's own key, so forgetting them makes it unreadable too."""

    def data_key_id(self) -> int | None:
        if not self.contact_id:
            return None
        contact = self._state.fields_cache.get("contact")
        if contact is not None and contact.pk == self.contact_id:
            return contact.key_id
        return Contact.objects.filter(pk=self.contact_id).values_list("key_id", flat=True).first()

    @classmethod
    def rotation_rows(cls, rows, names):
        """Key rotation (core.rotation): each row is sealed with its contact's key, read with it."""
        return rows.select_related("contact").only("pk", *names, "contact__key")
