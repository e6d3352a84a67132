"""What the journeys share: the world they happen in (fixtures below), a 10 s step timeout,
and the list of pages checked with axe, written to test-artifacts/journeys-pages.txt for the
reviewer. They all run in the session's one Chromium."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from committees import services as committees
from committees.models import AgendaItem, Body
from core.weeks import Week
from summations import services as summations
from summations.models import Summation
from tests.browser.journeys.steps import PAGES_CHECKED
from tests.factories.accounts import UserFactory
from tests.factories.committees import MeetingFactory
from tests.factories.contacts import ContactFactory
from tests.factories.distribution import (
    BagContentFactory,
    BagTypeFactory,
    DeliveryRequestFactory,
    ItemFactory,
    ServeFactory,
    ShiftFactory,
    SiteFactory,
    StockInFactory,
)
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    GrievanceFactory,
    category,
)


@pytest.fixture(scope="session", autouse=True)
def _pages_checked_list():
    yield
    if PAGES_CHECKED:
        out = settings.BASE_DIR / "test-artifacts" / "journeys-pages.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(sorted(PAGES_CHECKED)) + "\n")


@pytest.fixture(autouse=True)
def _fail_fast(browser_page):
    """A step that cannot find its button fails in 10 s, not Playwright's default 30 s."""
    browser_page.set_default_timeout(10_000)


@pytest.fixture
def investigation():
    """Sites of struggle: Eagle Hill against Boston Realty leads with three people; Maverick
    Square against Harborview has two people (Luis twice, Pedro once), one short of the
    threshold, so it is watched. Rosa's own two grievances at Maverick are against the city."""
    eagle_hill = BaseAreaFactory(name="Eagle Hill Triple-Deckers")
    maverick = BaseAreaFactory(name="Maverick Square Apartments")
    landlord = AntagonistFactory(name="Harborview Property Management")
    realty = AntagonistFactory(name="Boston Realty")
    city = AntagonistFactory(name="City Inspectional Services")
    repairs, rent = category("Repairs"), category("Rent")
    rosa = ContactFactory(name="Rosa", base_area=maverick)
    for name in ("Marta", "Joe", "Ana"):
        contact = ContactFactory(name=name, base_area=eagle_hill)
        GrievanceFactory(base_area=eagle_hill, category=rent, contact=contact, antagonist=realty)
    luis = ContactFactory(name="Luis", base_area=maverick)
    pedro = ContactFactory(name="Pedro", base_area=maverick)
    for contact in (luis, luis, pedro):
        GrievanceFactory(base_area=maverick, category=repairs, contact=contact, antagonist=landlord)
    GrievanceFactory(base_area=maverick, category=repairs, contact=rosa, antagonist=city)
    GrievanceFactory(base_area=maverick, category=rent, contact=rosa, antagonist=city)
    return {"rosa": rosa, "maverick": maverick, "landlord": landlord, "repairs": repairs}


@pytest.fixture
def summation(settings, tmp_path):
    """Last week's summation, built with both PDFs; the week before's, already adopted."""
    settings.MEDIA_ROOT = tmp_path
    week = Week.last_completed(timezone.now())
    older = Summation.objects.create(year=week.previous.year, week=week.previous.week)
    Summation.objects.filter(pk=older.pk).update(state=Summation.State.ADOPTED)
    summations.summation_build_now(week=week)
    return Summation.objects.get(year=week.year, week=week.week)


@pytest.fixture
def general_body_meeting(coordinator, member, summation):
    """Under way now, with quorum (all four members present) and the summation's review on the
    agenda."""
    others = [UserFactory(display_name=name) for name in ("Ana", "Bo")]
    now = timezone.now()
    meeting = MeetingFactory(
        body=Body.GENERAL_BODY,
        title="Weekly general body",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(minutes=60),
    )
    committees.meeting_record_attendance(
        meeting=meeting, members=[coordinator, member, *others], by=coordinator
    )
    committees.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.SUMMATION_REVIEW,
        title="",
        proposal=None,
        iso_week=str(summation.period),
        by=coordinator,
    )
    return meeting


@pytest.fixture
def organizer():
    """Runs the serve table and records who they meet there: a lead who is also an
    investigator (so signs in with a second factor)."""
    return UserFactory(
        email="olga@example.org", display_name="Olga", is_lead=True, is_investigator=True
    )


@pytest.fixture
def groceries():
    """A grocery bag of two bags of rice, with rice in stock; and a no-cook bag."""
    rice = ItemFactory(name="Rice", unit="bag")
    StockInFactory(item=rice, quantity=20)
    bag = BagTypeFactory(name="Groceries", sort_order=1)
    BagContentFactory(bag_type=bag, item=rice, quantity=2)
    return bag


@pytest.fixture
def tonight(groceries):
    """Tonight's serve at Central Square; Ana signed up to volunteer."""
    serve = ServeFactory(site=SiteFactory(name="Central Square"), date=timezone.localdate())
    no_cook = BagTypeFactory(name="No-cook bag", sort_order=2)
    ana = UserFactory(email="ana@example.org", display_name="Ana")
    ShiftFactory(serve=serve, volunteer=ana)
    return {"serve": serve, "groceries": groceries, "no_cook": no_cook, "ana": ana}


@pytest.fixture
def deliveries(groceries):
    """Three requests for today on Bowdoin Street, not yet assigned."""
    return [
        DeliveryRequestFactory(
            contact=ContactFactory(name=name),
            address=address,
            bag_type=groceries,
            date=timezone.localdate(),
        )
        for name, address in (
            ("Rosa", "10 Bowdoin St, Apt 1"),
            ("Mei", "20 Bowdoin St"),
            ("Jean", "30 Bowdoin St"),
        )
    ]
