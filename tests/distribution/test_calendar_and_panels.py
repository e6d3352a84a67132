"""What distribution gives other parts of Basework: calendar events for a member's feed and
the dashboard's panels."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from distribution.calendar_events import events_for
from distribution.models import Shift, Tap
from tests.factories.distribution import (
    DeliveryRequestFactory,
    ItemFactory,
    ServeFactory,
    ShiftFactory,
    SiteFactory,
    StockInFactory,
    TapFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 3)


def test_events_are_the_members_serves_and_driving_days(member, lead):
    site = SiteFactory(name="Central Square", address="By the library steps")
    signed_up = ServeFactory(site=site, date=DAY, start_time=dt.time(17, 30))
    ShiftFactory(serve=signed_up, volunteer=member)
    cancelled = ServeFactory(site=site, date=DAY + dt.timedelta(days=7))
    ShiftFactory(serve=cancelled, volunteer=member, cancelled_at=timezone.now())
    ServeFactory(site=site, date=DAY, lead=lead)  # someone else's serve
    run = Shift.objects.create(
        kind="delivery_run", date=DAY + dt.timedelta(days=1), volunteer=member
    )
    DeliveryRequestFactory(
        driver=member,
        status="assigned",
        date=run.date,
        window_start=dt.time(11),
        window_end=dt.time(15),
        address="77 Secret Street",
    )

    events = events_for(member, DAY, DAY + dt.timedelta(days=10))

    assert [e.uid for e in events] == [f"serve-{signed_up.pk}@basework", f"run-{run.pk}@basework"]
    serve_event, run_event = events
    assert serve_event.title == "Serve at Central Square (volunteer)"
    assert serve_event.location == "By the library steps"
    assert timezone.localtime(serve_event.start).time() == dt.time(17, 30)
    assert run_event.title == "Delivery run"
    assert timezone.localtime(run_event.start).time() == dt.time(11)
    assert timezone.localtime(run_event.end).time() == dt.time(15)
    assert "Secret" not in run_event.description + run_event.location + run_event.title


def test_a_lead_sees_the_serves_they_lead_in_their_language(lead):
    lead.language = "es"
    serve = ServeFactory(site=SiteFactory(name="Central Square"), date=DAY, lead=lead)

    events = events_for(lead, DAY, DAY)

    assert [e.uid for e in events] == [f"serve-{serve.pk}@basework"]
    assert events[0].title == "Reparto en Central Square (responsable)"


def test_tonights_serve_panel_shows_the_households_so_far(as_member, member):
    serve = ServeFactory(site=SiteFactory(name="Central Square"), date=timezone.localdate())
    for kind in (Tap.Kind.HOUSEHOLD_NEW, Tap.Kind.HOUSEHOLD_RETURNING, Tap.Kind.FREE_STORE):
        TapFactory(serve=serve, kind=kind)
    ShiftFactory(serve=serve, volunteer=member)

    content = as_member.get(reverse("dashboard:home")).content.decode()

    assert "Tonight's serve" in content
    assert "2 households so far" in content
    assert "You are signed up for a shift." in content
    assert reverse("distribution:serve_detail", args=[serve.pk]) in content


def test_leads_see_low_stock_and_members_do_not(as_lead, as_member):
    StockInFactory(item=ItemFactory(name="Rice", low_stock_threshold=10), quantity=4)

    lead_page = as_lead.get(reverse("dashboard:home")).content.decode()
    member_page = as_member.get(reverse("dashboard:home")).content.decode()

    assert "Low stock" in lead_page
    assert "Rice</a>: 4" in lead_page
    assert "Low stock" not in member_page


def test_a_driver_sees_their_run_today(as_driver, driver):
    for _ in range(3):
        DeliveryRequestFactory(driver=driver, status="assigned", date=timezone.localdate())

    content = as_driver.get(reverse("dashboard:home")).content.decode()

    assert "3 deliveries to do." in content
    assert reverse("distribution:run") in content


def test_the_menu_shows_each_role_its_pages(as_member, as_lead, as_driver):
    member_page = as_member.get(reverse("dashboard:home")).content.decode()
    lead_page = as_lead.get(reverse("dashboard:home")).content.decode()
    driver_page = as_driver.get(reverse("dashboard:home")).content.decode()

    assert reverse("distribution:serve_list") in member_page
    assert reverse("distribution:stock") not in member_page
    assert reverse("distribution:delivery_board") in lead_page
    assert reverse("distribution:stock") in lead_page
    assert reverse("distribution:run") in driver_page
    assert reverse("distribution:delivery_board") not in driver_page
