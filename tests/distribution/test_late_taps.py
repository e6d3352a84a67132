"""Nothing lost at closing: a tap that reaches the server after its serve was closed (a phone
without signal sent it later) is kept as late, with its time, and offered to the lead on the
closed serve's page; adding it counts it and takes its bag out of stock, once."""

import uuid

import pytest
from django.urls import reverse

from distribution import services
from distribution.models import Item, LateTap, StockMovement, Tap
from tests.distribution.conftest import tap_data

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def _level(item) -> int:
    return Item.objects.with_levels().get(pk=item.pk).level


@pytest.fixture
def closed(serve, lead, stocked):
    services.serve_close(serve=serve, by=lead)
    return serve


def test_a_tap_after_closing_is_kept_as_late_with_its_time_and_not_counted(
    as_member, closed, bag_types
):
    key = uuid.uuid4()
    data = tap_data(Tap.Kind.BAG, bag_type=bag_types["hygiene"], key=key)
    url = reverse("distribution:serve_tap", args=[closed.pk])

    first = as_member.post(url, data, **JSON)
    again = as_member.post(url, data, **JSON)  # the outbox sent it twice

    assert first.status_code == again.status_code == 409
    assert first.json()["late"] is True and first.json()["open"] is False
    late = LateTap.objects.get()
    assert (late.key, late.status, late.bag_type) == (key, "waiting", bag_types["hygiene"])
    assert late.arrived_at is not None
    assert closed.taps.all().totals() == {}


def test_the_lead_sees_late_taps_on_the_closed_serve_and_adding_one_counts_it_once(
    as_lead, as_member, closed, bag_types, stocked
):
    as_member.post(
        reverse("distribution:serve_tap", args=[closed.pk]),
        tap_data(Tap.Kind.BAG, bag_type=bag_types["hygiene"]),
        **JSON,
    )
    late = LateTap.objects.get()
    page = as_lead.get(reverse("distribution:serve_detail", args=[closed.pk])).content.decode()
    assert "Taps that arrived after closing" in page
    assert reverse("distribution:serve_late_tap", args=[closed.pk, late.pk]) in page
    soap = _level(stocked["soap"])

    url = reverse("distribution:serve_late_tap", args=[closed.pk, late.pk])
    added = as_lead.post(url, {"decision": "add"})
    twice = as_lead.post(url, {"decision": "add"})

    assert added.status_code == twice.status_code == 302
    late.refresh_from_db()
    assert late.status == "added" and late.decided_at is not None
    assert closed.taps.all().totals() == {f"bag:{bag_types['hygiene'].pk}": 1}
    assert _level(stocked["soap"]) == soap - 1  # once
    assert StockMovement.objects.filter(serve=closed, kind="serve").count() == 1
    page = as_lead.get(reverse("distribution:serve_detail", args=[closed.pk])).content.decode()
    assert "Taps that arrived after closing" not in page


def test_discarding_a_late_tap_counts_nothing_and_moves_no_stock(
    as_lead, closed, bag_types, stocked, member
):
    late = services.serve_tap_late(
        serve=closed,
        kind=Tap.Kind.BAG,
        bag_type=bag_types["groceries"],
        key=uuid.uuid4(),
        by=member,
    )
    rice = _level(stocked["rice"])

    response = as_lead.post(
        reverse("distribution:serve_late_tap", args=[closed.pk, late.pk]), {"decision": "discard"}
    )

    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == "discarded"
    assert closed.taps.all().totals() == {}
    assert _level(stocked["rice"]) == rice


def test_a_bad_decision_is_said_and_changes_nothing(as_lead, closed, member):
    late = services.serve_tap_late(
        serve=closed, kind=Tap.Kind.HOUSEHOLD_NEW, key=uuid.uuid4(), by=member
    )

    response = as_lead.post(
        reverse("distribution:serve_late_tap", args=[closed.pk, late.pk]),
        {"decision": "maybe"},
        follow=True,
    )

    assert "Choose to add or to discard the late tap." in response.content.decode()
    late.refresh_from_db()
    assert late.status == "waiting"


def test_a_counted_tap_resent_after_closing_is_not_kept_again(closed, member, lead):
    serve = closed
    key = uuid.uuid4()
    Tap.objects.create(serve=serve, kind=Tap.Kind.HOUSEHOLD_NEW, key=key, by=member)

    assert (
        services.serve_tap_late(serve=serve, kind=Tap.Kind.HOUSEHOLD_NEW, key=key, by=member)
        is None
    )
    assert LateTap.objects.count() == 0


def test_only_a_lead_decides_on_late_taps(as_member, closed, member):
    late = services.serve_tap_late(
        serve=closed, kind=Tap.Kind.HOUSEHOLD_NEW, key=uuid.uuid4(), by=member
    )

    response = as_member.post(
        reverse("distribution:serve_late_tap", args=[closed.pk, late.pk]), {"decision": "add"}
    )

    assert response.status_code == 403
    late.refresh_from_db()
    assert late.status == "waiting"
