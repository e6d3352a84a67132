"""Texting: contacts who agreed to get texts from the organization's own phone, for what, and
who said so; the opt-outs that win over every consent; and the gateway's webhooks already
taken, so that a replayed one changes nothing. The texts themselves are core.OutgoingText
(core.texts); a contact's reply is kept only as a note in their conversations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.models import Contact


class TextConsentQuerySet(models.QuerySet):
    def allowing(self, purpose: str):
        """The consents that allow texts for `purpose`, in SQL: `TextConsent.allows`, for
        many rows at once (not opted out, recorded, and agreed to that purpose). With an
        active contact and a phone, this is `skip_reason` answering "" (the phone is
        encrypted, so only a row can say it has one: contact_text checks it)."""
        return self.filter(
            opted_out_at__isnull=True,
            recorded_at__isnull=False,
            **{TextConsent.Purpose(purpose).value: True},
        )


class TextConsent(models.Model):
    """A contact's consent to texts, as an organizer recorded it (who, when, for what, in which
    language it was asked), and their opt-out. One row a contact. An opt-out wins over
    everything: no text goes to a contact who opted out, whatever the consent says, and an
    organizer cannot record consent over it."""

    class Purpose(models.TextChoices):
        REMINDERS = "reminders", _("Reminders (serves, deliveries)")
        ORGANIZING = "organizing", _("Organizing (meetings, actions)")

    class Via(models.TextChoices):
        REPLY = "reply", _("They replied STOP")
        ORGANIZER = "organizer", _("They told an organizer")

    contact = models.OneToOneField(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="text_consent"
    )
    reminders = models.BooleanField(_("reminders"), default=False)
    organizing = models.BooleanField(_("organizing"), default=False)
    language = models.CharField(
        _("asked in"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("consent", "recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded on"), null=True, blank=True)
    opted_out_at = models.DateTimeField(_("opted out on"), null=True, blank=True)
    opted_out_via = models.CharField(
        _("opted out how"), max_length=12, choices=Via.choices, blank=True
    )

    objects = TextConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent to texts")
        verbose_name_plural = _("consents to texts")

    def __str__(self) -> str:
        return f"text consent of contact #{self.contact_id}"

    @property
    def opted_out(self) -> bool:
        return self.opted_out_at is not None

    def allows(self, purpose: str) -> bool:
        """May this contact be texted for `purpose` (a Purpose)? Never once opted out. The
        same rule as `TextConsent.objects.allowing(purpose)`, for one row."""
        if self.opted_out or self.recorded_at is None:
            return False
        return bool(getattr(self, self.Purpose(purpose).value))

    @property
    def purposes(self) -> list[str]:
        return [str(p.label) for p in self.Purpose if getattr(self, p.value)]


class Skip(models.TextChoices):
    """Why a contact is not texted for a purpose (the counts a turnout list shows)."""

    OPTED_OUT = "opted_out", _("Opted out")
    NO_CONSENT = "no_consent", _("No consent")
    NO_PHONE = "no_phone", _("No phone")


def skip_reason(contact: Contact, consent: TextConsent | None, purpose: str) -> str:
    """The one rule of who may be texted for `purpose`: "" when this contact may be, else a
    Skip. An opt-out wins over everything, then consent, then having a number at all. In SQL
    (a list to text): active contacts whose consent is in `TextConsent.objects.allowing`,
    each one's phone then checked here (tests/texting/test_textable.py holds the two to it)."""
    if consent is not None and consent.opted_out:
        return Skip.OPTED_OUT
    if contact.forgotten_at or consent is None or not consent.allows(purpose):
        return Skip.NO_CONSENT
    if not contact.phone:
        return Skip.NO_PHONE
    return ""


class WebhookEventQuerySet(models.QuerySet):
    def older_than(self, cutoff):
        return self.filter(received_at__lt=cutoff)


class WebhookEvent(models.Model):
    """The id of one webhook the gateway sent and Basework acted on: the same id again is a
    replay and does nothing. Only the id and when: the message is never kept here."""

    event_id = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = WebhookEventQuerySet.as_manager()

    def __str__(self) -> str:
        return self.event_id


# Turnout texts live in their own module; imported here so that Django finds their models.
from texting.turnout_models import Turnout, TurnoutRecipient  # noqa: E402, F401
