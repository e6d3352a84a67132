"""Who may be texted is one rule said twice: row by row (texting.models.skip_reason, which
contact_text and the turnout list use) and in SQL for a list (TextConsent.objects.allowing,
which the serve reminders use). These tests hold the two to each other, case by case."""

import pytest

from contacts.models import Contact
from contacts.services import contact_forget
from tests.factories.accounts import UserFactory
from tests.factories.contacts import ContactFactory
from texting import reminders, services
from texting.models import Skip, TextConsent, skip_reason

pytestmark = pytest.mark.django_db

REMINDERS = TextConsent.Purpose.REMINDERS
ORGANIZING = TextConsent.Purpose.ORGANIZING


def _contact(phone="+16175550101", **consent):
    contact = ContactFactory(name="Rosa", phone=phone)
    if consent:
        services.consent_record(contact=contact, by=None, language="es", **consent)
    return contact


def consented(phone):
    return _contact(phone, reminders=True, organizing=True)


def reminders_only(phone):
    return _contact(phone, reminders=True, organizing=False)


def opted_out(phone):
    contact = _contact(phone, reminders=True, organizing=True)
    services.opt_out_record(contact=contact, by=None, via=TextConsent.Via.ORGANIZER)
    return contact


def never_asked(phone):
    return _contact(phone)


def consent_not_recorded(phone):
    # The row START leaves behind: the opt-out lifted, no consent recorded since.
    contact = _contact(phone)
    TextConsent.objects.create(contact=contact, reminders=True, organizing=True)
    return contact


def forgotten(phone):
    contact = _contact(phone, reminders=True, organizing=True)
    return contact_forget(contact=contact, by=UserFactory())


def no_phone(_phone):
    return _contact("", reminders=True, organizing=True)


# Each case: how it is made, and what skip_reason says for (reminders, organizing).
CASES = {
    "consented": (consented, ("", "")),
    "reminders only": (reminders_only, ("", Skip.NO_CONSENT)),
    "opted out": (opted_out, (Skip.OPTED_OUT, Skip.OPTED_OUT)),
    "never asked": (never_asked, (Skip.NO_CONSENT, Skip.NO_CONSENT)),
    "consent not recorded": (consent_not_recorded, (Skip.NO_CONSENT, Skip.NO_CONSENT)),
    "forgotten": (forgotten, (Skip.NO_CONSENT, Skip.NO_CONSENT)),
    "no phone": (no_phone, (Skip.NO_PHONE, Skip.NO_PHONE)),
}


def _reason(contact: Contact, purpose: str) -> str:
    contact = Contact.objects.get(pk=contact.pk)
    return skip_reason(contact, TextConsent.objects.filter(contact=contact).first(), purpose)


def _allowed_in_sql(contact: Contact, purpose: str) -> bool:
    allowing = TextConsent.objects.allowing(purpose)
    return (
        Contact.objects.active()
        .filter(pk__in=allowing.values("contact_id"), pk=contact.pk)
        .exists()
    )


@pytest.mark.parametrize("case", CASES)
def test_skip_reason_and_the_sql_rule_agree(case):
    make, expected = CASES[case]
    contact = make("+16175550101")
    for purpose, reason in zip((REMINDERS, ORGANIZING), expected, strict=True):
        assert _reason(contact, purpose) == reason, purpose
        # The SQL rule cannot read the encrypted phone: it lets a contact without one through
        # (contact_text then skips them), and agrees with skip_reason on everything else.
        assert _allowed_in_sql(contact, purpose) is (reason in ("", Skip.NO_PHONE)), purpose


def test_the_serve_reminders_list_is_the_sql_rule_for_reminders():
    made = {case: make(f"+1617555{n:04d}") for n, (case, (make, _r)) in enumerate(CASES.items())}
    listed = set(reminders._consenting().values_list("pk", flat=True))
    assert listed == {made["consented"].pk, made["reminders only"].pk, made["no phone"].pk}
    assert {pk for pk in listed if _reason(Contact.objects.get(pk=pk), REMINDERS) == ""} == {
        made["consented"].pk,
        made["reminders only"].pk,
    }
