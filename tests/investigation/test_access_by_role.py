"""Who reaches what: investigators and coordinators see contacts and grievances; leads, drivers
and members never reach a contact or a grievance record, only the aggregate ranking."""

import pytest
from django.urls import reverse

from tests.factories.contacts import ContactFactory
from tests.factories.investigation import GrievanceFactory
from tests.investigation.routes import ROUTES

pytestmark = pytest.mark.django_db

# The one page of these apps open to leads and plain members: counts only, no record, no name
# of a person. Drivers see nothing of the investigation, not even this.
AGGREGATE_PAGES = {"investigation:sites_of_struggle"}


def test_every_sica_page_is_walked():
    names = {name for name, _ in ROUTES}
    assert {"quick_add:add", "contacts:detail", "investigation:grievance_list"} <= names


@pytest.mark.parametrize("client_name", ["as_driver", "as_lead", "as_member"])
@pytest.mark.parametrize(("name", "path"), ROUTES)
def test_drivers_leads_and_members_never_reach_contacts_or_grievances(
    request, urls, client_name, name, path
):
    client = request.getfixturevalue(client_name)
    for method in (client.get, client.post):
        response = method(urls(name, path))
        if name in AGGREGATE_PAGES and client_name != "as_driver":
            assert response.status_code == 200
            continue
        assert response.status_code == 403, (client_name, name, response.status_code)


@pytest.mark.parametrize(("name", "path"), ROUTES)
def test_an_investigator_reaches_every_sica_page(as_investigator, urls, name, path):
    response = as_investigator.get(urls(name, path))
    if name == "contacts:follow_up_done":
        assert response.status_code == 405  # POST only
    elif name == "contacts:access_log":
        assert response.status_code == 403  # coordinators only
    else:
        assert response.status_code == 200, (name, response.status_code)


def test_a_member_sees_the_ranking_without_names_or_drill_down(as_member):
    GrievanceFactory(contact=ContactFactory(name="Rosa"))
    body = as_member.get(reverse("investigation:sites_of_struggle")).content.decode()
    assert "Rosa" not in body
    assert reverse("investigation:grievance_list") not in body


def test_the_menu_shows_investigation_entries_only_to_those_who_may_use_them(
    as_driver, as_investigator
):
    driver_menu = as_driver.get(reverse("dashboard:home")).content.decode()
    investigator_menu = as_investigator.get(reverse("dashboard:home")).content.decode()
    for url in (
        reverse("contacts:list"),
        reverse("investigation:grievance_list"),
        reverse("investigation:sites_of_struggle"),
    ):
        assert f'href="{url}"' not in driver_menu
        assert f'href="{url}"' in investigator_menu
