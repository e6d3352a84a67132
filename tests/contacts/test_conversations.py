"""Conversations with contacts, follow-ups, the follow-ups-due list and the dashboard panel."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Conversation
from tests.contacts.queries import assert_fixed_queries
from tests.factories.contacts import ContactFactory, ConversationFactory

pytestmark = pytest.mark.django_db


def test_an_investigator_records_a_conversation_with_a_follow_up(as_investigator, investigator):
    contact = ContactFactory(name="Rosa")
    due = timezone.localdate() + timedelta(days=3)
    response = as_investigator.post(
        reverse("contacts:conversation_create", args=[contact.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "channel": "phone",
            "summary": "Rent going up in March",
            "follow_up_due": due.isoformat(),
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert (conversation.channel, conversation.summary) == ("phone", "Rent going up in March")
    assert conversation.organizer == investigator
    assert conversation.follow_up_by == investigator  # the organizer, when nobody is named
    assert conversation.follow_up_due == due


def test_a_follow_up_named_without_a_date_is_refused(as_investigator, coordinator):
    contact = ContactFactory(name="Rosa")
    response = as_investigator.post(
        reverse("contacts:conversation_create", args=[contact.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "channel": "serve",
            "summary": "Talked",
            "follow_up_by": coordinator.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["follow_up_due"] == ["Give a date for the follow-up."]
    assert Conversation.objects.count() == 0


def test_a_driver_cannot_record_a_conversation(as_driver):
    contact = ContactFactory(name="Rosa")
    response = as_driver.post(
        reverse("contacts:conversation_create", args=[contact.pk]),
        {"held_on": timezone.localdate().isoformat(), "channel": "serve", "summary": "x"},
    )
    assert response.status_code == 403
    assert Conversation.objects.count() == 0


def test_follow_ups_due_lists_the_organizers_own_due_and_overdue(investigator, coordinator):
    today = timezone.localdate()
    overdue = ConversationFactory(
        follow_up_due=today - timedelta(days=2), follow_up_by=investigator
    )
    due_today = ConversationFactory(follow_up_due=today, follow_up_by=investigator)
    ConversationFactory(follow_up_due=today + timedelta(days=5), follow_up_by=investigator)
    ConversationFactory(follow_up_due=today, follow_up_by=coordinator)
    ConversationFactory(
        follow_up_due=today, follow_up_by=investigator, follow_up_done_at=timezone.now()
    )
    due = Conversation.objects.follow_ups_due_for(investigator, on=today)
    assert set(due) == {overdue, due_today}


def test_the_follow_up_page_defaults_to_mine_and_due(as_investigator, investigator, coordinator):
    today = timezone.localdate()
    mine = ConversationFactory(
        contact=ContactFactory(name="Rosa"), follow_up_due=today, follow_up_by=investigator
    )
    ConversationFactory(
        contact=ContactFactory(name="Marta"), follow_up_due=today, follow_up_by=coordinator
    )
    response = as_investigator.get(reverse("contacts:follow_ups"))
    assert response.context["follow_ups"] == [mine]
    everyone = as_investigator.get(reverse("contacts:follow_ups"), {"follow_up_by": ""})
    assert len(everyone.context["follow_ups"]) == 2


def test_the_follow_up_page_runs_a_fixed_number_of_queries(as_investigator, investigator):
    today = timezone.localdate()
    assert_fixed_queries(
        as_investigator,
        reverse("contacts:follow_ups"),
        add_rows=lambda n: ConversationFactory.create_batch(
            n, follow_up_due=today, follow_up_by=investigator
        ),
        pin=12,
    )


def test_marking_a_follow_up_done_removes_it_from_the_list(as_investigator, investigator):
    conversation = ConversationFactory(
        follow_up_due=timezone.localdate(), follow_up_by=investigator
    )
    response = as_investigator.post(
        reverse("contacts:follow_up_done", args=[conversation.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:follow_ups")
    conversation.refresh_from_db()
    assert conversation.follow_up_done_at is not None


@pytest.mark.parametrize(
    ("next_url", "lands_on"), [("home", None), ("/contacts/?page=2", "/contacts/?page=2")]
)
def test_a_follow_up_returns_to_a_path_on_this_site_only(
    as_investigator, investigator, next_url, lands_on
):
    """`next` is a path, never a URL name: a word there used to answer 500."""
    conversation = ConversationFactory(
        follow_up_due=timezone.localdate(), follow_up_by=investigator
    )
    response = as_investigator.post(
        reverse("contacts:follow_up_done", args=[conversation.pk]), {"next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == (lands_on or reverse("contacts:follow_ups"))


def test_the_dashboard_shows_my_follow_ups_due(as_investigator, investigator):
    ConversationFactory(
        contact=ContactFactory(name="Rosa"),
        follow_up_due=timezone.localdate() - timedelta(days=1),
        follow_up_by=investigator,
    )
    response = as_investigator.get(reverse("dashboard:home"))
    body = response.content.decode()
    assert "My follow-ups due" in body
    assert "Rosa" in body


def test_the_dashboard_runs_a_fixed_number_of_queries(as_investigator, investigator):
    assert_fixed_queries(
        as_investigator,
        reverse("dashboard:home"),
        add_rows=lambda n: ConversationFactory.create_batch(
            n, follow_up_due=timezone.localdate(), follow_up_by=investigator
        ),
        pin=11,  # 10, and distribution's tonight's-serve panel
    )


def test_a_driver_dashboard_has_no_follow_ups_panel(as_driver):
    response = as_driver.get(reverse("dashboard:home"))
    assert "My follow-ups due" not in response.content.decode()
