"""The demo data: a site, a schedule, past serves with counts, stock, donations and a day of
deliveries for driver@example.org; idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from distribution.models import (
    DeliveryRequest,
    Donation,
    Item,
    Schedule,
    Serve,
    Site,
    StockMovement,
    Tap,
)
from distribution.models.money import CashBalance

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_working_distribution_and_runs_twice(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        Site.objects.count(),
        Schedule.objects.count(),
        Serve.objects.count(),
        Tap.objects.count(),
        StockMovement.objects.count(),
        Donation.objects.count(),
        DeliveryRequest.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())

    assert counts == (
        Site.objects.count(),
        Schedule.objects.count(),
        Serve.objects.count(),
        Tap.objects.count(),
        StockMovement.objects.count(),
        Donation.objects.count(),
        DeliveryRequest.objects.count(),
    )
    today = timezone.localdate()
    assert Serve.objects.filter(date__lt=today, status="closed").count() == 4
    assert Serve.objects.filter(date__gte=today).count() == 4
    closed = Serve.objects.filter(status="closed").first()
    assert closed.taps.all().households()["total"] >= 38
    assert StockMovement.objects.filter(serve=closed).exists()
    run = DeliveryRequest.objects.filter(
        driver__email="driver@example.org", date=today, status="assigned"
    )
    assert run.count() == 5
    assert DeliveryRequest.objects.filter(status="requested").count() == 2
    assert all(item.level >= 0 for item in Item.objects.with_levels())
    balance = CashBalance.between()
    assert balance.balance == balance.cash_in - balance.cash_out
    assert str(balance.cash_in) == "750.00"
