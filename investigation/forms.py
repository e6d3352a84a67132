from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from contacts.forms import DATE_INPUT
from contacts.models import BaseArea, Contact
from core.phones import PHONE_INPUT, clean_phone_digits
from investigation import ranking
from investigation.models import (
    Antagonist,
    Campaign,
    CampaignAction,
    Demand,
    Grievance,
    GrievanceCategory,
    InvestigationNote,
)

QUICK_ADD_GRIEVANCES = 2


class BaseAreaForm(forms.ModelForm):
    class Meta:
        model = BaseArea
        fields = ["name", "kind", "parent", "boundary"]
        widgets = {"boundary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = BaseArea.objects.for_choices()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        ancestor = parent
        while ancestor is not None and self.instance.pk:
            if ancestor.pk == self.instance.pk:
                raise forms.ValidationError(_("A base area cannot be part of itself."))
            ancestor = ancestor.parent
        return parent

    def clean(self):
        cleaned = super().clean()
        name, parent = cleaned.get("name"), cleaned.get("parent")
        twin = BaseArea.objects.filter(name__iexact=(name or "").strip(), parent=parent)
        if name and twin.exclude(pk=self.instance.pk).exists():
            if parent is None:
                message = _("There is already an area called %(name)s that is part of none.")
            else:
                message = _("There is already an area called %(name)s in %(parent)s.")
            self.add_error("name", message % {"name": name, "parent": parent})
        return cleaned


class InvestigationNoteForm(forms.ModelForm):
    class Meta:
        model = InvestigationNote
        fields = ["aspect", "written_on", "text"]
        widgets = {"written_on": DATE_INPUT, "text": forms.Textarea(attrs={"rows": 4})}


class AntagonistForm(forms.ModelForm):
    class Meta:
        model = Antagonist
        fields = ["name", "kind", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class GrievanceCategoryForm(forms.ModelForm):
    class Meta:
        model = GrievanceCategory
        fields = ["name", "name_es", "position", "is_active"]


class GrievanceForm(forms.ModelForm):
    class Meta:
        model = Grievance
        fields = [
            "base_area",
            "category",
            "antagonist",
            "description",
            "severity",
            "recorded_on",
            "status",
        ]
        widgets = {
            "recorded_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "severity": forms.RadioSelect,
        }
        help_texts = {"description": _("What happened, briefly. Stored encrypted.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_area"].queryset = BaseArea.objects.for_choices()
        categories = GrievanceCategory.objects.for_choices()
        if self.instance.pk:  # keep a retired category on an old grievance
            categories = GrievanceCategory.objects.filter(pk=self.instance.category_id) | categories
        self.fields["category"].queryset = categories
        self.fields["antagonist"].queryset = Antagonist.objects.for_choices()

    def grievance_fields(self) -> dict:
        return dict(self.cleaned_data)


class QuickAddForm(forms.Form):
    """One form for the serve table: who (a name is enough), an optional conversation, and up
    to two grievances. Every field but the name is optional."""

    name = forms.CharField(
        label=_("Name or nickname"), max_length=Contact._meta.get_field("name").max_length
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        widget=PHONE_INPUT,
        help_text=_(
            "Only if they want follow-up. If it is already on file, you are asked whether it "
            "is the same person."
        ),
    )
    consent = forms.BooleanField(label=_("They agreed to be contacted"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Contact.Language.choices,
        widget=forms.RadioSelect,
        initial=Contact.Language.ENGLISH,
    )
    base_area = forms.ModelChoiceField(
        label=_("Base area"),
        queryset=BaseArea.objects.none(),
        required=False,
        help_text=_("Where they live or work. Needed for a grievance."),
    )
    summary = forms.CharField(
        label=_("What you talked about"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_due = forms.DateField(label=_("Follow up by"), required=False, widget=DATE_INPUT)
    serve = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Asked only when the phone is on file (phone_on_file): the pk of the contact this is, or
    # "new" for someone else sharing the phone. Rendered by the template as radio buttons.
    same_as = forms.RegexField(regex=r"^(new|\d{1,18})$", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_area"].queryset = BaseArea.objects.for_choices()
        self.phone_holders = None  # set by phone_on_file()
        categories = GrievanceCategory.objects.for_choices()
        for n in range(1, QUICK_ADD_GRIEVANCES + 1):
            self.fields[f"g{n}_category"] = forms.ModelChoiceField(
                label=_("Grievance"), queryset=categories, required=False
            )
            self.fields[f"g{n}_antagonist"] = forms.CharField(
                label=_("Against (landlord, employer…)"),
                required=False,
                max_length=Antagonist._meta.get_field("name").max_length,
                widget=forms.TextInput(attrs={"list": "antagonist-names", "autocomplete": "off"}),
            )
            self.fields[f"g{n}_description"] = forms.CharField(
                label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"g{n}_severity"] = forms.TypedChoiceField(
                label=_("Severity"),
                choices=Grievance.Severity.choices,
                coerce=int,
                initial=Grievance.Severity.MEDIUM,
                widget=forms.RadioSelect,
            )

    def clean_phone(self):
        return clean_phone_digits(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        for n in range(1, QUICK_ADD_GRIEVANCES + 1):
            started = cleaned.get(f"g{n}_antagonist") or cleaned.get(f"g{n}_description")
            if started and not cleaned.get(f"g{n}_category"):
                self.add_error(f"g{n}_category", _("Pick what the grievance is about."))
            if cleaned.get(f"g{n}_category") and not cleaned.get("base_area"):
                self.add_error("base_area", _("A grievance needs a base area."))
        return cleaned

    def phone_on_file(self, contacts, *, show_names: bool) -> None:
        """Ask who this is: the phone belongs to `contacts`. Only the first word of each name,
        and only to someone who may see contacts."""
        self.phone_holders = [
            (str(c.pk), c.name.split()[0] if show_names and c.name else "") for c in contacts
        ]
        self.add_error(
            "same_as",
            _("This phone is already on file. Is this the same person, or someone else?"),
        )

    def choice(self) -> dict:
        """The organizer's answer, as contact_quick_add takes it."""
        value = self.cleaned_data.get("same_as") or ""
        return {
            "same_as": int(value) if value.isdigit() else None,
            "someone_else": value == "new",
        }

    @property
    def person_fields(self):
        return [self[name] for name in ("name", "phone", "consent", "language", "base_area")]

    @property
    def conversation_fields(self):
        return [self["summary"], self["follow_up_due"]]

    @property
    def grievance_fieldsets(self):
        return [
            (
                n,
                [
                    self[f"g{n}_{part}"]
                    for part in ("category", "antagonist", "description", "severity")
                ],
            )
            for n in range(1, QUICK_ADD_GRIEVANCES + 1)
        ]

    def grievances(self) -> list[dict]:
        return [
            {
                "category": self.cleaned_data[f"g{n}_category"],
                "antagonist_name": self.cleaned_data[f"g{n}_antagonist"].strip(),
                "description": self.cleaned_data[f"g{n}_description"],
                "severity": self.cleaned_data[f"g{n}_severity"],
            }
            for n in range(1, QUICK_ADD_GRIEVANCES + 1)
            if self.cleaned_data.get(f"g{n}_category")
        ]


PERIODS = [
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 12 months")),
    ("custom", _("Dates below")),
]


class RankingForm(forms.Form):
    """The sites-of-struggle ranking's choices: what to rank, the period and the category."""

    by = forms.ChoiceField(
        label=_("Rank"),
        choices=[
            ("site", _("Sites (base area and antagonist)")),
            ("base_area", _("Base areas")),
            ("antagonist", _("Antagonists")),
        ],
        required=False,
    )
    order = forms.ChoiceField(
        label=_("Order by"),
        choices=[("people", _("People")), ("grievances", _("Grievances"))],
        required=False,
    )
    threshold = forms.IntegerField(
        label=_("Rank sites with at least this many people"),
        min_value=1,
        max_value=10000,
        required=False,
        error_messages={"min_value": _("Give at least 1 person.")},
    )
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=GrievanceCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )

    # The base area opened one level down (by="base_area"): its areas, each rolled up.
    within = forms.ModelChoiceField(
        queryset=BaseArea.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = GrievanceCategory.objects.order_by("position", "name")
        self.fields["within"].queryset = BaseArea.objects.only("id", "name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == "custom":
            start, end = cleaned.get("start"), cleaned.get("end")
            if not start:
                self.add_error("start", _("Give the first day."))
            if not end:
                self.add_error("end", _("Give the last day."))
            if start and end and start > end:
                self.add_error("end", _("The last day is before the first."))
            if start and end and (end - start).days > 3660:
                self.add_error("start", _("Pick a period of at most ten years."))
        return cleaned

    def choices(self) -> dict:
        """The chosen ranking, with defaults: base areas, last 30 days, every category. The
        previous period has the same length and ends the day before `start`."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period = data.get("period") or str(ranking.DEFAULT_DAYS)
        if period == "custom":
            start, end = data["start"], data["end"]
            days = ranking.last_days((end - start).days + 1, today=end)
        else:
            days = ranking.last_days(int(period))
        return {
            "by": data.get("by") or "site",
            "order": data.get("order") or "people",
            "threshold": data.get("threshold") or ranking.watch_below(),
            **days,
            "previous_end": days["start"] - timedelta(days=1),
            "category": data.get("category"),
            "within": data.get("within") if data.get("by") == "base_area" else None,
        }


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "base_area", "antagonist", "started_on", "status", "description"]
        widgets = {"started_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_area"].queryset = BaseArea.objects.for_choices()
        self.fields["antagonist"].queryset = Antagonist.objects.for_choices()

    @staticmethod
    def initial_for_site(base_area_id: int | None, antagonist_id: int | None) -> dict:
        """A committee started from a site of struggle: its area and antagonist, a name that
        says both, and the categories of the grievances open there as a first description,
        in the reader's language. Unknown ids give an empty form."""
        area = BaseArea.objects.filter(pk=base_area_id).only("name").first()
        if area is None:
            return {}
        antagonist = Antagonist.objects.filter(pk=antagonist_id).only("name").first()
        initial = {"base_area": area.pk, "name": area.name}
        if antagonist is not None:
            initial |= {"antagonist": antagonist.pk, "name": f"{area.name} · {antagonist.name}"}
        categories = Grievance.objects.categories_at(
            base_area_id=area.pk, antagonist_id=antagonist.pk if antagonist else None
        )
        if categories:
            counted = ", ".join(f"{c.label} ({c.count})" for c in categories)
            initial["description"] = _("Grievances raised here: %(categories)s.") % {
                "categories": counted
            }
        return initial


class CampaignPeopleForm(forms.Form):
    """Who is in a campaign: contacts of its base area (and the areas inside it), and members."""

    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts in it"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members in it"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        area = campaign.base_area
        self.fields["contacts"].queryset = (
            Contact.objects.active()
            .filter(base_area__in=BaseArea.objects.within(area))
            .only("id", "name", "forgotten_at")
            .order_by("name")
        )
        self.fields["members"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("display_name", "email")
        )


class DemandForm(forms.ModelForm):
    class Meta:
        model = Demand
        fields = ["text", "grievances", "status", "decided_on"]
        widgets = {"grievances": forms.CheckboxSelectMultiple, "decided_on": DATE_INPUT}

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grievances"].queryset = Grievance.objects.answerable_by(campaign)
        self.fields["grievances"].label_from_instance = lambda g: (
            f"#{g.pk} · {g.category.label} · {g.base_area.name}"
            f"{' · ' + g.antagonist.name if g.antagonist else ''} · {g.recorded_on:%Y-%m-%d}"
        )

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in (Demand.Status.WON, Demand.Status.LOST) and not cleaned.get("decided_on"):
            self.add_error("decided_on", _("Give the date it was won or lost."))
        if status == Demand.Status.PENDING:
            cleaned["decided_on"] = None
        return cleaned


class CampaignActionForm(forms.ModelForm):
    class Meta:
        model = CampaignAction
        fields = ["kind", "held_on", "turnout", "notes"]
        widgets = {"held_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 2})}
