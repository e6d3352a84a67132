"""Phone numbers as members type them: the input a phone shows the number pad for, and the one
check every form makes (contacts', deliveries', a member's own)."""

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_INPUT = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"})

# What a typed number may hold besides digits: "+1 (617) 555-0101", "617.555.0101".
_PUNCTUATION = set(" +-().")


def clean_phone_digits(phone: str) -> str:
    phone = (phone or "").strip()
    if phone and not 7 <= sum(ch.isdigit() for ch in phone) <= 15:
        raise forms.ValidationError(_("A phone number has 7 to 15 digits."))
    return phone


def clean_textable_phone(phone: str) -> str:
    """A number to send texts to: digits, spaces, + - ( ) . only, and 7 to 15 digits."""
    phone = clean_phone_digits(phone)
    if any(not (ch.isdigit() or ch in _PUNCTUATION) for ch in phone):
        raise forms.ValidationError(
            _("A phone number has only digits, spaces and + - ( ) . in it.")
        )
    return phone
