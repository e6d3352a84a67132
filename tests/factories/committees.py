from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from committees.models import (
    ActionItem,
    Body,
    Meeting,
    Membership,
    Proposal,
    Scope,
    Spoke,
    WorkingGroup,
)
from tests.factories.accounts import UserFactory


def at(day, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Group {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)
    is_lead = False


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = Body.WORKING_GROUP
    group = factory.Maybe(
        factory.LazyAttribute(lambda m: m.body == Body.WORKING_GROUP),
        yes_declaration=factory.SubFactory(WorkingGroupFactory),
        no_declaration=None,
    )
    starts_at = factory.LazyFunction(lambda: at(timezone.localdate()))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(minutes=90))
    place = "Community room"


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Proposal {n}")
    scope = Scope.STEERING
    group = None


class SpokeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Spoke

    group = factory.SubFactory(WorkingGroupFactory)
    member = factory.SubFactory(UserFactory)
    elected_at = factory.SubFactory(
        MeetingFactory, body=Body.WORKING_GROUP, group=factory.SelfAttribute("..group")
    )
    term_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    term_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=150))
    mandate = "Carry the group's needs."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    title = factory.Sequence(lambda n: f"Task {n}")
    group = factory.SubFactory(WorkingGroupFactory)
    assignee = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
