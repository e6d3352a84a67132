"""Every section runs a fixed number of queries, whatever the history: the same for 2 weeks of
data as for 30 weeks of it (the 12 weeks of a trend come from one grouped query)."""

from datetime import timedelta

import pytest

from committees.models import (
    Attendance,
    Body,
    Decision,
    Meeting,
    Membership,
    Outcome,
    Proposal,
    Scope,
    VoteRule,
    WeeklyReport,
    WorkingGroup,
)
from contacts.models import DevelopmentAssessment
from core.weeks import Week
from distribution.models import Donation, Purchase, Reimbursement, StockMovement, Tap
from investigation.models import Campaign, CampaignAction, Demand
from investigation.ranking import ranking_changed
from summations import sections
from tests.factories.accounts import UserFactory
from tests.factories.contacts import ConversationFactory, development_level
from tests.factories.distribution import (
    BagTypeFactory,
    DeliveryRequestFactory,
    ItemFactory,
    ServeFactory,
    ShiftFactory,
    TapFactory,
)
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    GrievanceFactory,
    category,
)
from tests.summations.conftest import WEEK, local, make_contact

# How many queries each section runs (its docstring says which).
EXPECTED = {
    "distribution_section": 6,
    "collections_section": 5,
    "handouts_section": 3,
    "cost_section": 5,
    "ratios_section": 6,
    "contacts_section": 3,
    # The sites by people, their committees, and the area tree for each rolled-up ranking.
    "investigation_section": 12,
    # The area tree, the ranking's base areas (its own tree and aggregate), contacts met, the
    # sites' names.
    "reach_section": 5,
    "organizing_section": 6,
    "reports_section": 2,
    "decisions_section": 2,
    "members_section": 3,
}


def seed_weeks(weeks: int, tag: str = "") -> None:
    """A little of everything in each of `weeks` weeks, ending with WEEK."""
    levels = [development_level(n) for n in ("Backward", "Intermediate", "Advanced")]
    categories = [category(n) for n in ("Rent", "Repairs", "Unpaid wages")]
    for n in range(weeks):
        week = Week.of(WEEK.monday - timedelta(weeks=n))
        tuesday = week.monday + timedelta(days=1)
        area = BaseAreaFactory(name=f"Building {week}{tag}")
        antagonist = AntagonistFactory(name=f"Landlord {week}{tag}")
        contacts = [
            make_contact(at=local(tuesday.year, tuesday.month, tuesday.day, 18, i), base_area=area)
            for i in range(3)
        ]
        ConversationFactory(contact=contacts[0], held_on=tuesday)
        ConversationFactory(
            contact=contacts[1],
            held_on=tuesday,
            follow_up_due=tuesday + timedelta(days=3),
            follow_up_done_at=local(tuesday.year, tuesday.month, tuesday.day, 20, 0),
        )
        ConversationFactory(contact=contacts[2], held_on=tuesday, follow_up_due=tuesday)
        DevelopmentAssessment.objects.create(
            contact=contacts[0], level=levels[1], previous_level=levels[0], assessed_on=tuesday
        )
        DevelopmentAssessment.objects.create(
            contact=contacts[1], level=levels[0], previous_level=levels[2], assessed_on=tuesday
        )
        for i, contact in enumerate(contacts):
            GrievanceFactory(
                base_area=area,
                contact=contact,
                antagonist=antagonist,
                category=categories[i],
                recorded_on=tuesday,
            )
        campaign = Campaign.objects.create(
            name=f"Committee {week}{tag}", base_area=area, antagonist=antagonist, started_on=tuesday
        )
        Demand.objects.create(campaign=campaign, text="Won", status="won", decided_on=tuesday)
        Demand.objects.create(campaign=campaign, text="Lost", status="lost", decided_on=tuesday)
        CampaignAction.objects.create(campaign=campaign, kind="meeting", held_on=tuesday, turnout=7)
        group = WorkingGroup.objects.create(name=f"Group {week}{tag}")
        Membership.objects.create(group=group, user=UserFactory(), is_lead=True)
        WeeklyReport.objects.create(group=group, iso_week=str(week), what_we_did="The work.")
        proposal = Proposal.objects.create(
            title=f"Decision {week}{tag}", scope=Scope.OPERATIONAL, group=group
        )
        Decision.objects.create(
            proposal=proposal,
            body=Body.WORKING_GROUP,
            group=group,
            decided_on=tuesday,
            vote_rule=VoteRule.LEAD,
            outcome=Outcome.ADOPTED,
            reasoning="Because.",
        )
        seed_distribution(week, group, contacts[0], tag)


