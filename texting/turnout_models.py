"""Turnout texts: an organizer's personal text to the consenting contacts of a site of
struggle about one campaign's meeting or action, who got it, who replied, and who came.
The texts themselves are core.OutgoingText; a reply's words are kept only as a note in the
contact's conversations (texting.services.reply_receive), here only when they replied."""

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.models import BaseArea, Contact
from core.models import OutgoingText
from investigation.models import Antagonist, CampaignAction


class TurnoutQuerySet(models.QuerySet):
    def for_turnout_page(self):
        return self.select_related(
            "action__campaign", "base_area", "antagonist", "created_by", "sent_by"
        )


class Turnout(models.Model):
    """One round of turnout texts: for an action, to a site's contacts, from a template in
    each language. A draft until it is sent; sent once (`sent_at`), with what was skipped."""

    action = models.ForeignKey(
        CampaignAction,
        verbose_name=_("meeting or action"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    base_area = models.ForeignKey(
        BaseArea, verbose_name=_("base area"), on_delete=models.PROTECT, related_name="+"
    )
    # None: everyone who raised a grievance in the base area, whoever it was against.
    antagonist = models.ForeignKey(
        Antagonist,
        verbose_name=_("against"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("what it is"), max_length=80)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(
        _("where"),
        max_length=120,
        blank=True,
        help_text=_("A public place (a community room, a park): never a person's home."),
    )
    template_en = models.TextField(_("text in English"))
    template_es = models.TextField(_("text in Spanish"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(pgettext_lazy("turnout", "sent on"), null=True, blank=True)
    skipped_opted_out = models.PositiveIntegerField(default=0)
    skipped_no_consent = models.PositiveIntegerField(default=0)
    skipped_no_phone = models.PositiveIntegerField(default=0)

    objects = TurnoutQuerySet.as_manager()

    class Meta:
        verbose_name = _("turnout texts")
        verbose_name_plural = _("turnout texts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"turnout #{self.pk} for action #{self.action_id}"

    def template_for(self, language: str) -> str:
        return self.template_es if language == "es" else self.template_en


class TurnoutRecipientQuerySet(models.QuerySet):
    def for_turnout_page(self):
        """A sent turnout's recipients with their texts' fate: two queries (and one for the
        data keys), whatever their number. Forgotten contacts are left out."""
        return (
            self.filter(contact__forgotten_at__isnull=True)
            .select_related("contact", "text")
            .only(
                "id",
                "turnout_id",
                "replied_at",
                "came",
                "contact__id",
                "contact__name",
                "contact__key",
                "text__id",
                "text__status",
                "text__error",
            )
            .order_by("id")
        )

    def reply_received(self, contacts) -> int:
        """A text came in from these contacts: the latest turnout text to each is marked
        replied (not what they said: that is a note in their conversations)."""
        latest = (
            self.filter(contact__in=contacts, turnout__sent_at__isnull=False)
            .values("contact_id")
            .annotate(last=Max("id"))
            .values("last")
        )
        return self.filter(id__in=latest).update(replied_at=timezone.now())


class TurnoutRecipient(models.Model):
    """One contact a turnout text went to: its text (None once the text is purged after
    TEXT_RETENTION_DAYS), when they last replied, and whether they came."""

    class Shown(models.TextChoices):
        """What the turnout page says of a recipient."""

        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", pgettext_lazy("text message", "Delivered")
        FAILED = "failed", pgettext_lazy("text message", "Failed")
        REPLIED = "replied", _("Replied")
        GONE = "gone", _("No longer kept")

    turnout = models.ForeignKey(Turnout, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    text = models.ForeignKey(
        OutgoingText, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    came = models.BooleanField(_("came"), default=False)

    objects = TurnoutRecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("turnout text recipient")
        verbose_name_plural = _("turnout text recipients")
        constraints = [
            models.UniqueConstraint(fields=["turnout", "contact"], name="one_turnout_text_each")
        ]
        indexes = [models.Index(fields=["contact", "id"], name="turnout_recipient_latest")]

    def __str__(self) -> str:
        return f"turnout #{self.turnout_id} to contact #{self.contact_id}"

    @property
    def shown(self) -> str:
        if self.replied_at is not None:
            return self.Shown.REPLIED
        if self.text is None:
            return self.Shown.GONE
        status = self.text.status
        if status in (OutgoingText.Status.QUEUED, OutgoingText.Status.SENDING):
            return self.Shown.QUEUED
        return self.Shown(status)

    def get_shown_display(self) -> str:
        return str(self.Shown(self.shown).label)
