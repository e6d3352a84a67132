from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    reminders = forms.BooleanField(
        label=_("Reminders: serves, deliveries on their way"), required=False
    )
    organizing = forms.BooleanField(
        label=_("Organizing: meetings and actions they may want to join"), required=False
    )
    language = forms.ChoiceField(label=_("Language they were asked in"), choices=settings.LANGUAGES)
    read_to_them = forms.BooleanField(
        label=_("I read them the text above in their language and they agreed"),
        error_messages={"required": _("Read them the text first: consent is theirs to give.")},
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("reminders") and not cleaned.get("organizing"):
            self.add_error("reminders", _("Tick what they agreed to be texted about."))
        return cleaned
