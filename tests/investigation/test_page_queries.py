"""Every page of contacts and investigation, forms included, runs the same number of queries with
two and with twelve of everything it shows. (Each list also has its own test, 2 rows vs 30.)"""

import pytest
from django.utils import timezone

from contacts.services import contact_access_record
from investigation.models import InvestigationNote
from tests.contacts.queries import queries_for
from tests.factories.contacts import ContactFactory, ConversationFactory
from tests.factories.investigation import (
    AntagonistFactory,
    BaseAreaFactory,
    CampaignFactory,
    GrievanceFactory,
)
from tests.investigation.routes import ROUTES

pytestmark = pytest.mark.django_db
NOT_PAGES = {"contacts:follow_up_done"}  # POST only
PIN = 16


def _more_of_everything(n: int, objects, coordinator) -> None:
    contact, grievance, campaign = objects["contact"], objects["grievance"], objects["campaign"]
    area = grievance.base_area
    today = timezone.localdate()
    for _ in range(n):
        other = ContactFactory(base_area=area)
        ConversationFactory(contact=contact, follow_up_due=today, follow_up_by=coordinator)
        more = GrievanceFactory(base_area=area, contact=other, antagonist=AntagonistFactory())
        GrievanceFactory(base_area=area, contact=contact, antagonist=more.antagonist)
        BaseAreaFactory(parent=area)
        InvestigationNote.objects.create(base_area=area, aspect="objective", text="rents up")
        CampaignFactory(base_area=area)
        demand = campaign.demands.create(text="More")
        demand.grievances.add(more)
        campaign.actions.create(kind="meeting", turnout=3)
        campaign.contacts.add(other)
        contact_access_record(contact=contact, by=coordinator, action="viewed")
    objects["demand"].grievances.add(*area.grievances.all()[:n])


@pytest.mark.parametrize(("name", "path"), [r for r in ROUTES if r[0] not in NOT_PAGES])
def test_the_page_does_not_run_more_queries_with_more_data(
    as_coordinator, coordinator, urls, name, path
):
    url = urls(name, path)
    as_coordinator.get(url)  # warm the session
    _more_of_everything(2, urls.objects, coordinator)
    few = queries_for(as_coordinator, url)
    _more_of_everything(10, urls.objects, coordinator)
    many = queries_for(as_coordinator, url)
    assert few == many, f"{name}: {few} queries before, {many} after"
    assert many <= PIN, f"{name}: {many} queries"
