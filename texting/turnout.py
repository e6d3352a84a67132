"""Turnout texts (issue 16): an organizer picks a campaign's meeting or action and a site of
struggle (a base area, and an antagonist or everyone there); the contacts who raised
grievances at that site and agreed to *organizing* texts each get one personal text from a
template in their language. Those who opted out, never agreed, or have no phone are skipped
and counted. The page then shows each text's fate and who replied, and records who came.

A text says only the contact's first name, the organizer's first name, and what, when and
where the action is: never a grievance, an address or anyone else's data."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from contacts.models import Contact
from core import audit, texts
from investigation.models import CampaignAction, Grievance
from texting.models import Skip, TextConsent, Turnout, TurnoutRecipient, skip_reason

PURPOSE = TextConsent.Purpose.ORGANIZING
PLACEHOLDERS = ("first_name", "organizer", "title", "date", "time", "place")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# A first name as long as most on any list: the preview and the check use it when the list
# has nobody in that language yet.
SAMPLE_FIRST_NAME = "Guadalupe"
# How dates and times read inside a text, in each language ("Thursday, December 10, 7:00 PM";
# "jueves 10 de diciembre, 19:00").
DATE_IN_TEXT = {"en": "l, F j", "es": r"l j \d\e F"}
TIME_IN_TEXT = {"en": "g:i A", "es": "H:i"}
# Kept in GSM-7 (no á, í, ó, ú): a text of those characters alone fits 160 a segment, not 70.
DEFAULT_TEMPLATE = gettext_lazy(
    "Hi {first_name}, it's {organizer} from the food distribution. {title}: {date}, {time}, "
    "at {place}. Can you come? Reply STOP to stop texts."
)


class TurnoutRefused(Exception):
    """The turnout cannot be sent or changed as asked; the message says why."""


def default_template(language: str) -> str:
    with override(language):
        return str(DEFAULT_TEMPLATE)


def first_name(name: str) -> str:
    words = (name or "").split()
    return words[0] if words else ""


def organizer_first_name(user) -> str:
    """The organizer's first name as their texts sign it: their name's first word, never
    their email address ("" without a name: the text says "an organizer" in its language)."""
    return first_name(getattr(user, "display_name", ""))


def text_language(contact: Contact, consent: TextConsent | None) -> str:
    """The contact's own language, or the one their consent was asked in."""
    languages = dict(settings.LANGUAGES)
    if contact.language in languages:
        return contact.language
    if consent is not None and consent.language in languages:
        return consent.language
    return settings.LANGUAGE_CODE


