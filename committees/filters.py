"""Filters for the lists of committees: the decision log, meetings and action items."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.models import (
    ActionItem,
    Body,
    Decision,
    Meeting,
    Outcome,
    Proposal,
    Scope,
    WorkingGroup,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class DecisionFilter(django_filters.FilterSet):
    """The decision log: answers "what did we decide about the site, and when"."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Words in the title, the proposal or the reasoning."),
    )
    scope = django_filters.ChoiceFilter(
        label=_("Scope"), field_name="proposal__scope", choices=Scope.choices
    )
    body = django_filters.ChoiceFilter(
        label=pgettext_lazy("decision log filter", "Decided by"), choices=Body.choices
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"), queryset=WorkingGroup.objects.order_by("name")
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    decided_after = django_filters.DateFilter(
        label=_("From"), field_name="decided_on", lookup_expr="gte", widget=DATE_INPUT
    )
    decided_before = django_filters.DateFilter(
        label=_("To"), field_name="decided_on", lookup_expr="lte", widget=DATE_INPUT
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def search(self, queryset, name, value):
        # Each side is a subquery on one table, so that each can use its trigram indexes
        # (migration 0003); one OR across the join would read every decision.
        for word in value.split()[:8]:
            proposals = Proposal.objects.filter(Q(title__icontains=word) | Q(text__icontains=word))
            reasoned = Decision.objects.filter(reasoning__icontains=word)
            queryset = queryset.filter(
                Q(proposal__in=proposals.values("pk")) | Q(pk__in=reasoned.values("pk"))
            )
        return queryset


class MeetingFilter(django_filters.FilterSet):
    WHEN = [("upcoming", _("Upcoming")), ("past", _("Past"))]

    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN, method="filter_when")
    body = django_filters.ChoiceFilter(label=_("Who meets"), choices=Body.choices)
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"), queryset=WorkingGroup.objects.order_by("name")
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_when(self, queryset, name, value):
        if value == "upcoming":
            return queryset.upcoming()
        return queryset.past()


class ActionItemFilter(django_filters.FilterSet):
    mine = django_filters.BooleanFilter(
        label=_("Only mine"), method="filter_mine", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionItem.Status.choices)
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"), queryset=WorkingGroup.objects.order_by("name")
    )

    class Meta:
        model = ActionItem
        fields: list[str] = []

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assignee=self.request.user) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset


class ProposalFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=Scope.choices)
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"), queryset=WorkingGroup.objects.order_by("name")
    )

    class Meta:
        model = Proposal
        fields: list[str] = []
