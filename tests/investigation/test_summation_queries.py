"""The QuerySet methods the summation reads, named for what they return (dates inclusive)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contacts.models import Contact, Conversation
from investigation.models import Campaign, CampaignAction, Demand, Grievance
from tests.factories.contacts import ContactFactory, ConversationFactory
from tests.factories.investigation import CampaignFactory, GrievanceFactory

pytestmark = pytest.mark.django_db
BOSTON = ZoneInfo("America/New_York")
WEEK = (date(2025, 3, 3), date(2025, 3, 9))


def test_contacts_created_between_two_dates():
    inside = ContactFactory(name="Rosa")
    before = ContactFactory(name="Earlier")
    Contact.objects.filter(pk=inside.pk).update(
        created_at=datetime(2025, 3, 9, 23, 30, tzinfo=BOSTON)
    )
    Contact.objects.filter(pk=before.pk).update(
        created_at=datetime(2025, 3, 2, 23, 0, tzinfo=BOSTON)
    )
    assert list(Contact.objects.created_between(*WEEK)) == [inside]


def test_grievances_recorded_between_two_dates():
    inside = GrievanceFactory(recorded_on=date(2025, 3, 3))
    GrievanceFactory(recorded_on=date(2025, 3, 10))
    assert list(Grievance.objects.recorded_between(*WEEK)) == [inside]


def test_conversations_campaigns_demands_and_turnout_between_two_dates():
    ConversationFactory(held_on=date(2025, 3, 4))
    ConversationFactory(held_on=date(2025, 2, 4))
    campaign = CampaignFactory(started_on=date(2025, 3, 5))
    CampaignFactory(started_on=date(2025, 1, 5))
    Demand.objects.create(campaign=campaign, text="a", status="won", decided_on=date(2025, 3, 8))
    Demand.objects.create(campaign=campaign, text="b", status="lost", decided_on=date(2025, 3, 8))
    Demand.objects.create(campaign=campaign, text="c", status="won", decided_on=date(2025, 4, 8))
    for held_on, turnout in (
        (date(2025, 3, 6), 14),
        (date(2025, 3, 9), 63),
        (date(2025, 3, 9) + timedelta(days=1), 9),
    ):
        CampaignAction.objects.create(
            campaign=campaign, kind="meeting", held_on=held_on, turnout=turnout
        )
    assert Conversation.objects.held_between(*WEEK).count() == 1
    assert list(Campaign.objects.formed_between(*WEEK)) == [campaign]
    assert [d.text for d in Demand.objects.won_between(*WEEK)] == ["a"]
    assert CampaignAction.objects.held_between(*WEEK).turnout_total() == 77
