"""Summation tests write PDFs: each test gets its own MEDIA_ROOT. Helpers create the skeleton
models (contacts, base areas) at a chosen moment, since their own factories belong to their
apps."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from contacts.models import BaseArea, Contact
from core.weeks import Week, organization_tz

WEEK = Week(2026, 46)  # Monday 9 to Sunday 15 November 2026


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def local(*args) -> datetime:
    """A moment in the organization's time zone."""
    return datetime(*args, tzinfo=organization_tz())


def make_contact(*, at: datetime, base_area=None, name="Ana", **fields) -> Contact:
    contact = Contact.objects.create(name=name, base_area=base_area, **fields)
    Contact.objects.filter(pk=contact.pk).update(created_at=at)
    return contact


def make_area(name: str) -> BaseArea:
    return BaseArea.objects.create(name=name, kind=BaseArea.Kind.BUILDING)


def stored_section(summation, key: str) -> dict:
    """A section of a summation's snapshot, by its key."""
    return next(s for s in summation.figures["sections"] if s["key"] == key)


def review_meeting(week: Week, *, by, starts_at=None, present=None):
    """A general body meeting (begun an hour ago unless told) whose agenda reviews `week`'s
    summation, with attendance recorded: every active member present unless told. Returns
    (meeting, review agenda item); the item's proposal is "Adopt the summation of week N"."""
    from accounts.models import User
    from committees import services as committees
    from committees.models import AgendaItem, Body

    starts_at = starts_at or timezone.now() - timedelta(hours=1)
    meeting = committees.meeting_schedule(
        body=Body.GENERAL_BODY,
        group=None,
        title="General body",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Elm Street Community Center",
        by=by,
    )
    members = present if present is not None else list(User.objects.filter(is_active=True))
    committees.meeting_record_attendance(meeting=meeting, members=members, by=by)
    item = committees.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.SUMMATION_REVIEW,
        title="",
        proposal=None,
        iso_week=str(week),
        by=by,
    )
    return meeting, item


def decide_adoption(meeting, item, *, by, votes_for=None, votes_against=()):
    """Record the general body's decision on the review item's proposal: everyone present
    votes for unless told."""
    from committees import services as committees
    from committees.models import VoteChoice

    present = list(meeting.attendances.values_list("member_id", flat=True))
    voters_for = (
        votes_for
        if votes_for is not None
        else [pk for pk in present if pk not in {m.pk for m in votes_against}]
    )
    votes = {f"m{pk}": VoteChoice.FOR for pk in voters_for}
    votes.update({f"m{m.pk}": VoteChoice.AGAINST for m in votes_against})
    return committees.decision_record_at_meeting(
        proposal=item.proposal,
        meeting=meeting,
        votes=votes,
        reasoning="The figures match what the groups reported.",
        by=by,
    )
