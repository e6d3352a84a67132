"""Taking a mark back: "Delivered" is one tap right above "Could not deliver". The driver may
take a mark back for DELIVERY_UNDO_SECONDS (the stop comes back with its address, the bags'
contents back in stock); later, a lead puts a request wrongly marked delivered back on the
board. The address is erased from the database at the mark all the same: only the cache keeps
it, encrypted, for the undo, and forgets it by itself."""

import datetime as dt
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from contacts import services as contacts_services
from core.models import AuditEntry
from distribution import services
from distribution.models import DeliveryRequest, Item, StockMovement
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    ContactFactory,
    DeliveryRequestFactory,
    ItemFactory,
    StockInFactory,
)

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def soap():
    item = ItemFactory(name="Soap")
    StockInFactory(item=item, quantity=10)
    return item


def _stop(driver, soap, **fields):
    bag = BagTypeFactory()
    BagContentFactory(bag_type=bag, item=soap, quantity=2)
    return DeliveryRequestFactory(
        driver=driver,
        status="assigned",
        date=timezone.localdate(),
        address="77 Secret Street",
        phone="617-555-0101",
        notes="Buzzer 3",
        bag_type=bag,
        bag_count=1,
        **fields,
    )


def _level(item) -> int:
    return Item.objects.with_levels().get(pk=item.pk).level


def _undo_form(page: str) -> str:
    return page.split("data-undo-bar", 1)[1].split("</form>", 1)[0]


def test_the_run_offers_undo_after_delivered_and_undo_puts_the_stop_back(as_driver, driver, soap):
    delivery = _stop(driver, soap, contact=ContactFactory(name="Rosa"))

    after = as_driver.post(
        reverse("distribution:delivery_delivered", args=[delivery.pk]), follow=True
    )

    page = after.content.decode()
    assert "77 Secret Street" not in page
    delivery.refresh_from_db()
    assert (delivery.status, delivery.address, _level(soap)) == ("delivered", "", 8)
    form = _undo_form(page)
    assert reverse("distribution:delivery_undo", args=[delivery.pk]) in form
    assert f'value="{delivery.mark_key}"' in form

    back = as_driver.post(
        reverse("distribution:delivery_undo", args=[delivery.pk]),
        {"mark": str(delivery.mark_key)},
        follow=True,
    )

    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.ASSIGNED
    assert (delivery.address, delivery.phone, delivery.notes) == (
        "77 Secret Street",
        "617-555-0101",
        "Buzzer 3",
    )
    assert delivery.finished_at is None and delivery.address_erased_at is None
    assert _level(soap) == 10
    assert not StockMovement.objects.filter(delivery=delivery).exists()
    content = back.content.decode()
    assert "Back on your run: Rosa." in content
    assert "77 Secret Street" in content  # the stop, with its address, is on the run again
    assert "data-undo-bar" not in content
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.DELIVERY_UNDO)
    assert (entry.by, entry.object_id, entry.detail) == (
        driver,
        delivery.pk,
        {"was": "delivered"},
    )


def test_the_offer_goes_once_its_seconds_are_up(as_driver, driver, soap, settings):
    delivery = _stop(driver, soap)
    as_driver.post(reverse("distribution:delivery_delivered", args=[delivery.pk]))
    assert "data-undo-bar" in as_driver.get(reverse("distribution:run")).content.decode()
    DeliveryRequest.objects.filter(pk=delivery.pk).update(
        finished_at=timezone.now() - dt.timedelta(seconds=settings.DELIVERY_UNDO_SHOWN_SECONDS + 1)
    )

    again = as_driver.get(reverse("distribution:run")).content.decode()

    assert "data-undo-bar" not in again


def test_while_marked_the_cache_holds_the_address_only_encrypted(driver, soap):
    delivery = _stop(driver, soap)

    services.delivery_mark_delivered(delivery=delivery, by=driver, key=uuid.uuid4())

    kept = cache.get(f"delivery-undo:{delivery.pk}")
    assert kept and "Secret" not in kept and "617" not in kept
    delivery.refresh_from_db()
    assert delivery.address == "" and delivery.address_erased_at is not None


def test_an_undo_after_its_time_is_refused_and_the_page_says_so(as_driver, driver, soap):
    delivery = _stop(driver, soap)
    key = uuid.uuid4()
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=key)
    DeliveryRequest.objects.filter(pk=delivery.pk).update(
        finished_at=timezone.now() - dt.timedelta(seconds=settings.DELIVERY_UNDO_SECONDS + 1)
    )

    response = as_driver.post(
        reverse("distribution:delivery_undo", args=[delivery.pk]), {"mark": str(key)}, follow=True
    )

    assert "Too late to take it back here. A lead can put it back on the board." in (
        response.content.decode()
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.address, _level(soap)) == ("delivered", "", 8)


def test_an_undo_once_the_cache_forgot_the_address_is_refused(driver, soap):
    delivery = _stop(driver, soap)
    key = uuid.uuid4()
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=key)
    cache.delete(f"delivery-undo:{delivery.pk}")  # what the cache's timeout does

    assert services.delivery_mark_undo(delivery=delivery, mark=key, by=driver) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.DELIVERED
    assert _level(soap) == 8


def test_an_undo_sent_twice_takes_back_once_and_answers_the_outbox(as_driver, driver, soap):
    delivery = _stop(driver, soap)
    key = str(uuid.uuid4())
    as_driver.post(
        reverse("distribution:delivery_delivered", args=[delivery.pk]), {"key": key}, **JSON
    )
    url = reverse("distribution:delivery_undo", args=[delivery.pk])

    first = as_driver.post(url, {"mark": key}, **JSON)
    again = as_driver.post(url, {"mark": key}, **JSON)

    assert first.status_code == 200 and first.json()["undone"] is True
    assert again.status_code == 404  # back on the run: nothing marked to take back
    assert _level(soap) == 10
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.DELIVERY_UNDO).count() == 1


