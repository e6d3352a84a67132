"""A contact who opted out and texts START (or ALTA, SÍ, ...) lifts their own opt-out. Only
they can: an organizer never lifts it for them. Lifting it sends nothing by itself: the consent
they gave before is cleared with it, and they get no text until an organizer records their
consent again on the contact's consent page (read to them, in their language)."""

from django.db import transaction

from core import audit
from texting.models import TextConsent

# A reply that is one of these words (and at most one more: "start please", "sí quiero")
# lifts the sender's opt-out. Accents and case aside, as for STOP: "SÍ" is "si". Only an
# opted-out contact is changed; from anyone else the reply is a note like any other.
START_WORDS = frozenset(
    {
        # English, and the words carriers treat as START
        "start",
        "unstop",
        "yes",
        "subscribe",
        # Spanish
        "alta",
        "si",
        "comenzar",
        "empezar",
        "iniciar",
        "reanudar",
        "suscribir",
    }
)
START_REPLY_MAX_WORDS = 2


def is_start(words: list[str]) -> bool:
    """Does this reply (its words, as texting.services reads them) ask for texts again?"""
    return bool(words) and words[0] in START_WORDS and len(words) <= START_REPLY_MAX_WORDS


@transaction.atomic
def opt_out_lift(*, contact, via: str = TextConsent.Via.REPLY) -> bool:
    """Lift this contact's opt-out at their own request, and clear the consent recorded before
    it (it is asked again). The audit trail keeps who (the contact, by text) and when. False
    when they had not opted out: nothing changes."""
    consent = TextConsent.objects.select_for_update().filter(contact=contact).first()
    if consent is None or not consent.opted_out:
        return False
    consent.opted_out_at, consent.opted_out_via = None, ""
    consent.reminders = consent.organizing = False
    consent.recorded_at, consent.recorded_by = None, None
    consent.save()
    audit.record(
        by=None,
        kind=audit.Kind.TEXT_OPT_IN,
        obj=consent,
        via=via,
        reminders=False,
        organizing=False,
    )
    return True