def seed_distribution(week: Week, group: WorkingGroup, contact, tag: str) -> None:
    monday = week.monday
    at = local(monday.year, monday.month, monday.day, 17, 0)
    bag = BagTypeFactory(name=f"Bag {week}{tag}")
    item = ItemFactory(name=f"Item {week}{tag}")
    serve = ServeFactory(date=monday, status="closed", working_group=group)
    for kind in (Tap.Kind.HOUSEHOLD_NEW, Tap.Kind.HOUSEHOLD_RETURNING, Tap.Kind.FREE_STORE):
        TapFactory(serve=serve, kind=kind)
    TapFactory(serve=serve, kind=Tap.Kind.BAG, bag_type=bag)
    seed_handouts(serve, tag)
    volunteer = UserFactory()
    ShiftFactory(
        serve=serve,
        volunteer=volunteer,
        working_group=group,
        checked_in_at=at,
        checked_out_at=at + timedelta(hours=2),
    )
    driver = UserFactory(is_driver=True)
    for status, reason in (("delivered", ""), ("failed", "no_answer")):
        DeliveryRequestFactory(
            contact=contact,
            bag_type=bag,
            status=status,
            driver=driver,
            failure_reason=reason,
            date=monday,
            finished_at=at,
        )
    StockMovement.objects.create(item=item, kind="donation", quantity=30, occurred_on=monday)
    StockMovement.objects.create(item=item, kind="serve", quantity=-12, occurred_on=monday)
    Donation.objects.create(kind="cash", source="neighbour", amount=50, received_on=monday)
    Purchase.objects.create(vendor="Market", amount=40, purchased_on=monday)
    Purchase.objects.create(vendor="Shop", amount=10, purchased_on=monday, paid_by=volunteer)
    Reimbursement.objects.create(volunteer=volunteer, amount=10, paid_on=monday)
    meeting = Meeting.objects.create(
        body=Body.WORKING_GROUP,
        group=group,
        starts_at=at + timedelta(days=1),
        ends_at=at + timedelta(days=1, hours=1),
        place="Room",
    )
    Attendance.objects.create(meeting=meeting, member=volunteer)


@pytest.mark.django_db
@pytest.mark.parametrize("section_for", sections.SECTIONS, ids=lambda f: f.__name__)
def test_a_section_runs_the_same_queries_for_2_weeks_of_data_as_for_30(
    section_for, django_assert_num_queries
):
    expected = EXPECTED[section_for.__name__]
    seed_weeks(2)
    with django_assert_num_queries(expected):
        small = section_for(WEEK)
    assert small.figures or small.tables or small.writings  # it found the data

    seed_weeks(30, tag=" (more)")
    # The factories bypass the services that tell the ranking's cache about new grievances.
    ranking_changed()
    with django_assert_num_queries(expected):
        section_for(WEEK)


def test_every_section_has_its_query_count_pinned():
    assert {f.__name__ for f in sections.SECTIONS} == set(EXPECTED)


def seed_handouts(serve, tag: str) -> None:
    """A handout with a current version, and copies of it given out at `serve`."""
    from handouts.models import Handout, HandoutTap, HandoutVersion

    handout = Handout.objects.create(kind="statement")
    proposal = Proposal.objects.create(title=f"Adopt a handout {serve.date}{tag}", scope="steering")
    meeting = Meeting.objects.create(
        body=Body.GENERAL_BODY,
        starts_at=serve.starts_at,
        ends_at=serve.ends_at,
        place="Hall",
        quorum_needed=0,
    )
    decision = Decision.objects.create(
        proposal=proposal,
        body=Body.GENERAL_BODY,
        meeting=meeting,
        decided_on=serve.date,
        vote_rule=VoteRule.MAJORITY,
        outcome=Outcome.ADOPTED,
        reasoning="Ours.",
    )
    version = HandoutVersion.objects.create(
        handout=handout,
        number=1,
        title_en="We never ask for ID",
        title_es="Nunca pedimos identificación",
        body_en="Nobody.",
        body_es="Nadie.",
        proposal=proposal,
        adoption_decision=decision,
        adopted_on=serve.date,
        is_current=True,
    )
    for language in ("en", "es", "es"):
        HandoutTap.objects.create(serve=serve, handout=handout, version=version, language=language)
