"""Factories for distribution's tests. Tests set explicitly every value they assert on."""

import datetime as dt
import uuid

import factory
from django.utils import timezone

from committees.models import WorkingGroup
from contacts.models import BaseArea, Contact, phone_lookup_hash
from distribution.models import (
    BagContent,
    BagType,
    DeliveryRequest,
    Item,
    LateTap,
    Schedule,
    Serve,
    Shift,
    Site,
    StockMovement,
    Tap,
)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    address = "Central Square, by the library"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    site = factory.SubFactory(SiteFactory)
    weekday = 0
    start_time = dt.time(17, 30)
    end_time = dt.time(19, 30)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))


class ServeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Serve

    site = factory.SubFactory(SiteFactory)
    date = factory.LazyFunction(timezone.localdate)
    start_time = dt.time(17, 30)
    end_time = dt.time(19, 30)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    name = factory.Sequence(lambda n: f"Item {n}")
    unit = "can"


class BagTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BagType

    name = factory.Sequence(lambda n: f"Bag {n}")


class BagContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BagContent

    bag_type = factory.SubFactory(BagTypeFactory)
    item = factory.SubFactory(ItemFactory)
    quantity = 1


class StockInFactory(factory.django.DjangoModelFactory):
    """Units of an item put into stock by a donation-less adjustment (for tests)."""

    class Meta:
        model = StockMovement

    item = factory.SubFactory(ItemFactory)
    kind = StockMovement.Kind.ADJUSTMENT
    quantity = 10
    reason = "Opening count"


class TapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tap

    serve = factory.SubFactory(ServeFactory)
    kind = Tap.Kind.HOUSEHOLD_NEW
    key = factory.LazyFunction(uuid.uuid4)


class LateTapFactory(factory.django.DjangoModelFactory):
    """A tap that reached the server after its serve was closed, waiting for the lead."""

    class Meta:
        model = LateTap

    serve = factory.SubFactory(ServeFactory, status="closed")
    kind = Tap.Kind.HOUSEHOLD_NEW
    key = factory.LazyFunction(uuid.uuid4)


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    kind = Shift.Kind.SERVE
    serve = factory.SubFactory(ServeFactory)
    date = factory.LazyAttribute(lambda o: o.serve.date if o.serve else timezone.localdate())


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Group {n}")


class BaseAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BaseArea

    name = factory.Sequence(lambda n: f"Area {n}")
    kind = BaseArea.Kind.NEIGHBOURHOOD


class ContactFactory(factory.django.DjangoModelFactory):
    """Contacts belong to the contacts app; distribution only needs recipients."""

    class Meta:
        model = Contact

    name = factory.Sequence(lambda n: f"Neighbour {n}")
    phone = factory.Sequence(lambda n: f"617555{n:04d}")
    phone_hash = factory.LazyAttribute(lambda o: phone_lookup_hash(o.phone))


class DeliveryRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryRequest

    contact = factory.SubFactory(ContactFactory)
    address = factory.Sequence(lambda n: f"{n} Dorchester Ave, Apt 2")
    phone = "6175550000"
    bag_type = factory.SubFactory(BagTypeFactory)
    date = factory.LazyFunction(timezone.localdate)
