import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import BaseArea
from investigation.models import Antagonist, Campaign, Grievance, GrievanceCategory


class GrievanceFilter(django_filters.FilterSet):
    """The grievance list, and the drill-down behind a row of the sites-of-struggle ranking."""

    base_area = django_filters.ModelChoiceFilter(
        label=_("Base area"), queryset=lambda request: BaseArea.objects.for_choices()
    )
    within = django_filters.ModelChoiceFilter(
        label=_("In or inside"),
        queryset=lambda request: BaseArea.objects.for_choices(),
        method="filter_within",
    )
    antagonist = django_filters.ModelChoiceFilter(
        label=_("Against"), queryset=lambda request: Antagonist.objects.for_choices()
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=lambda request: GrievanceCategory.objects.order_by("position", "name"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Grievance.Status.choices)
    recorded_after = django_filters.DateFilter(
        label=_("From"),
        field_name="recorded_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recorded_before = django_filters.DateFilter(
        label=_("To"),
        field_name="recorded_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Grievance
        fields = ["base_area", "antagonist", "category", "status"]

    def filter_within(self, queryset, name, value):
        # A rolled-up row of the ranking: the area and every area inside it, at any depth.
        return queryset.filter(base_area__in=BaseArea.objects.within(value))


class BaseAreaFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=BaseArea.Kind.choices)

    class Meta:
        model = BaseArea
        fields = ["name", "kind"]


class AntagonistFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Antagonist.Kind.choices)

    class Meta:
        model = Antagonist
        fields = ["name", "kind"]


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Campaign.Status.choices)
    base_area = django_filters.ModelChoiceFilter(
        label=_("Base area"), queryset=lambda request: BaseArea.objects.for_choices()
    )

    class Meta:
        model = Campaign
        fields = ["status", "base_area"]
