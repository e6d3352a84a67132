"""Several phones tapping one serve at once, on real PostgreSQL: no count is lost, a retried
tap is counted once, and closing the serve mid-tapping neither loses nor adds a tap.

Each "phone" is a thread with its own test client, session and database connection."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from distribution import services
from distribution.models import Item, Serve, StockMovement, Tap
from tests.distribution.conftest import JSON, tap_data
from tests.factories.accounts import UserFactory
from tests.factories.distribution import StockInFactory

PHONES = 4
TAPS_PER_PHONE = 50
RETRY_EVERY = 10  # every tenth tap is sent a second time, as after a lost answer


def _phone(user, serve, kinds, barrier, *, retry=True) -> dict[str, int]:
    """Tap through `kinds` in turn; return what was sent and what the server answered."""
    client = Client()
    client.force_login(user)
    url = reverse("distribution:serve_tap", args=[serve.pk])
    sent = accepted = refused = 0
    try:
        barrier.wait()
        for i in range(TAPS_PER_PHONE):
            kind, bag_type = kinds[i % len(kinds)]
            data = tap_data(kind, bag_type=bag_type, key=uuid.uuid4(), device=f"phone-{user.pk}")
            response = client.post(url, data, **JSON)
            sent += 1
            if response.status_code == 200:
                accepted += 1
            elif response.status_code == 409:
                refused += 1
            else:
                raise AssertionError(response.status_code)
            if retry and i % RETRY_EVERY == 0:
                assert client.post(url, data, **JSON).status_code in (200, 409)
    finally:
        connection.close()
    return {"sent": sent, "accepted": accepted, "refused": refused}


@pytest.mark.django_db(transaction=True)
def test_phones_tapping_at_once_lose_no_count(serve, bag_types, capsys):
    phones = [UserFactory(email=f"phone{n}@example.org") for n in range(PHONES)]
    kinds = [
        (Tap.Kind.HOUSEHOLD_NEW, None),
        (Tap.Kind.BAG, bag_types["groceries"]),
        (Tap.Kind.HOUSEHOLD_RETURNING, None),
        (Tap.Kind.BAG, bag_types["no_cook"]),
        (Tap.Kind.BAG, bag_types["hygiene"]),
    ]
    barrier = threading.Barrier(PHONES)

    with ThreadPoolExecutor(PHONES) as pool:
        results = list(pool.map(lambda user: _phone(user, serve, kinds, barrier), phones))

    sent = sum(r["sent"] for r in results)
    counted = Tap.objects.filter(serve=serve).counted().count()
    totals = serve.taps.all().totals()
    with capsys.disabled():
        print(
            f"\n[concurrency] {PHONES} phones at once: taps sent {sent} "
            f"(+{sent // RETRY_EVERY} retries of the same key), taps counted {counted}"
        )
    assert sent == PHONES * TAPS_PER_PHONE == 200
    assert counted == sent
    assert sum(totals.values()) == sent
    assert totals["household_new"] == PHONES * 10
    assert totals[f"bag:{bag_types['groceries'].pk}"] == PHONES * 10


@pytest.mark.django_db(transaction=True)
def test_closing_while_phones_tap_takes_out_exactly_the_counted_bags(
    serve, bag_types, stocked, lead, capsys
):
    StockInFactory(item=stocked["soap"], quantity=200)  # 300 bars: enough for every tap
    phones = [UserFactory(email=f"phone{n}@example.org") for n in range(PHONES)]
    kinds = [(Tap.Kind.BAG, bag_types["hygiene"])]
    barrier = threading.Barrier(PHONES + 1)

    def close_midway():
        try:
            barrier.wait()
            while Tap.objects.filter(serve=serve).count() < PHONES * TAPS_PER_PHONE // 2:
                pass
            services.serve_close(serve=Serve.objects.get(pk=serve.pk), by=lead)
        finally:
            connection.close()

    with ThreadPoolExecutor(PHONES + 1) as pool:
        closer = pool.submit(close_midway)
        results = list(
            pool.map(lambda user: _phone(user, serve, kinds, barrier, retry=False), phones)
        )
        closer.result()

    accepted = sum(r["accepted"] for r in results)
    refused = sum(r["refused"] for r in results)
    soap_out = -sum(
        StockMovement.objects.filter(serve=serve, item=stocked["soap"]).values_list(
            "quantity", flat=True
        )
    )
    with capsys.disabled():
        print(
            f"\n[concurrency] close mid-tapping: taps sent {accepted + refused}, "
            f"counted {accepted}, refused as closed {refused}, soap out of stock {soap_out}"
        )
    assert accepted + refused == PHONES * TAPS_PER_PHONE
    assert refused > 0
    assert Tap.objects.filter(serve=serve).count() == accepted
    assert soap_out == accepted
    assert Item.objects.with_levels().get(pk=stocked["soap"].pk).level == 300 - accepted


@pytest.mark.django_db(transaction=True)
def test_many_threads_through_the_service_lose_no_count(serve, member):
    threads, per_thread = 8, 60
    barrier = threading.Barrier(threads)

    def work(n):
        try:
            barrier.wait()
            for _ in range(per_thread):
                services.serve_tap(
                    serve=serve, kind=Tap.Kind.HOUSEHOLD_NEW, key=uuid.uuid4(), by=member
                )
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(threads)))

    assert serve.taps.all().totals() == {"household_new": threads * per_thread}
