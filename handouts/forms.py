from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from handouts.models import LANGUAGES, Handout, HandoutVersion, Kind

TEXT_FIELDS = ["title_en", "body_en", "title_es", "body_es"]


class VersionForm(forms.ModelForm):
    """A draft's text in both languages. The service checks it again (both languages, the
    length) and says which field is wrong; this form only binds."""

    class Meta:
        model = HandoutVersion
        fields = TEXT_FIELDS
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 12}),
            "body_es": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS:
            # The service says which language is missing, beside its field.
            self.fields[name].required = False


class HandoutForm(VersionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)

    class Meta(VersionForm.Meta):
        fields = ["kind", *TEXT_FIELDS]


class CountForm(forms.Form):
    """One copy given out. The serve page's script (static/js/serve.js) posts a counter's
    `kind` and `language` inputs: here `kind` carries the handout's id."""

    kind = forms.ModelChoiceField(queryset=Handout.objects.with_current())
    language = forms.ChoiceField(choices=LANGUAGES)
    key = forms.UUIDField()
    device = forms.CharField(max_length=64, required=False)


class PrintedBatchForm(forms.Form):
    handout = forms.ModelChoiceField(
        label=_("Handout"), queryset=Handout.objects.with_current().for_list(), empty_label=None
    )
    copies = forms.IntegerField(label=_("Copies printed"), min_value=1, max_value=5000)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Both, side by side")), *LANGUAGES],
        required=False,
    )
    printed_on = forms.DateField(
        label=_("Printed on"), initial=timezone.localdate, widget=forms.DateInput({"type": "date"})
    )


class SheetForm(forms.Form):
    """Several handouts on one sheet (GET: nothing is written)."""

    handout = forms.ModelMultipleChoiceField(
        label=_("Handouts on the sheet"),
        queryset=Handout.objects.with_current().for_list(),  # labels from the prefetch
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the handouts to put on the sheet.")},
    )
    layout = forms.ChoiceField(
        label=_("Languages"),
        choices=[("both", _("Both, side by side")), *LANGUAGES],
        initial="both",
    )
