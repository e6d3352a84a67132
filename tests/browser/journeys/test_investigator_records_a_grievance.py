"""Journey 3: an investigator, on a phone, signs in with a password and a code, records a
conversation and a grievance with a contact, sees the sites-of-struggle ranking change and
downloads it as CSV. A grievance sent without its category comes back with the error next to
the field and everything typed still there."""

import csv
import io

import pytest

from contacts.models import Conversation
from investigation.models import Grievance
from tests.browser.conftest import nav_to, open_filters
from tests.browser.journeys.steps import (
    arrive,
    error_next_to,
    fits_the_width,
    ranking,
    screenshots,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_investigator_records_a_grievance_and_the_ranking_changes(
    browser_page, live_server, investigator, investigation
):
    page = browser_page
    rosa, maverick = investigation["rosa"], investigation["maverick"]

    sign_in(page, live_server, investigator)
    nav_to(page, "Sites of struggle")
    page.wait_for_url("**/investigation/sites-of-struggle/")
    arrive(page)
    # Maverick Square against Harborview has two people: watched, not ranked.
    assert ranking(page) == [("Eagle Hill Triple-Deckers", "Boston Realty", "3")]
    screenshots(page, "journey3-sites-of-struggle-before")

    # Find Rosa among the contacts.
    nav_to(page, "Contacts")
    page.wait_for_url("**/contacts/")
    arrive(page)
    filters = open_filters(page)  # folded behind one "Filter" control on a phone
    filters.get_by_label("Name").fill("Rosa")
    # The search is a POST: a name never travels in a URL.
    with page.expect_navigation():
        filters.get_by_role("button", name="Filter").click()
    arrive(page)
    page.get_by_role("link", name="Rosa", exact=True).click()
    page.wait_for_url(f"**/contacts/{rosa.pk}/")
    arrive(page)
    screenshots(page, "journey3-contact")

    # A conversation at the serve.
    page.get_by_role("link", name="Record a conversation").click()
    page.wait_for_url(f"**/contacts/{rosa.pk}/conversations/new/")
    arrive(page)
    page.get_by_label("Where").select_option(Conversation.Channel.SERVE)
    page.get_by_label("Summary").fill("The boiler is out again; three units have no heat.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/contacts/{rosa.pk}/")
    arrive(page)
    assert page.get_by_text("Conversation recorded.").is_visible()
    assert page.get_by_text("The boiler is out again; three units have no heat.").is_visible()

    # A grievance, sent first without its category.
    page.get_by_role("link", name="Record a grievance").click()
    page.wait_for_url("**/investigation/grievances/new/?contact=*")
    arrive(page)
    assert page.get_by_label("Base area").input_value() == str(maverick.pk)
    page.get_by_label("Against").select_option(str(investigation["landlord"].pk))
    page.get_by_label("Description").fill("No heat since Monday in units 2, 4 and 6")
    page.get_by_label("3 · Urgent").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    arrive(page)
    assert error_next_to(page, "id_category") == "This field is required."
    assert page.get_by_label("Base area").input_value() == str(maverick.pk)
    assert page.get_by_label("Against").input_value() == str(investigation["landlord"].pk)
    assert (
        page.get_by_label("Description").input_value() == "No heat since Monday in units 2, 4 and 6"
    )
    assert page.get_by_label("3 · Urgent").is_checked()
    screenshots(page, "journey3-grievance-error")
    page.get_by_label("Category").select_option(str(investigation["repairs"].pk))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/contacts/{rosa.pk}/")
    arrive(page)
    assert page.get_by_text("Grievance recorded.").is_visible()
    grievance = Grievance.objects.latest("pk")
    assert (grievance.contact, grievance.base_area, grievance.severity) == (rosa, maverick, 3)

    # Rosa is a third person against Harborview: Maverick Square is ranked, and leads.
    nav_to(page, "Sites of struggle")
    page.wait_for_url("**/investigation/sites-of-struggle/")
    arrive(page)
    assert ranking(page) == [
        ("Maverick Square Apartments", "Harborview Property Management", "3"),
        ("Eagle Hill Triple-Deckers", "Boston Realty", "3"),
    ]
    assert fits_the_width(page)
    screenshots(page, "journey3-sites-of-struggle-after")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("sites-of-struggle-site-")
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert rows[0] == [
        "Base area",
        "Antagonist",
        "People",
        "Grievances",
        "Advanced or intermediate",
        "Mean severity",
        "Previous period",
        "Change",
        "To watch",
        "Popular committees",
        "Open demands",
        "Won demands",
    ]
    # The ranked sites, then the watched one: Rosa's two grievances against the city.
    assert [row[:4] for row in rows[1:]] == [
        ["Maverick Square Apartments", "Harborview Property Management", "3", "4"],
        ["Eagle Hill Triple-Deckers", "Boston Realty", "3", "3"],
        ["Maverick Square Apartments", "City Inspectional Services", "1", "2"],
    ]
    assert [row[8] for row in rows[1:]] == ["", "", "yes"]  # to watch
