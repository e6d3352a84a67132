import django_filters
from django.utils.translation import gettext_lazy as _

from summations.models import Summation


class SummationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Summation.State.choices, empty_label=_("Any state")
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        model = Summation
        fields = ["state", "year"]
