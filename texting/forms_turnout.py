from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.forms import TIME_INPUT
from investigation.models import Antagonist
from texting import turnout as service
from texting.models import Turnout

EVERYONE = "all"
TEMPLATE_FIELDS = {"en": "template_en", "es": "template_es"}


class TurnoutForm(forms.ModelForm):
    """Turnout texts for one action: which site's contacts, what and where, and the text in
    each language. Each template is checked against the site's actual list (the longest
    first name in that language) before anything is saved."""

    site = forms.ChoiceField(label=gettext_lazy("To the contacts of"))

    class Meta:
        model = Turnout
        fields = ["title", "starts_at", "place", "template_en", "template_es"]
        widgets = {
            "starts_at": TIME_INPUT,
            "template_en": forms.Textarea(attrs={"rows": 4}),
            "template_es": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, action, organizer: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.action, self.organizer = action, organizer
        campaign = action.campaign
        self.base_area = campaign.base_area
        area = self.base_area.name
        antagonists = Antagonist.objects.filter(grievances__base_area=self.base_area)
        choices = [(EVERYONE, _("%(area)s: everyone with a grievance there") % {"area": area})]
        choices += [
            (str(pk), f"{area} · {name}")
            for pk, name in antagonists.order_by("name").distinct().values_list("pk", "name")
        ]
        self.fields["site"].choices = choices
        if self.instance.pk:
            self.initial["site"] = str(self.instance.antagonist_id or EVERYONE)
        else:
            self.initial.setdefault("site", str(campaign.antagonist_id or EVERYONE))
            self.initial.setdefault("title", f"{action.get_kind_display()}: {campaign.name}")
            for language, name in TEMPLATE_FIELDS.items():
                self.initial.setdefault(name, service.default_template(language))
        placeholders = ", ".join(f"{{{name}}}" for name in service.PLACEHOLDERS)
        for name in TEMPLATE_FIELDS.values():
            self.fields[name].help_text = _(
                "At most %(count)s text messages' worth. Placeholders: %(names)s. Never a "
                "grievance or an address."
            ) % {"count": service.texts.MAX_SEGMENTS, "names": placeholders}
        # The default texts say when and where: a text with a blank there reads as a mistake.
        self.fields["starts_at"].required = self.fields["place"].required = True
        self.crowd: service.Audience | None = None

    def clean(self):
        cleaned = super().clean()
        site = cleaned.get("site")
        if site is None:
            return cleaned
        antagonist = None
        if site != EVERYONE:
            antagonist = Antagonist.objects.filter(pk=int(site)).first()
        cleaned["base_area"], cleaned["antagonist"] = self.base_area, antagonist
        self.crowd = service.audience(self.base_area, antagonist)
        details = {**cleaned, "action": self.action}
        for language, name in TEMPLATE_FIELDS.items():
            if not cleaned.get(name):
                continue
            problem = service.template_problem(
                cleaned[name],
                language=language,
                details=details,
                crowd=self.crowd,
                organizer=self.organizer,
            )
            if problem:
                self.add_error(name, problem)
        return cleaned

    def turnout_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self._meta.fields}
        fields.update(base_area=self.base_area, antagonist=self.cleaned_data["antagonist"])
        return fields

    def previews(self) -> list[dict]:
        """The longest text in each language, with its segments (after is_valid())."""
        templates = {
            code: self.cleaned_data.get(name, "") for code, name in TEMPLATE_FIELDS.items()
        }
        details = {**self.cleaned_data, "action": self.action}
        return service.previews(details, templates, self.crowd, self.organizer)


class CameForm(forms.Form):
    """Who of the recipients came (ticked) and who did not."""

    came = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Who came"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["came"].choices = [(r.pk, r.contact.name) for r in recipients]
