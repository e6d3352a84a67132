import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.forms import organizers
from contacts.models import NAME_PREFIX_MIN, BaseArea, Contact, Conversation, DevelopmentLevel


def _base_area_choices() -> list[tuple[int, str]]:
    return list(BaseArea.objects.for_choices().values_list("id", "name"))


class ContactFilter(django_filters.FilterSet):
    # One letter would match nearly everyone: not a search, a listing (a message instead).
    name = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        min_length=NAME_PREFIX_MIN,
        error_messages={"min_length": _("Type at least 2 letters of the name.")},
    )
    phone = django_filters.CharFilter(label=_("Phone (exact)"), method="filter_phone")
    # A thousand base areas: plain (id, name) choices, no model instance per option.
    base_area = django_filters.ChoiceFilter(label=_("Base area"))
    development_level = django_filters.ModelChoiceFilter(
        label=_("Development level"), queryset=DevelopmentLevel.objects.for_choices()
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Contact.Language.choices)

    class Meta:
        model = Contact
        fields = ["name", "phone", "base_area", "development_level", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["base_area"].extra["choices"] = _base_area_choices()

    def filter_queryset(self, queryset):
        # A search that is not one (a single letter) lists no one: the message says why.
        if self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_name(self, queryset, name, value):
        # Names are encrypted: found by the keyed hashes of their words' beginnings.
        return queryset.named(value) if value else queryset

    def filter_phone(self, queryset, name, value):
        return queryset.with_phone(value) if value else queryset


class FollowUpFilter(django_filters.FilterSet):
    follow_up_by = django_filters.ModelChoiceFilter(
        label=_("Who follows up"), queryset=lambda request: organizers()
    )
    due = django_filters.ChoiceFilter(
        label=_("Due"),
        choices=[("now", _("Due now or overdue")), ("all", _("All open"))],
        method="filter_due",
        empty_label=None,
    )

    class Meta:
        model = Conversation
        fields = ["follow_up_by", "due"]

    def filter_due(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(follow_up_due__lte=timezone.localdate())