def render(template: str, values: dict[str, str]) -> str:
    """The template with each {placeholder} filled; an unknown one is left as it is (the
    form refuses those before anything is saved)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def unknown_placeholders(template: str) -> list[str]:
    return [name for name in _PLACEHOLDER.findall(template) if name not in PLACEHOLDERS]


def values_for(*, details: dict, language: str, first: str, organizer: str) -> dict[str, str]:
    """The placeholders' values for one text. `details` holds the action (a CampaignAction),
    the title, starts_at and place, as a Turnout or its form has them."""
    action = details["action"]
    starts_at = details.get("starts_at")
    with override(language):
        return {
            "first_name": first,
            "organizer": organizer or _("an organizer"),
            "title": details.get("title") or "",
            "date": date_format(action.held_on, DATE_IN_TEXT.get(language, "DATE_FORMAT")),
            "time": date_format(starts_at, TIME_IN_TEXT.get(language, "TIME_FORMAT"))
            if starts_at
            else "",
            "place": details.get("place") or "",
        }


def details_of(turnout: Turnout) -> dict:
    return {
        "action": turnout.action,
        "title": turnout.title,
        "starts_at": turnout.starts_at,
        "place": turnout.place,
    }


@dataclass
class Audience:
    """A site's contacts for organizing texts: who gets one (with their language), and how
    many were skipped for each reason."""

    textable: list[tuple[Contact, str]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Skip.values, 0))

    def first_names(self, language: str) -> list[str]:
        return [first_name(contact.name) for contact, lang in self.textable if lang == language]

    def counts(self) -> dict[str, int]:
        return {"textable": len(self.textable), **self.skipped}


def site_contacts(base_area, antagonist=None):
    """The contacts who raised grievances at a site: a base area and an antagonist, or the
    base area alone (whoever the grievance was against)."""
    grievances = Grievance.objects.filter(base_area=base_area, contact__isnull=False)
    if antagonist is not None:
        grievances = grievances.filter(antagonist=antagonist)
    return Contact.objects.active().filter(pk__in=grievances.values("contact_id"))


def audience(base_area, antagonist=None) -> Audience:
    """Who of a site's contacts gets an organizing text. Two queries (the contacts with
    their consent, and their data keys), whatever their number."""
    crowd = Audience()
    contacts = site_contacts(base_area, antagonist).select_related("text_consent").order_by("pk")
    for contact in contacts:
        consent = contact.text_consent if _has_consent(contact) else None
        reason = skip_reason(contact, consent, PURPOSE)
        if reason:
            crowd.skipped[reason] += 1
        else:
            crowd.textable.append((contact, text_language(contact, consent)))
    return crowd


def _has_consent(contact: Contact) -> bool:
    try:
        contact.text_consent  # noqa: B018 (select_related: no query)
    except TextConsent.DoesNotExist:
        return False
    return True


def template_problem(
    template: str, *, language: str, details: dict, crowd: Audience, organizer: str
) -> str:
    """Why this template cannot go to this audience ("" when it can): an unknown
    placeholder, or a text over core.texts.MAX_SEGMENTS for the longest first name."""
    unknown = unknown_placeholders(template)
    if unknown:
        return _("Unknown placeholder {%(name)s}. Use: %(known)s.") % {
            "name": unknown[0],
            "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
        }
    widest = widest_text(
        template, language=language, details=details, crowd=crowd, organizer=organizer
    )
    try:
        texts.check_body(widest["body"])
    except texts.TextRefused as refused:
        return str(refused)
    return ""


def widest_text(
    template: str, *, language: str, details: dict, crowd: Audience, organizer: str
) -> dict:
    """The longest text this template makes for the audience in `language` (or for a sample
    name when nobody there reads it), with its SMS segments: what the preview shows."""
    names = crowd.first_names(language) or [SAMPLE_FIRST_NAME]
    bodies = [
        render(
            template,
            values_for(details=details, language=language, first=name, organizer=organizer),
        )
        for name in set(names)
    ]
    body = max(bodies, key=lambda b: (texts.segments(b), len(b)))
    return {
        "body": body,
        "segments": texts.segments(body),
        "recipients": len(crowd.first_names(language)),
    }


def previews(details: dict, templates: dict[str, str], crowd: Audience, organizer: str):
    """For each language, the longest text the template makes, its segments and how many
    recipients read it."""
    rows = []
    for code, name in settings.LANGUAGES:
        widest = widest_text(
            templates.get(code) or "",
            language=code,
            details=details,
            crowd=crowd,
            organizer=organizer,
        )
        rows.append({"code": code, "name": name, **widest})
    return rows


@transaction.atomic
def turnout_save(*, by, action: CampaignAction, turnout: Turnout | None = None, **fields):
    """Save a draft of turnout texts (new, or changed before it is sent)."""
    if turnout is None:
        turnout = Turnout(action=action, created_by=by)
    else:
        turnout = Turnout.objects.select_for_update().get(pk=turnout.pk)
        if turnout.sent_at is not None:
            raise TurnoutRefused(_("These texts were sent already: they cannot change."))
    for name, value in fields.items():
        setattr(turnout, name, value)
    turnout.save()
    audit.record(by=by, kind=audit.Kind.TURNOUT_DRAFT, obj=turnout)
    return turnout


def turnout_send(*, turnout: Turnout, by) -> int:
    """Queue one text to each consenting contact of the site, in one transaction: every
    text and recipient row, or none. Sent once: a second send (a double submit, the back
    button) queues nothing and returns 0; each text's key, "turnout:<id>:contact:<id>",
    also makes a repeated queue a no-op (core.texts). Returns how many texts were queued."""
    with transaction.atomic():
        turnout = (
            Turnout.objects.select_for_update(of=("self",)).for_turnout_page().get(pk=turnout.pk)
        )
        if turnout.sent_at is not None:
            return 0
        crowd = audience(turnout.base_area, turnout.antagonist)
        organizer = organizer_first_name(by)
        details = details_of(turnout)
        bodies = []
        for contact, language in crowd.textable:
            values = values_for(
                details=details,
                language=language,
                first=first_name(contact.name),
                organizer=organizer,
            )
            body = render(turnout.template_for(language), values)
            try:
                texts.check_body(body)
            except texts.TextRefused as refused:
                raise TurnoutRefused(
                    _("Edit the text first: %(why)s") % {"why": refused}
                ) from refused
            bodies.append(body)
        recipients = []
        for (contact, language), body in zip(crowd.textable, bodies, strict=True):
            text, _created = texts.queue(
                key=f"turnout:{turnout.pk}:contact:{contact.pk}",
                phone=contact.phone,
                body=body,
                language=language,
                key_id=contact.key_id,
            )
            recipients.append(TurnoutRecipient(turnout=turnout, contact=contact, text=text))
        TurnoutRecipient.objects.bulk_create(recipients)
        turnout.sent_at, turnout.sent_by = timezone.now(), by
        turnout.skipped_opted_out = crowd.skipped[Skip.OPTED_OUT]
        turnout.skipped_no_consent = crowd.skipped[Skip.NO_CONSENT]
        turnout.skipped_no_phone = crowd.skipped[Skip.NO_PHONE]
        turnout.save()
        audit.record(
            by=by,
            kind=audit.Kind.TURNOUT_SEND,
            obj=turnout,
            texts=len(recipients),
            opted_out=turnout.skipped_opted_out,
            no_consent=turnout.skipped_no_consent,
            no_phone=turnout.skipped_no_phone,
        )
    return len(recipients)


@transaction.atomic
def turnout_came(*, turnout: Turnout, by, came: set[int]) -> int:
    """Record which recipients came (`came`: recipient ids; the others did not). The action's
    turnout changes by the difference, under a lock on the action, so recording the same
    list twice counts nobody twice. Returns the action's turnout after."""
    action = CampaignAction.objects.select_for_update().get(pk=turnout.action_id)
    recipients = TurnoutRecipient.objects.filter(
        turnout=turnout, contact__forgotten_at__isnull=True
    )
    added = recipients.filter(pk__in=came, came=False).update(came=True)
    removed = recipients.filter(came=True).exclude(pk__in=came).update(came=False)
    if added != removed:
        CampaignAction.objects.filter(pk=action.pk).update(
            turnout=Greatest(F("turnout") + (added - removed), 0)
        )
    audit.record(by=by, kind=audit.Kind.TURNOUT_CAME, obj=turnout, came=added, not_came=removed)
    action.refresh_from_db(fields=["turnout"])
    return action.turnout
