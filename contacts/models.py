"""Contacts: people met through the distribution, each tied to a base area.

A contact is a first name or a nickname. Basework has no field for ID, immigration status,
nationality, date of birth or any document number, and never will. Phone, address and notes
are encrypted at rest; the phone's keyed hash allows exact-match de-duplication."""

from django.conf import settings
from django.db import models
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Last conversation, delivery or edit: the retention job forgets contacts idle too long.
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)
    forgotten_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["base_area", "created_at"])]

    def __str__(self) -> str:
        return self.name
