import factory

from summations.models import Summation, SummationComment


class SummationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summation
        django_get_or_create = ("year", "week")

    year = 2026
    week = factory.Sequence(lambda n: n % 52 + 1)


class SummationCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SummationComment

    summation = factory.SubFactory(SummationFactory)
    body = factory.Sequence(lambda n: f"Comment {n}")
