"""Setting up the distribution: sites, schedules, bag types and items, stock, and money."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from distribution.forms.common import DATE, MAX_UNITS, TIME
from distribution.models import (
    BagType,
    Donation,
    Item,
    Purchase,
    Reimbursement,
    Schedule,
    Site,
)

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
