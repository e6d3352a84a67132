"""The driver's run: only their own requests still to deliver, with address, phone, bag and
notes; the address disappears once delivered or failed; nothing from the investigation; the
printable run sheet."""

import datetime as dt
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from distribution.models import DeliveryRequest, Item, Shift, StockMovement
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    BaseAreaFactory,
    ContactFactory,
    DeliveryRequestFactory,
    ItemFactory,
    StockInFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def _assigned(driver, day, **fields):
    return DeliveryRequestFactory(driver=driver, status="assigned", date=day, **fields)


def test_the_run_shows_the_drivers_own_deliveries_for_the_day_in_order(
    as_driver, driver, other_driver, today
):
    late = _assigned(
        driver, today, contact=ContactFactory(name="Luis"), window_start=dt.time(14), position=1
    )
    early = _assigned(
        driver,
        today,
        contact=ContactFactory(name="Rosa"),
        address="41 Bowdoin St, Apt 3",
        phone="617-555-0101",
        notes="Buzzer 3",
        window_start=dt.time(10),
        position=2,
    )
    _assigned(other_driver, today, contact=ContactFactory(name="Someone else's"))
    _assigned(driver, today + dt.timedelta(days=1), contact=ContactFactory(name="Tomorrow"))
    DeliveryRequestFactory(status="requested", date=today, contact=ContactFactory(name="Waiting"))

    response = as_driver.get(reverse("distribution:run"))

    assert response.context["to_do"] == [early, late]
    content = response.content.decode()
    assert "41 Bowdoin St, Apt 3" in content
    assert 'href="tel:617-555-0101"' in content
    assert "Buzzer 3" in content
    assert "Someone else" not in content
    assert "Waiting" not in content


def test_nothing_from_the_investigation_appears_on_a_run(as_driver, driver, today):
    area = BaseAreaFactory(name="Bowdoin St tenants organizing", kind="building")
    contact = ContactFactory(name="Rosa", notes="Raised a grievance about repairs", base_area=area)
    _assigned(driver, today, contact=contact, area=area)

    content = as_driver.get(reverse("distribution:run")).content.decode()

    assert "Rosa" in content
    assert "Bowdoin St tenants organizing" not in content
    assert "grievance" not in content


def test_delivered_erases_the_address_and_takes_the_bag_out_of_stock(as_driver, driver, today):
    soap = ItemFactory(name="Soap")
    StockInFactory(item=soap, quantity=10)
    bag = BagTypeFactory(name="Hygiene kit")
    BagContentFactory(bag_type=bag, item=soap, quantity=2)
    delivery = _assigned(driver, today, address="77 Secret Street", bag_type=bag, bag_count=2)

    response = as_driver.post(reverse("distribution:delivery_delivered", args=[delivery.pk]))

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.DELIVERED
    assert (delivery.address, delivery.phone, delivery.notes) == ("", "", "")
    assert Item.objects.with_levels().get(pk=soap.pk).level == 6
    assert StockMovement.objects.get(delivery=delivery).quantity == -4
    page = as_driver.get(reverse("distribution:run")).content.decode()
    assert "77 Secret Street" not in page
    assert "Delivered" in page


def test_failed_takes_it_off_the_run_and_hides_the_address(as_driver, driver, today):
    delivery = _assigned(driver, today, address="77 Secret Street")

    response = as_driver.post(
        reverse("distribution:delivery_failed", args=[delivery.pk]), {"reason": "no_answer"}
    )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.FAILED
    assert delivery.failure_reason == "no_answer"
    page = as_driver.get(reverse("distribution:run")).content.decode()
    assert "77 Secret Street" not in page
    assert "Nobody answered" in page
    again = as_driver.post(reverse("distribution:delivery_delivered", args=[delivery.pk]))
    assert again.status_code == 404


