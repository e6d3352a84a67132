"""seed_demo tells one story, and its texts agree with its figures (issue 17): the serve is
where the general body moved it, the minutes count who was there, the reports say what the
data shows, no text names a weekday the serve is not on, and what a bilingual organization
writes for everyone is in both languages."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from accounts import demo as accounts_demo
from committees import demo as committees_demo
from committees.models import Decision, Meeting, Proposal, WeeklyReport, WorkingGroup
from contacts.models import Contact, Conversation
from distribution import demo as distribution_demo
from distribution.models import (
    BagType,
    DeliveryRequest,
    Donation,
    Item,
    Purchase,
    Serve,
    Tap,
)

pytestmark = pytest.mark.django_db

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_serve_is_where_the_general_body_moved_it(seeded):
    today = timezone.localdate()
    general = Meeting.objects.get(title=committees_demo.GENERAL_BODY_TITLE)
    move = Decision.objects.get(proposal__title=committees_demo.SITE_MOVE_TITLE)
    moved_on = timezone.localtime(general.starts_at).date()
    assert move.meeting == general and move.outcome == "adopted"
    serves = Serve.objects.filter(date__lte=today)
    assert {s.site.name for s in serves.filter(date__lt=moved_on)} == {committees_demo.OLD_SITE}
    assert {s.site.name for s in serves.filter(date__gte=moved_on)} == {committees_demo.NEW_SITE}
    # Decided in the afternoon, before that evening's serve: the first at Elm Street.
    first = serves.filter(date=moved_on).get()
    assert timezone.localtime(general.ends_at).time() <= first.start_time
    assert f"Tonight's serve: {committees_demo.NEW_SITE}, 17:30." in seeded


def test_the_minutes_count_what_was_recorded(seeded):
    general = Meeting.objects.get(title=committees_demo.GENERAL_BODY_TITLE)
    move = Decision.objects.get(proposal__title=committees_demo.SITE_MOVE_TITLE)
    numbers = [int(n) for n in re.findall(r"\d+", general.minutes)]
    assert numbers == [
        general.attendances.count(),
        general.quorum_needed,
        move.votes_for,
        move.votes_against,
    ]


def test_the_reports_say_what_the_figures_show(seeded):
    today = timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    last_week = (this_monday - timedelta(days=7), this_monday - timedelta(days=1))
    week_before = (this_monday - timedelta(days=14), this_monday - timedelta(days=8))

    # Delivery: "the first delivery runs are this week", one driver: none before today.
    delivery = WeeklyReport.objects.get(group__name="Delivery")
    assert "first driver" in delivery.what_we_did
    assert not DeliveryRequest.objects.filter(date__lt=today).exists()
    assert DeliveryRequest.objects.filter(date=today).exists()

    # Collections, the week before last: a market pickup; rice, beans and oil bought with
    # that week's cash donation.
    assert Donation.objects.filter(kind="in_kind", received_on__range=week_before).exists()
    cash = Donation.objects.filter(kind="cash", received_on__range=week_before)
    bought = Purchase.objects.filter(purchased_on__range=week_before).get()
    assert sum(d.amount for d in cash) >= bought.amount
    names = set(bought.stock_movements.values_list("item__name", flat=True))
    assert {"Rice (2 lb)", "Black beans", "Cooking oil"} <= names
    # ... and last week, another market pickup.
    assert Donation.objects.filter(kind="in_kind", received_on__range=last_week).exists()

    # The member's comment on last week: "Fewer new contacts than last week: the serve moved
    # indoors."
    met = Contact.objects.filter
    assert met(first_met_on__range=last_week).count() < met(first_met_on__range=week_before).count()
    new = Tap.objects.filter(kind=Tap.Kind.HOUSEHOLD_NEW).filter
    assert new(serve__date__range=last_week).count() < new(serve__date__range=week_before).count()

    # Outreach, last week: "Three follow-ups are overdue".
    outreach = WeeklyReport.objects.get(group__name="Outreach", what_went_wrong__icontains="three")
    assert outreach
    overdue = [c for c in Conversation.objects.follow_ups_open() if c.follow_up_overdue]
    assert len(overdue) == 3
    assert not Conversation.objects.filter(follow_up_due__lt=F("held_on")).exists()


@pytest.mark.parametrize("today", [date(2027, 1, 6), date(2027, 1, 9)])  # a Wednesday, a Saturday
def test_no_text_names_a_weekday_the_serve_is_not_on(today, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    users = accounts_demo.seed()
    committees_demo.seed(users)
    distribution_demo.seed(users, today=today)
    texts = [*WorkingGroup.objects.values_list("purpose", flat=True)]
    texts += [p.title + " " + p.text for p in Proposal.objects.all()]
    texts += [d.reasoning for d in Decision.objects.all()]
    texts += [m.minutes for m in Meeting.objects.all()]
    texts += [
        " ".join((r.what_we_did, r.what_went_wrong, r.next_steps))
        for r in WeeklyReport.objects.all()
    ]
    other_days = set(WEEKDAYS) - {WEEKDAYS[today.weekday()]}
    # Saturday is the market's day, not the serve's: "Saturday market pickup" is fine.
    named = {day for text in texts for day in other_days if day in text}
    assert named <= {"Saturday"}, named


def test_what_everyone_reads_is_in_both_languages(seeded):
    assert all(item.name_es for item in Item.objects.all())
    assert all(bag.name_es for bag in BagType.objects.all())
    spanish = re.compile(r"[áéíóúñ¿¡]|\b(el|la|los|las|para|una|que)\b")
    for proposal in Proposal.objects.filter(
        title__in=[committees_demo.SITE_MOVE_TITLE, committees_demo.VAN_TITLE]
    ):
        assert spanish.search(proposal.text), proposal.title
    delivery = WeeklyReport.objects.get(group__name="Delivery")
    assert spanish.search(delivery.what_we_did) and spanish.search(delivery.next_steps)
