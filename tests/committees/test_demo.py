"""The quick start's demo: four working groups, spokes, a general body meeting with quorum,
and a decision log that knows what was decided about the site. Seeding twice changes nothing."""

import pytest

from accounts import demo as accounts_demo
from committees import demo
from committees.models import (
    ActionItem,
    Body,
    Decision,
    Meeting,
    Scope,
    Spoke,
    WeeklyReport,
    WorkingGroup,
)

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_committees_and_is_idempotent():
    users = accounts_demo.seed()
    demo.seed(users)
    counts = [
        m.objects.count()
        for m in (WorkingGroup, Spoke, Meeting, Decision, ActionItem, WeeklyReport)
    ]
    demo.seed(accounts_demo.seed())

    assert [
        m.objects.count()
        for m in (WorkingGroup, Spoke, Meeting, Decision, ActionItem, WeeklyReport)
    ] == counts
    assert sorted(WorkingGroup.objects.values_list("name", flat=True)) == [
        "Collections",
        "Delivery",
        "Distribution",
        "Outreach",
    ]
    assert Spoke.objects.count() == 4
    general = Meeting.objects.get(title=demo.GENERAL_BODY_TITLE)
    assert general.has_quorum(general.attendances.count())
    about_the_site = Decision.objects.filter(proposal__title__icontains="site")
    assert about_the_site.count() == 2  # the general body's move, and Delivery's departures
    site = about_the_site.get(proposal__scope=Scope.STEERING)
    assert (site.proposal.scope, site.body, site.meeting) == (
        Scope.STEERING,
        Body.GENERAL_BODY,
        general,
    )
    assert Decision.objects.filter(body=Body.SPOKES_COUNCIL).count() == 1
    assert Decision.objects.filter(body=Body.WORKING_GROUP, vote_rule="lead").count() == 1
