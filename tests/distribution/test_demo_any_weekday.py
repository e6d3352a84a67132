"""seed_demo on any weekday: tonight is a serve and the driver has a run; run again, it says
what it left in place (issue 17)."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from accounts import demo as accounts_demo
from distribution import demo as distribution_demo
from distribution.models import DeliveryRequest, Serve

pytestmark = pytest.mark.django_db

MONDAY = date(2027, 1, 4)


@pytest.mark.parametrize("days", range(7))
def test_every_weekday_has_a_serve_tonight_and_a_run_for_the_driver(days):
    day = MONDAY + timedelta(days=days)
    users = accounts_demo.seed()
    counts = distribution_demo.seed(users, today=day)
    assert counts["serve_tonight"].date == day
    assert Serve.objects.filter(date=day, status="open").count() == 1
    run = DeliveryRequest.objects.filter(driver=users["driver"], date=day, status="assigned")
    assert run.count() == 5 == counts["deliveries_today"]
    assert counts["serves_closed"] == 4  # the four weeks before, on the same weekday


def test_run_again_the_next_day_it_adds_a_serve_and_says_what_it_kept():
    users = accounts_demo.seed()
    distribution_demo.seed(users, today=MONDAY)
    counts = distribution_demo.seed(users, today=MONDAY + timedelta(days=2))  # a Wednesday
    assert counts["serve_tonight"].date == MONDAY + timedelta(days=2)
    assert counts["serve_tonight"].schedule is None  # a one-off serve, off the schedule's day
    assert counts["serves_already_closed"] == 4 and counts["serves_closed"] == 1  # Monday's
    again = distribution_demo.seed(users, today=MONDAY + timedelta(days=2))
    assert again["serve_tonight"] == counts["serve_tonight"]
    assert (again["deliveries_today"], again["deliveries_already_today"]) == (0, 5)


def test_the_command_run_twice_says_what_it_left_in_place(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert "0 past serves" not in text
    assert "4 past serves already there, left as they were" in text
    assert "5 of today's deliveries left in place" in text
    assert "Tonight's serve: Elm Street Community Center, 17:30." in text


def test_the_demos_reports_agree_with_its_figures(settings):
    from django.db.models import F

    from committees.models import WeeklyReport
    from contacts.models import Conversation, DevelopmentAssessment

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert not Conversation.objects.filter(held_on__lt=F("contact__first_met_on")).exists()
    assert not DevelopmentAssessment.objects.filter(
        assessed_on__lt=F("contact__first_met_on")
    ).exists()
    delivery_report = WeeklyReport.objects.get(group__name="Delivery")
    assert "Twelve deliveries" not in delivery_report.what_we_did
    assert not DeliveryRequest.objects.filter(date__lt=date.today()).exists()  # none last week