def test_an_undo_never_takes_back_a_later_mark(driver, soap):
    delivery = _stop(driver, soap)
    first, second = uuid.uuid4(), uuid.uuid4()
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=first)
    assert services.delivery_mark_undo(delivery=delivery, mark=first, by=driver)
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=second)

    assert services.delivery_mark_undo(delivery=delivery, mark=first, by=driver) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.DELIVERED
    assert _level(soap) == 8


def test_the_first_mark_sent_again_after_its_undo_is_not_applied_again(driver, soap):
    delivery = _stop(driver, soap)
    key = uuid.uuid4()
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=key)
    services.delivery_mark_undo(delivery=delivery, mark=key, by=driver)

    assert services.delivery_mark_delivered(delivery=delivery, by=driver, key=key) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.ASSIGNED


def test_a_started_run_gets_the_stop_back_out_for_delivery(driver, soap):
    delivery = _stop(driver, soap)
    services.delivery_run_start(driver=driver, day=delivery.date)
    key = uuid.uuid4()
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=key)

    assert services.delivery_mark_undo(delivery=delivery, mark=key, by=driver)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.OUT


def test_could_not_deliver_is_taken_back_without_its_reason(driver, soap):
    delivery = _stop(driver, soap)
    key = uuid.uuid4()
    services.delivery_mark_failed(delivery=delivery, reason="no_answer", by=driver, key=key)

    assert services.delivery_mark_undo(delivery=delivery, mark=key, by=driver)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.failure_reason, delivery.address) == (
        "assigned",
        "",
        "77 Secret Street",
    )


def test_another_drivers_undo_finds_nothing(as_driver, driver, other_driver, soap):
    delivery = _stop(other_driver, soap)
    key = uuid.uuid4()
    services.delivery_mark_delivered(delivery=delivery, by=other_driver, key=key)

    response = as_driver.post(
        reverse("distribution:delivery_undo", args=[delivery.pk]), {"mark": str(key)}
    )

    assert response.status_code == 404
    assert services.delivery_mark_undo(delivery=delivery, mark=key, by=driver) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.DELIVERED


def test_a_contact_forgotten_meanwhile_gets_no_address_back(driver, coordinator, soap):
    contact = ContactFactory(name="Rosa")
    delivery = _stop(driver, soap, contact=contact)
    key = uuid.uuid4()
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=key)
    contacts_services.contact_forget(contact=contact, by=coordinator)

    assert services.delivery_mark_undo(delivery=delivery, mark=key, by=driver) is False
    delivery.refresh_from_db()
    assert delivery.address == ""


def test_a_bad_mark_is_said_and_changes_nothing(as_driver, driver, soap):
    delivery = _stop(driver, soap)
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=uuid.uuid4())
    url = reverse("distribution:delivery_undo", args=[delivery.pk])

    page = as_driver.post(url, {"mark": "not-a-key"}, follow=True).content.decode()
    outbox = as_driver.post(url, {"mark": "not-a-key"}, **JSON)

    assert "That mark was not understood. Reload the page." in page
    assert outbox.status_code == 400 and "mark" in outbox.json()["errors"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.DELIVERED


def test_the_run_with_an_undo_offer_runs_the_same_queries_with_2_or_30_stops(
    as_driver, driver, soap, django_assert_max_num_queries
):
    for n in (2, 30):
        DeliveryRequest.objects.filter(status="assigned").delete()
        stops = [_stop(driver, soap) for _ in range(n)]
        as_driver.post(reverse("distribution:delivery_delivered", args=[stops[0].pk]))
        with django_assert_max_num_queries(12):
            response = as_driver.get(reverse("distribution:run"))
        assert "data-undo-bar" in response.content.decode()
        assert response.context["to_do"] == stops[1:]


# --- The lead, later -------------------------------------------------------------------------


def test_a_lead_puts_a_request_wrongly_marked_delivered_back_on_the_board(
    as_lead, lead, driver, soap
):
    delivery = _stop(driver, soap, contact=ContactFactory(name="Rosa"))
    services.delivery_mark_delivered(delivery=delivery, by=driver, key=uuid.uuid4())
    delivery.refresh_from_db()
    detail = reverse("distribution:delivery_detail", args=[delivery.pk])
    assert "It was not delivered: put it back on the board" in as_lead.get(detail).content.decode()

    response = as_lead.post(
        reverse("distribution:delivery_reopen", args=[delivery.pk]),
        {"version": delivery.version},
        follow=True,
    )

    assert "Back on the board, as not delivered." in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.driver, delivery.finished_at) == ("requested", None, None)
    assert _level(soap) == 10
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.DELIVERY_REOPEN).count() == 1
    # The driver can't take the mark back any more; the lead types the address again.
    assert (
        services.delivery_mark_undo(delivery=delivery, mark=delivery.mark_key, by=driver) is False
    )
    services.delivery_request_update(
        delivery=delivery, version=delivery.version, by=lead, address="12 New Street"
    )
    delivery.refresh_from_db()
    assert (delivery.address, delivery.address_erased_at) == ("12 New Street", None)


def test_a_lead_reopening_from_a_stale_page_is_told(as_lead, driver, soap):
    delivery = _stop(driver, soap)
    services.delivery_mark_delivered(delivery=delivery, by=driver)
    delivery.refresh_from_db()
    stale = delivery.version - 1

    response = as_lead.post(
        reverse("distribution:delivery_reopen", args=[delivery.pk]), {"version": stale}, follow=True
    )

    assert "Someone else changed this request meanwhile." in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.DELIVERED
    assert _level(soap) == 8
