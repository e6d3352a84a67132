"""Stock units are said in the reader's language, with their plural (issue 17): the stock
page in Spanish reads "12 latas", not "12 can"; a unit typed in other words shows as typed."""

import pytest
from django.urls import reverse

from tests.factories.distribution import ItemFactory, StockInFactory

pytestmark = pytest.mark.django_db


def test_the_stock_page_says_units_in_spanish(as_lead, lead):
    lead.language = "es"
    lead.save(update_fields=["language"])
    beans = ItemFactory(name="Black beans", name_es="Frijoles negros", unit="can")
    StockInFactory(item=beans, quantity=12)
    trays = ItemFactory(name="Eggs", name_es="Huevos", unit="trays")
    StockInFactory(item=trays, quantity=3)
    page = as_lead.get(reverse("distribution:stock"), HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert "12 latas" in text and "12 can" not in text
    assert "3 trays" in text


def test_the_stock_page_says_units_in_english(as_lead):
    beans = ItemFactory(name="Black beans", unit="can")
    StockInFactory(item=beans, quantity=1)
    page = as_lead.get(reverse("distribution:stock"))
    text = page.content.decode()
    assert "1 can" in text and "1 cans" not in text
