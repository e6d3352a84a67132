"""Setting up: sites, bag types with what goes in them, items."""

import pytest
from django.urls import reverse

from distribution.models import BagType, Item, Site
from tests.factories.distribution import BagContentFactory, BagTypeFactory, ItemFactory

pytestmark = pytest.mark.django_db


def _lines(rows):
    data = {
        "lines-TOTAL_FORMS": "4",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "40",
    }
    for n, (item, quantity) in enumerate(rows):
        data[f"lines-{n}-item"] = item.pk
        data[f"lines-{n}-quantity"] = quantity
    return data


def test_a_lead_adds_a_site(as_lead):
    response = as_lead.post(
        reverse("distribution:site_create"),
        {"name": "Central Square", "address": "By the library steps", "is_active": "on"},
    )

    assert response.status_code == 302
    assert Site.objects.get().address == "By the library steps"


def test_a_bag_type_lists_what_goes_in_one_bag(as_lead):
    rice, beans = ItemFactory(name="Rice"), ItemFactory(name="Beans")

    response = as_lead.post(
        reverse("distribution:bag_type_create"),
        {
            "name": "Groceries",
            "name_es": "Despensa",
            "sort_order": "1",
            "is_active": "on",
            **_lines([(rice, 1), (beans, 2)]),
        },
    )

    assert response.status_code == 302
    bag = BagType.objects.get()
    assert sorted(bag.contents.values_list("item__name", "quantity")) == [("Beans", 2), ("Rice", 1)]


def test_editing_a_bag_type_replaces_its_contents(as_lead):
    bag = BagTypeFactory(name="Hygiene kit")
    old = BagContentFactory(bag_type=bag, item=ItemFactory(name="Soap"), quantity=1)
    toothpaste = ItemFactory(name="Toothpaste")

    as_lead.post(
        reverse("distribution:bag_type_edit", args=[bag.pk]),
        {"name": "Hygiene kit", "sort_order": "3", "is_active": "on", **_lines([(toothpaste, 1)])},
    )

    assert list(bag.contents.values_list("item__name", "quantity")) == [("Toothpaste", 1)]
    assert not bag.contents.filter(pk=old.pk).exists()


def test_the_bag_type_name_shows_in_spanish_for_spanish_speakers(as_lead, lead):
    from tests.factories.distribution import ServeFactory

    lead.language = "es"
    lead.save()
    BagTypeFactory(name="No-cook bag", name_es="Bolsa sin cocina")
    serve = ServeFactory()

    content = as_lead.get(reverse("distribution:serve_detail", args=[serve.pk])).content.decode()

    assert "Bolsa sin cocina" in content
    assert "Hogar nuevo" in content


def test_an_item_needs_a_name(as_lead):
    response = as_lead.post(reverse("distribution:item_create"), {"unit": "can"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Item.objects.exists()
