"""Forms for distribution. They validate input; the writes are in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from contacts.forms import PHONE_INPUT
from contacts.models import BaseArea
from distribution.models import (
    BagType,
    DeliveryRequest,
    Donation,
    Item,
    Purchase,
    Reimbursement,
    Schedule,
    Serve,
    Site,
    Tap,
    Weekday,
)
from investigation.forms import RankingForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# The most units one line or one adjustment may move. The ledger stores quantities as 32-bit
# integers: without a bound, a mistyped number was a database error (a 500), not a form error.
MAX_UNITS = 100_000


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


# --- Setup: sites, schedules, bag types, items ------------------------------------------------


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "is_active"]


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = [
            "site",
            "weekday",
            "start_time",
            "end_time",
            "working_group",
            "lead",
            "starts_on",
            "ends_on",
            "is_active",
        ]
        widgets = {"start_time": TIME, "end_time": TIME, "starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = User.objects.filter(is_active=True).order_by("display_name")
        self.fields["site"].queryset = Site.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The serve must end after it starts."))
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last serve can't be before the first."))
        return cleaned


class BagTypeForm(forms.ModelForm):
    class Meta:
        model = BagType
        fields = ["name", "name_es", "description", "sort_order", "is_active"]

    def __init__(self, *args, lines: "BaseItemLineFormSet", **kwargs):
        self.lines = lines
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.lines.is_valid():
            self.add_error(None, _("Check the items below."))
        return cleaned


class ItemLineForm(forms.Form):
    """One line of items and a quantity (bag contents, a donation, a purchase)."""

    item = forms.ModelChoiceField(
        label=_("Item"), queryset=Item.objects.filter(is_active=True), required=False
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=MAX_UNITS, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("item") and not cleaned.get("quantity"):
            self.add_error("quantity", _("How many?"))
        if cleaned.get("quantity") and not cleaned.get("item"):
            self.add_error("item", _("Which item?"))
        return cleaned


class BaseItemLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[tuple[Item, int]]:
        return [
            (form.cleaned_data["item"], form.cleaned_data["quantity"])
            for form in self.forms
            if form.cleaned_data.get("item")
        ]

    def clean(self):
        if any(self.errors):
            return
        items = [item for item, _quantity in self.lines()]
        if len(items) != len(set(items)):
            raise forms.ValidationError(_("Each item once, please: add up the quantities."))


ItemLineFormSet = forms.formset_factory(
    ItemLineForm, formset=BaseItemLineFormSet, extra=4, max_num=40, validate_max=True
)


def item_lines(data=None, *, initial=None, prefix="lines") -> BaseItemLineFormSet:
    # The item choices are loaded once for every line.
    formset = ItemLineFormSet(data, initial=initial, prefix=prefix)
    choices = list(forms.ModelChoiceField(queryset=Item.objects.filter(is_active=True)).choices)
    for form in formset.forms:
        form.fields["item"].choices = choices
    return formset


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["name", "name_es", "unit", "low_stock_threshold", "is_active"]


class StockAdjustForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.filter(is_active=True))
    quantity = forms.IntegerField(
        label=_("Change"),
        min_value=-MAX_UNITS,
        max_value=MAX_UNITS,
        help_text=_("Positive to add units, negative to take them out (for example: -3)."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: counted the shelf, spoiled, found a box."),
    )

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity == 0:
            raise forms.ValidationError(_("A change of zero changes nothing."))
        return quantity


# --- Money ------------------------------------------------------------------------------------


class DonationForm(forms.ModelForm):
    class Meta:
        model = Donation
        fields = ["kind", "source", "amount", "received_on", "donor_name", "notes"]
        widgets = {
            "kind": forms.RadioSelect,
            "received_on": DATE,
            "donor_name": forms.TextInput,
        }

    def __init__(self, *args, lines: BaseItemLineFormSet, **kwargs):
        self.lines = lines
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Donation.Kind.choices

    def clean(self):
        cleaned = super().clean()
        kind, amount = cleaned.get("kind"), cleaned.get("amount")
        if kind == Donation.Kind.CASH:
            if not amount or amount <= 0:
                self.add_error("amount", _("Enter the amount given."))
        elif kind == Donation.Kind.IN_KIND:
            cleaned["amount"] = None
            if self.lines.is_valid() and not self.lines.lines():
                self.add_error(None, _("Add at least one item and its quantity."))
        if not self.lines.is_valid():
            self.add_error(None, _("Check the items below."))
        return cleaned


class PurchaseForm(forms.ModelForm):
    class Meta:
        model = Purchase
        fields = ["purchased_on", "vendor", "amount", "paid_by", "notes"]
        widgets = {"purchased_on": DATE}

    def __init__(self, *args, lines: BaseItemLineFormSet, **kwargs):
        self.lines = lines
        super().__init__(*args, **kwargs)
        self.fields["paid_by"].queryset = User.objects.filter(is_active=True).order_by(
            "display_name"
        )
        self.fields["paid_by"].empty_label = _("The organization's cash")

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("Enter the amount paid."))
        if not self.lines.is_valid():
            self.add_error(None, _("Check the items below."))
        return cleaned


class ReimbursementForm(forms.ModelForm):
    class Meta:
        model = Reimbursement
        fields = ["volunteer", "purchase", "amount", "paid_on", "notes"]
        widgets = {"paid_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = User.objects.filter(is_active=True).order_by(
            "display_name"
        )
        self.fields["purchase"].queryset = Purchase.objects.awaiting_reimbursement()

    def clean(self):
        cleaned = super().clean()
        purchase, volunteer = cleaned.get("purchase"), cleaned.get("volunteer")
        amount = cleaned.get("amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("Enter the amount paid back."))
        if purchase and volunteer and purchase.paid_by_id != volunteer.pk:
            self.add_error("purchase", _("This purchase was paid by someone else."))
        elif purchase and amount and amount > purchase.amount - purchase.reimbursed:
            self.add_error(
                "amount",
                _("Only $%(left)s is still owed for this purchase.")
                % {"left": purchase.amount - purchase.reimbursed},
            )
        return cleaned


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

    FIELDS = ("area", "bag_type", "bag_count", "no_kitchen", "language", "date")

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


# --- Reach ------------------------------------------------------------------------------------


class ReachForm(RankingForm):
    """The reach page's period: the sites-of-struggle ranking's own period fields, choices,
    default and rules (at most ten years), so that both pages read the same days. Only the
    period is shown; `choices()` gives start and end."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [name for name in self.fields if name not in ("period", "start", "end")]:
            del self.fields[name]