def test_failed_without_a_reason_asks_for_one(as_driver, driver, today):
    delivery = _assigned(driver, today)

    response = as_driver.post(reverse("distribution:delivery_failed", args=[delivery.pk]), {})

    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.ASSIGNED


def test_a_driver_cannot_mark_another_drivers_delivery(as_driver, other_driver, today):
    delivery = _assigned(other_driver, today)

    response = as_driver.post(reverse("distribution:delivery_delivered", args=[delivery.pk]))

    assert response.status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == DeliveryRequest.Status.ASSIGNED


def test_starting_the_run_sends_the_days_requests_out_and_checks_the_driver_in(
    as_driver, driver, today
):
    deliveries = [_assigned(driver, today) for _ in range(3)]

    as_driver.post(reverse("distribution:run_start", args=[today.isoformat()]))
    as_driver.post(reverse("distribution:run_finish", args=[today.isoformat()]))

    assert {
        d.status for d in DeliveryRequest.objects.filter(pk__in=[d.pk for d in deliveries])
    } == {DeliveryRequest.Status.OUT}
    shift = Shift.objects.get(volunteer=driver, kind="delivery_run", date=today)
    assert shift.checked_in_at is not None
    assert shift.checked_out_at is not None


def test_the_run_sheet_pdf_has_the_same_fields_and_boxes_to_tick(as_driver, driver, today):
    _assigned(
        driver,
        today,
        contact=ContactFactory(name="Rosa"),
        address="41 Bowdoin St, Apt 3",
        phone="617-555-0101",
        notes="Buzzer 3",
        bag_type=BagTypeFactory(name="Groceries"),
    )
    _assigned(driver, today, contact=ContactFactory(name="Mei"), address="12 Adams St")

    response = as_driver.get(reverse("distribution:run_sheet", args=[today.isoformat()]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Rosa" in text
    assert "41 Bowdoin St, Apt 3" in text
    assert "617-555-0101" in text
    assert "1 × Groceries" in text
    assert "Buzzer 3" in text
    assert "12 Adams St" in text
    assert text.count("☐") == 4
    assert "Stops: 2" in text


def test_a_member_who_does_not_drive_has_no_run(as_member, as_lead):
    assert as_member.get(reverse("distribution:run")).status_code == 403
    assert as_lead.get(reverse("distribution:run")).status_code == 403


def test_a_driver_signs_up_to_drive_and_says_which_areas_and_days(as_driver, driver, today):
    dorchester = BaseAreaFactory(name="Dorchester")
    BaseAreaFactory(name="A building", kind="building")

    page = as_driver.get(reverse("distribution:coverage")).content.decode()
    as_driver.post(
        reverse("distribution:coverage"), {"areas": [dorchester.pk], "weekdays": ["0", "5"]}
    )
    as_driver.post(reverse("distribution:run_sign_up"), {"day": today.isoformat()})

    assert "A building" not in page  # only neighbourhoods: no investigation detail
    coverage = driver.driver_coverage
    assert list(coverage.areas.all()) == [dorchester]
    assert coverage.weekdays == "05"
    assert Shift.objects.filter(volunteer=driver, kind="delivery_run", date=today).exists()


def test_signing_up_for_a_past_day_is_refused(as_driver):
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = as_driver.post(reverse("distribution:run_sign_up"), {"day": yesterday.isoformat()})

    assert response.status_code == 422
    assert "Pick today or a day to come." in response.content.decode()


def test_a_stops_address_opens_in_the_phones_maps_with_a_browser_fallback(as_driver, driver, today):
    _assigned(driver, today, address="41 Bowdoin St, Apt 3 & rear")

    content = as_driver.get(reverse("distribution:run")).content.decode()

    encoded = "41%20Bowdoin%20St%2C%20Apt%203%20%26%20rear"
    assert f'href="geo:0,0?q={encoded}"' in content
    assert f'href="https://www.openstreetmap.org/search?query={encoded}"' in content
    assert "<iframe" not in content
