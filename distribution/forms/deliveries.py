"""Delivery requests, assigning them, the driver's marks and the areas a driver covers."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from contacts.models import BaseArea
from core.phones import PHONE_INPUT
from distribution.forms.common import DATE, TIME
from distribution.models import (
    BagType,
    DeliveryRequest,
    Tap,
    Weekday,
)

# --- Deliveries -------------------------------------------------------------------------------


class _DeliveryFieldsMixin:
    def _clean_window(self, cleaned):
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", _("The window must end after it starts."))


class DeliveryRequestForm(_DeliveryFieldsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name or nickname"),
        max_length=60,
        help_text=_("A first name or a nickname is enough."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        widget=PHONE_INPUT,
        help_text=_("The driver calls it on the day. A known number finds the contact."),
    )
    address = forms.CharField(
        label=_("Delivery address"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=BaseArea.objects.order_by("name"),
        required=False,
        help_text=_("Helps suggest a driver who covers it."),
    )
    bag_type = forms.ModelChoiceField(label=_("Bag"), queryset=BagType.objects.for_counters())
    bag_count = forms.IntegerField(label=_("Number of bags"), min_value=1, max_value=20, initial=1)
    no_kitchen = forms.BooleanField(label=_("No kitchen"), required=False)
    dietary = forms.CharField(label=_("Dietary needs"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Tap.Language.choices)
    day = forms.DateField(label=_("Delivery date"), widget=DATE)
    window_start = forms.TimeField(label=_("From"), required=False, widget=TIME)
    window_end = forms.TimeField(label=_("Until"), required=False, widget=TIME)
    notes = forms.CharField(
        label=_("Notes for the driver"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Buzzer, floor, best time to call."),
    )

    text_on_the_way = forms.BooleanField(
        label=_("Text them when the driver sets off"),
        required=False,
        help_text=_("Only if they agreed to reminders by text on their consent page."),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Pick today or a day to come."))
        return day

    def clean(self):
        cleaned = super().clean()
        self._clean_window(cleaned)
        return cleaned


class DeliveryEditForm(_DeliveryFieldsMixin, forms.Form):
    """Change an open request. Address and phone are write-only: nobody but the driver reads
    them back, so they start empty and stay as they are unless something is typed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    address = forms.CharField(
        label=_("New delivery address"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty to keep the address on file."),
    )
    phone = forms.CharField(
        label=_("New phone"),
        max_length=30,
        required=False,
        widget=PHONE_INPUT,
        help_text=_("Leave empty to keep the phone on file."),
    )
    area = DeliveryRequestForm.base_fields["area"]
    bag_type = DeliveryRequestForm.base_fields["bag_type"]
    bag_count = DeliveryRequestForm.base_fields["bag_count"]
    no_kitchen = DeliveryRequestForm.base_fields["no_kitchen"]
    language = DeliveryRequestForm.base_fields["language"]
    date = forms.DateField(label=_("Delivery date"), widget=DATE)
    window_start = DeliveryRequestForm.base_fields["window_start"]
    window_end = DeliveryRequestForm.base_fields["window_end"]
    text_on_the_way = DeliveryRequestForm.base_fields["text_on_the_way"]

    FIELDS = ("area", "bag_type", "bag_count", "no_kitchen", "language", "date", "text_on_the_way")

    @classmethod
    def for_delivery(cls, delivery: DeliveryRequest, data=None) -> "DeliveryEditForm":
        initial = {name: getattr(delivery, name) for name in cls.FIELDS}
        initial.update(
            version=delivery.version,
            window_start=delivery.window_start,
            window_end=delivery.window_end,
        )
        return cls(data, initial=initial)

    def clean(self):
        cleaned = super().clean()
        self._clean_window(cleaned)
        return cleaned

    def changes(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.FIELDS}
        fields["window_start"] = self.cleaned_data["window_start"]
        fields["window_end"] = self.cleaned_data["window_end"]
        return fields


class SelectionField(forms.Field):
    """The board's ticked requests, each sent as "<id>.<version>"."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Tick at least one request."),
        "invalid": _("The selection was not understood. Reload the page."),
    }

    def to_python(self, value) -> list[tuple[int, int]]:
        selections = []
        for raw in value or []:
            pk, _sep, version = str(raw).partition(".")
            # isdigit() alone lets through digits int() can't read ("²").
            if not all(part.isascii() and part.isdigit() for part in (pk, version)):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            selections.append((int(pk), int(version)))
        return selections

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class AssignForm(forms.Form):
    selected = SelectionField()
    driver = forms.ModelChoiceField(label=_("Driver"), queryset=User.objects.drivers())
    day = forms.DateField(
        label=_("On"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to keep each request's date."),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("Pick today or a day to come."))
        return day


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MarkForm(forms.Form):
    """A driver's mark. `key` is made by the page (or the phone's outbox): a mark sent twice
    is applied once. Optional, so a page loaded before keys existed still works."""

    key = forms.UUIDField(required=False)


class UndoMarkForm(forms.Form):
    """Take back a mark: `mark` is the mark's key, so an undo sent again never takes back a
    later mark."""

    mark = forms.UUIDField()


class FailedForm(MarkForm):
    reason = forms.ChoiceField(
        label=_("Why?"),
        choices=DeliveryRequest.FailureReason.choices,
        widget=forms.RadioSelect,
    )


class CoverageForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods I cover"),
        queryset=BaseArea.objects.filter(kind=BaseArea.Kind.NEIGHBOURHOOD).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked means anywhere."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days I can drive"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
