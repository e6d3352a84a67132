"""Consent, opt-out, texts to contacts, and what the gateway's webhook brings in."""

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from contacts.models import Contact, Conversation, normalize_phone, phone_lookup_hashes
from contacts.services import conversation_record
from core import audit, texts
from texting import opt_in
from texting.models import TextConsent, TurnoutRecipient, WebhookEvent, skip_reason

# A reply made of one of these words (and at most a few more: "stop texting me", "basta ya
# por favor") opts the sender out at once. Accents and case aside: "Párale" is "parale".
STOP_WORDS = frozenset(
    {
        # English, and the words carriers treat as STOP
        "stop",
        "stopall",
        "unsubscribe",
        "cancel",
        "end",
        "quit",
        "optout",
        # Spanish
        "alto",
        "parar",
        "pare",
        "parale",
        "basta",
        "cancelar",
        "detener",
        "baja",
        "desuscribir",
    }
)
STOP_REPLY_MAX_WORDS = 4
# How long the ids of webhooks already taken are kept: past the signature's age limit a
# replay is refused by its timestamp anyway; the margin covers the phone's own retries.
WEBHOOK_EVENT_DAYS = 3


class ConsentRefused(Exception):
    """Consent cannot be recorded: the contact opted out, which wins over everything."""


class NotTextable(Exception):
    """This contact may not be texted for this purpose (no consent, opted out, no phone)."""


def _words(message: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", message or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    cleaned = "".join(ch if ch.isalnum() else " " for ch in bare)
    return cleaned.replace("opt out", "optout").split()


def is_stop(message: str) -> bool:
    """Does this reply ask for no more texts? STOP, ALTO, PARAR, BASTA, CANCELAR, ..."""
    words = _words(message)
    return bool(words) and words[0] in STOP_WORDS and len(words) <= STOP_REPLY_MAX_WORDS


def _consent_for(contact: Contact) -> TextConsent:
    consent, _created = TextConsent.objects.select_for_update().get_or_create(contact=contact)
    return consent


@transaction.atomic
def consent_record(
    *, contact: Contact, by, reminders: bool, organizing: bool, language: str
) -> TextConsent:
    """Record what the contact agreed to be texted about, asked in `language`. Refused once
    they opted out: only they can lift it (START, texting.opt_in), never an organizer."""
    consent = _consent_for(contact)
    if consent.opted_out:
        raise ConsentRefused(contact)
    consent.reminders, consent.organizing, consent.language = reminders, organizing, language
    consent.recorded_by, consent.recorded_at = by, timezone.now()
    consent.save()
    audit.record(
        by=by,
        kind=audit.Kind.TEXT_CONSENT,
        obj=consent,
        reminders=reminders,
        organizing=organizing,
    )
    return consent


@transaction.atomic
def opt_out_record(*, contact: Contact, by, via: str) -> TextConsent:
    """No more texts to this contact, at once and for every purpose. A second opt-out keeps
    the first one's date."""
    consent = _consent_for(contact)
    if not consent.opted_out:
        consent.opted_out_at, consent.opted_out_via = timezone.now(), via
        consent.save(update_fields=["opted_out_at", "opted_out_via"])
        audit.record(by=by, kind=audit.Kind.TEXT_OPT_OUT, obj=consent, via=via)
    return consent


def contact_text(*, contact: Contact, purpose: str, body: str, key: str):
    """Queue one text to a contact who agreed to texts for `purpose` (core.texts: sent once
    per key). Raises NotTextable otherwise, texts.TextRefused for a text that cannot go."""
    consent = TextConsent.objects.filter(contact=contact).first()
    if skip_reason(contact, consent, purpose):
        raise NotTextable(contact)
    text, _created = texts.queue(
        key=key,
        phone=contact.phone,
        body=body,
        language=contact.language,
        key_id=contact.key_id,
    )
    return text


def phone_forms(phone: str) -> list[str]:
    """The ways a number may have been written down: the gateway reports "+16175550101",
    an organizer may have typed "617-555-0101". The national form is tried too when the
    number starts with TEXT_COUNTRY_CODE."""
    number = normalize_phone(phone)
    forms = [number]
    digits = number.lstrip("+")
    code = settings.TEXT_COUNTRY_CODE
    if number.startswith("+"):
        forms.append(digits)
    if code and digits.startswith(code) and len(digits) > len(code) + 6:
        forms += [digits[len(code) :], f"+{digits}"]
    return list(dict.fromkeys(f for f in forms if f))


def _senders(phone: str) -> list[Contact]:
    """The contacts on file with this number (one, or a household sharing a phone), matched
    by the phone's keyed hash, never by the number itself."""
    hashes = [h for form in phone_forms(phone) for h in phone_lookup_hashes(form)]
    if not hashes:
        return []
    return list(Contact.objects.active().filter(phone_hash__in=hashes).order_by("pk"))


def reply_receive(*, phone: str, message: str) -> str:
    """A text a contact sent to the organization's phone. STOP (in either language) opts
    every contact with that number out; START from one who opted out lifts it (texting.opt_in);
    anything else becomes a note in their conversations. A number nobody has on file is
    dropped: nothing is kept of it. Returns what was done: "opted_out", "opted_in", "noted" or
    "unknown"."""
    senders = _senders(phone)
    if not senders:
        return "unknown"
    TurnoutRecipient.objects.reply_received(senders)  # the turnout page shows who replied
    if is_stop(message):
        for contact in senders:
            opt_out_record(contact=contact, by=None, via=TextConsent.Via.REPLY)
        return "opted_out"
    if opt_in.is_start(_words(message)):
        lifted = [contact for contact in senders if opt_in.opt_out_lift(contact=contact)]
        if lifted:
            return "opted_in"
    with override(settings.LANGUAGE_CODE):
        heading = _("Replied by text:")
    for contact in senders:
        conversation_record(
            contact=contact,
            by=None,
            channel=Conversation.Channel.PHONE,
            summary=f"{heading} {message.strip()}",
        )
    return "noted"


def webhook_take(*, event_id: str, event: str, payload: dict) -> str:
    """Act once on one webhook from the gateway. The same event id again (the phone's retry,
    or someone replaying a captured request) changes nothing and answers "replayed"."""
    now = timezone.now()
    WebhookEvent.objects.older_than(now - timedelta(days=WEBHOOK_EVENT_DAYS)).delete()
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(event_id=event_id)
        except IntegrityError:
            return "replayed"
        return _webhook_act(event, payload)


def _webhook_act(event: str, payload: dict) -> str:
    if event == "sms:received":
        return reply_receive(
            phone=str(payload.get("phoneNumber") or payload.get("sender") or ""),
            message=str(payload.get("message") or ""),
        )
    if event in ("sms:sent", "sms:delivered", "sms:failed"):
        changed = texts.record_gateway_event(
            gateway_id=str(payload.get("messageId") or ""),
            event=event,
            reason=str(payload.get("reason") or ""),
        )
        return "status" if changed else "unknown"
    return "ignored"
