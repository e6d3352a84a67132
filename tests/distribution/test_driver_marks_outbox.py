"""The driver's marks sent from the phone's outbox (static/js/outbox.js): each carries a key the
phone made; a mark sent again (its answer was lost) is applied once, and the outbox gets JSON."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from distribution import services
from distribution.models import DeliveryRequest, Item, StockMovement
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    DeliveryRequestFactory,
    ItemFactory,
    StockInFactory,
)

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def _assigned(driver, **fields):
    return DeliveryRequestFactory(
        driver=driver, status="assigned", date=timezone.localdate(), **fields
    )


def test_a_delivered_mark_sent_twice_is_applied_once_and_answers_json(as_driver, driver):
    soap = ItemFactory(name="Soap")
    StockInFactory(item=soap, quantity=10)
    bag = BagTypeFactory(name="Hygiene kit")
    BagContentFactory(bag_type=bag, item=soap, quantity=2)
    delivery = _assigned(driver, address="77 Secret Street", bag_type=bag, bag_count=1)
    url = reverse("distribution:delivery_delivered", args=[delivery.pk])
    key = str(uuid.uuid4())

    first = as_driver.post(url, {"key": key}, **JSON)
    again = as_driver.post(url, {"key": key}, **JSON)

    assert first.status_code == 200 and first.json()["marked"] is True
    assert again.status_code == 404  # off the run: the outbox drops it, never sends it again
    delivery.refresh_from_db()
    assert (delivery.status, delivery.address) == ("delivered", "")
    assert delivery.mark_key == uuid.UUID(key)
    assert Item.objects.with_levels().get(pk=soap.pk).level == 8  # one bag out, not two
    assert StockMovement.objects.filter(delivery=delivery).count() == 1


def test_a_failed_mark_resent_after_the_lead_put_it_back_is_refused(driver, other_driver, lead):
    delivery = _assigned(driver)
    key = uuid.uuid4()
    assert services.delivery_mark_failed(delivery=delivery, reason="no_answer", by=driver, key=key)
    delivery.refresh_from_db()
    services.delivery_requeue(delivery=delivery, version=delivery.version, by=lead)
    delivery.refresh_from_db()
    services.delivery_assign(selections=[(delivery.pk, delivery.version)], driver=driver, by=lead)

    resent = services.delivery_mark_failed(
        delivery=delivery, reason="no_answer", by=driver, key=key
    )

    assert resent is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.ASSIGNED  # still on the run


def test_the_same_key_cannot_mark_a_second_request(driver):
    first, second = _assigned(driver), _assigned(driver)
    key = uuid.uuid4()
    assert services.delivery_mark_delivered(delivery=first, by=driver, key=key)

    assert services.delivery_mark_delivered(delivery=second, by=driver, key=key) is False
    second.refresh_from_db()
    assert second.status == DeliveryRequest.Status.ASSIGNED


def test_a_failed_mark_without_a_reason_answers_the_outbox_with_400(as_driver, driver):
    delivery = _assigned(driver)

    response = as_driver.post(
        reverse("distribution:delivery_failed", args=[delivery.pk]),
        {"key": str(uuid.uuid4())},
        **JSON,
    )

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.ASSIGNED


def test_a_bad_key_from_the_page_is_said_and_marks_nothing(as_driver, driver):
    delivery = _assigned(driver)

    response = as_driver.post(
        reverse("distribution:delivery_delivered", args=[delivery.pk]), {"key": "not-a-key"}
    )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.ASSIGNED
