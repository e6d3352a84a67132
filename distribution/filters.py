"""The filters of distribution's lists (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from contacts.models import BaseArea
from distribution.models import DeliveryRequest, Donation, Serve, Site, StockMovement

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


class ServeFilter(django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("serve site", "Site"),
        queryset=Site.objects.all(),
        empty_label=_("All sites"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Serve.Status.choices, empty_label=_("Any")
    )

    class Meta:
        model = Serve
        fields = ["site", "status"]


class DeliveryFilter(django_filters.FilterSet):
    OPEN = "open"
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Still to deliver")), *DeliveryRequest.Status.choices],
        empty_label=_("Any"),
        method="filter_status",
    )
    date = django_filters.DateFilter(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=BaseArea.objects.top_level(),
        empty_label=_("All areas"),
        method="filter_area",
    )
    driver = django_filters.ModelChoiceFilter(
        label=_("Driver"), queryset=User.objects.drivers(), empty_label=_("Any driver")
    )

    class Meta:
        model = DeliveryRequest
        fields = ["status", "date", "area", "driver"]

    def __init__(self, data=None, *args, **kwargs):
        # The board opens on what still needs doing.
        if data is None or "status" not in data:
            data = data.copy() if data is not None else {}
            data["status"] = self.OPEN
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value == self.OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_area(self, queryset, name, value):
        # An area includes the places within it, at any depth (a building in a block).
        return queryset.filter(area__in=BaseArea.objects.within(value))


class DonationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Donation.Kind.choices, empty_label=_("Any")
    )
    received_on = django_filters.DateFromToRangeFilter(label=_("Received"), widget=DATE_RANGE)

    class Meta:
        model = Donation
        fields = ["kind", "received_on"]


class LedgerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=StockMovement.Kind.choices, empty_label=_("Any")
    )

    class Meta:
        model = StockMovement
        fields = ["kind"]
