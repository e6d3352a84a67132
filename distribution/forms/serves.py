"""The serve page's forms: taps, undo, late taps, notes, closing, walk-ins, signing up for a run."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from distribution.forms.common import DATE
from distribution.models import (
    BagType,
    Serve,
    Tap,
)

# --- The serve page ---------------------------------------------------------------------------


class TapForm(forms.Form):
    kind = forms.ChoiceField(choices=Tap.Kind.choices)
    bag_type = forms.ModelChoiceField(queryset=BagType.objects.all(), required=False)
    language = forms.ChoiceField(choices=Tap.Language.choices, required=False)
    key = forms.UUIDField()
    device = forms.CharField(max_length=64, required=False)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Tap.Kind.BAG and not cleaned.get("bag_type"):
            self.add_error("bag_type", _("Choose a bag type."))
        if kind == Tap.Kind.LANGUAGE and not cleaned.get("language"):
            self.add_error("language", _("Choose a language."))
        return cleaned


class UndoForm(forms.Form):
    key = forms.UUIDField()
    device = forms.CharField(max_length=64, required=False)


class LateTapForm(forms.Form):
    """The lead's answer to a tap that reached the server after its serve was closed."""

    decision = forms.ChoiceField(
        choices=[("add", _("Add to the counts")), ("discard", _("Discard"))]
    )


class ServeNotesForm(forms.ModelForm):
    class Meta:
        model = Serve
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "notes": _("What happened at the table: weather, what ran out, what to fix next time.")
        }


class CloseServeForm(forms.Form):
    shortfall_reason = forms.CharField(
        label=_("Reason for the adjustment"),
        max_length=200,
        required=False,
        help_text=_(
            "Stock is short for this serve. Say why (for example: a donation was never "
            "recorded) to record an adjustment for the missing units and close anyway."
        ),
    )


class WalkInForm(forms.Form):
    volunteer = forms.ModelChoiceField(
        label=_("Volunteer"),
        queryset=User.objects.for_choices(),
        empty_label=_("Choose a volunteer"),
    )


class RunSignUpForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Pick today or a day to come."))
        return day
