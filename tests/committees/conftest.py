"""Two working groups led by different leads, and helpers to hold meetings."""

import pytest
from django.utils import timezone

from committees import services
from committees.models import Body
from tests.factories.committees import MeetingFactory, MembershipFactory, WorkingGroupFactory


@pytest.fixture
def delivery(lead, driver):
    """Delivery, led by `lead`, with `driver` as a member."""
    group = WorkingGroupFactory(name="Delivery")
    MembershipFactory(group=group, user=lead, is_lead=True)
    MembershipFactory(group=group, user=driver, is_lead=False)
    return group


@pytest.fixture
def outreach(other_lead, member):
    """Outreach, led by `other_lead`, with `member` as a member."""
    group = WorkingGroupFactory(name="Outreach")
    MembershipFactory(group=group, user=other_lead, is_lead=True)
    MembershipFactory(group=group, user=member, is_lead=False)
    return group


def hold_meeting(*, body: str, group=None, present=(), by, day=None, **fields):
    """A meeting today (or on `day`) with `present` recorded as attending."""
    day = day or timezone.localdate()
    from tests.factories.committees import at

    meeting = MeetingFactory(body=body, group=group, starts_at=at(day), **fields)
    if present:
        services.meeting_record_attendance(meeting=meeting, members=list(present), by=by)
        meeting.refresh_from_db()
    return meeting


@pytest.fixture
def general_body():
    def make(*, present, by, **fields):
        return hold_meeting(body=Body.GENERAL_BODY, present=present, by=by, **fields)

    return make


@pytest.fixture
def queries(django_assert_max_num_queries):
    """`queries(client, url, limit)`: GET the page (200) within `limit` queries; returns how
    many it ran, to compare a page with 2 rows and with 30. A first, unmeasured request lets
    the session settle (the first request after signing in saves it)."""

    def run(client, url: str, limit: int) -> int:
        client.get(url)
        with django_assert_max_num_queries(limit) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(captured.captured_queries)

    return run
