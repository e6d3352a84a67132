from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Conversation, DevelopmentLevel
from core.phones import PHONE_INPUT, clean_phone_digits

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def organizers():
    """Members who may be given a follow-up: those who see contacts."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_investigator=True) | Q(is_coordinator=True))
        .order_by("display_name", "email")
    )


def phone_taken_error(phone: str, *, except_pk: int | None = None) -> str | None:
    existing = Contact.objects.active().with_phone(phone).exclude(pk=except_pk).first()
    return None if existing is None else phone_taken_message(existing)


def phone_taken_message(existing: Contact) -> str:
    return _("“%(name)s” (contact #%(id)s) already has this phone number.") % {
        "name": existing.name,
        "id": existing.pk,
    }


class ContactForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("They agreed to be contacted this way"),
        required=False,
        help_text=_("Today's date and your name are recorded with the consent."),
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "phone",
            "reach",
            "consent",
            "language",
            "base_area",
            "address",
            "household_size",
            "no_kitchen",
            "dietary_needs",
            "first_met",
            "first_met_on",
            "first_met_note",
            "notes",
        ]
        widgets = {
            "phone": PHONE_INPUT,
            "address": forms.Textarea(attrs={"rows": 2}),
            "dietary_needs": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "first_met_on": DATE_INPUT,
        }
        help_texts = {
            "phone": _("Only if they want follow-up or a delivery. Stored encrypted."),
            "address": _("Only for deliveries. Stored encrypted."),
            "notes": _("Stored encrypted. Never write ID, status or document numbers."),
            "first_met_note": _("Which serve, route or street. No personal details."),
        }

    # The contact's version when the form was loaded (an optimistic lock, see contact_update).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["consent"].initial = self.instance.has_consent
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.fields["base_area"].queryset = self.fields["base_area"].queryset.order_by("name")
        self.saved_meanwhile: list[dict] = []

    def clean_phone(self):
        phone = clean_phone_digits(self.cleaned_data.get("phone"))
        if phone:
            taken = phone_taken_error(phone, except_pk=self.instance.pk)
            if taken:
                raise forms.ValidationError(taken)
        return phone

    def contact_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("consent", "version")}

    def after_conflict(self, current: Contact) -> "ContactForm":
        """This (valid) form again after someone else saved `current` meanwhile: what the user
        typed stays, an error says what happened, `saved_meanwhile` lists each field whose
        saved value differs from what they typed (their change, or one of the user's own not
        saved yet), and the version becomes the saved one,
        so that saving again (after reading theirs) is a knowing choice."""
        saved_meanwhile = [
            {"label": self.fields[name].label, "value": _saved_value(current, name)}
            for name in self.Meta.fields
            if _saved(current, name) != self.cleaned_data.get(name)
        ]
        data = self.data.copy()
        data["version"] = str(current.version)
        form = ContactForm(data, instance=current)
        form.is_valid()
        form.add_error(None, CONFLICT_ERROR)
        form.saved_meanwhile = saved_meanwhile
        return form


CONFLICT_ERROR = _(
    "Someone else saved this contact while you were editing. Nothing was overwritten: what "
    "you typed is kept in the form, and below it is what is saved now wherever it differs. "
    "Check, then save again."
)


def _saved(contact: Contact, name: str):
    if name == "consent":
        return contact.has_consent
    return getattr(contact, name)


def _saved_value(contact: Contact, name: str) -> str:
    """A saved value as the organizer reads it (the choice's label, yes/no, a dash if empty)."""
    value = _saved(contact, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in (None, ""):
        return "—"
    display = getattr(contact, f"get_{name}_display", None)
    return str(display() if display else value)


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["held_on", "channel", "summary", "follow_up_due", "follow_up_by"]
        widgets = {
            "held_on": DATE_INPUT,
            "follow_up_due": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("What they said, briefly. Stored encrypted."),
            "follow_up_due": _("Leave empty if no follow-up is needed."),
            "follow_up_by": _("You, if left empty."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_by"].queryset = organizers()
        self.fields["held_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("follow_up_by") and not cleaned.get("follow_up_due"):
            self.add_error("follow_up_due", _("Give a date for the follow-up."))
        return cleaned


class AssessmentForm(forms.Form):
    level = forms.ModelChoiceField(
        label=_("Development level"),
        queryset=DevelopmentLevel.objects.for_choices(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    assessed_on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What they said or did that shows it. Stored encrypted."),
    )


class DevelopmentLevelForm(forms.ModelForm):
    class Meta:
        model = DevelopmentLevel
        fields = ["name", "name_es", "rank", "counts_as_drawn_in"]


class ForgetForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand: name, phone, address, notes and conversation text are erased for good."
        ),
        required=True,
    )
