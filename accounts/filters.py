"""The filters of the audit trail's page (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.models import AuditEntry


class AuditFilter(django_filters.FilterSet):
    by = django_filters.ModelChoiceFilter(
        label=_("Who"),
        # Deactivated members too: their past changes stay on the trail.
        queryset=User.objects.only("id", "display_name", "email").order_by("display_name", "email"),
        empty_label=_("Anyone"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("What"), choices=AuditEntry.Kind.choices, empty_label=_("Anything")
    )
    at = django_filters.DateFromToRangeFilter(
        label=_("When"),
        field_name="at__date",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["by", "kind", "at"]
