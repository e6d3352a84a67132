import factory

from contacts.models import BaseArea
from investigation.models import Antagonist, Campaign, Grievance, GrievanceCategory
from tests.factories.contacts import ContactFactory  # noqa: F401  (re-exported for tests)


class BaseAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BaseArea

    name = factory.Sequence(lambda n: f"Area {n}")
    kind = BaseArea.Kind.BUILDING


class AntagonistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Antagonist

    name = factory.Sequence(lambda n: f"Antagonist {n}")
    kind = Antagonist.Kind.LANDLORD


def category(name: str = "Repairs") -> GrievanceCategory:
    """A seeded category (migration 0003), re-created if a transactional test flushed it."""
    found, _ = GrievanceCategory.objects.get_or_create(name=name)
    return found


class GrievanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grievance

    base_area = factory.SubFactory(BaseAreaFactory)
    category = factory.LazyFunction(category)
    severity = Grievance.Severity.MEDIUM


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    base_area = factory.SubFactory(BaseAreaFactory)
