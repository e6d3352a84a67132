"""Fixtures for distribution: a serve tonight with three bag types whose contents are in
stock, and helpers to tap and to read JSON answers."""

import uuid

import pytest
from django.urls import reverse

from distribution.models import Tap
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    ItemFactory,
    ServeFactory,
    SiteFactory,
    StockInFactory,
)

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def items(db):
    return {
        "rice": ItemFactory(name="Rice", unit="bag", low_stock_threshold=5),
        "beans": ItemFactory(name="Beans", unit="can", low_stock_threshold=10),
        "soap": ItemFactory(name="Soap", unit="bar", low_stock_threshold=0),
    }


@pytest.fixture
def bag_types(items):
    """Groceries: 1 rice + 2 beans; No-cook: 1 beans; Hygiene: 1 soap."""
    groceries = BagTypeFactory(name="Groceries", name_es="Despensa", sort_order=1)
    no_cook = BagTypeFactory(name="No-cook bag", name_es="Bolsa sin cocina", sort_order=2)
    hygiene = BagTypeFactory(name="Hygiene kit", name_es="Kit de higiene", sort_order=3)
    BagContentFactory(bag_type=groceries, item=items["rice"], quantity=1)
    BagContentFactory(bag_type=groceries, item=items["beans"], quantity=2)
    BagContentFactory(bag_type=no_cook, item=items["beans"], quantity=1)
    BagContentFactory(bag_type=hygiene, item=items["soap"], quantity=1)
    return {"groceries": groceries, "no_cook": no_cook, "hygiene": hygiene}


@pytest.fixture
def stocked(items):
    """Opening stock: 100 rice, 300 beans, 100 soap."""
    StockInFactory(item=items["rice"], quantity=100)
    StockInFactory(item=items["beans"], quantity=300)
    StockInFactory(item=items["soap"], quantity=100)
    return items


@pytest.fixture
def serve(db, lead):
    return ServeFactory(site=SiteFactory(name="Central Square"), lead=lead)


def tap_data(kind: str, *, bag_type=None, language: str = "", key=None, device="phone-1"):
    data = {"kind": kind, "key": str(key or uuid.uuid4()), "device": device}
    if bag_type is not None:
        data["bag_type"] = bag_type.pk
    if language:
        data["language"] = language
    return data


def tap(client, serve, kind=Tap.Kind.HOUSEHOLD_NEW, **kwargs):
    return client.post(
        reverse("distribution:serve_tap", args=[serve.pk]), tap_data(kind, **kwargs), **JSON
    )
