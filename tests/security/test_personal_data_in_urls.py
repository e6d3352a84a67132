"""No personal data in a URL: paths carry ids and tokens only, no page has a GET form that
would put a name, a phone or an address in a query string (web server logs, browser history
and the Referer header keep URLs), and what a form redirects to carries ids only."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories.investigation import BaseAreaFactory, category
from tests.security.matrix import MATRIX, url_names

# What a path parameter may be: an id, a secret token (the link is the credential), a week, a
# run's day (a date), a language code. Never a name, a phone or an email address.
# A handout version's number and a print layout name a text the organization publishes.
PATH_PARAMETERS = {
    "pk",
    "demand_pk",
    "action_pk",
    "late_pk",
    "token",
    "uidb36",
    "key",
    "iso_week",
    "day",
    "language",
    "number",
    "layout",
}

# Field names that hold a person's data (a contact's or a member's).
PERSONAL_FIELDS = {
    "name",
    "display_name",
    "phone",
    "address",
    "email",
    "login",
    "notes",
    "dietary_needs",
    "summary",
    "description",
    "q",
}
# GET filters that search places and antagonists by name (a building, a landlord company):
# not a person served by the organization.
NOT_A_PERSON = {
    "investigation:base_area_list": {"name"},
    "investigation:antagonist_list": {"name"},
    "committees:decision_log": {"q"},  # searches decisions' titles and reasoning
}


class _GetForms(HTMLParser):
    """The names of the fields inside every form that submits with GET."""

    def __init__(self):
        super().__init__()
        self.in_get_form = False
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self.in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_get_form = False


def test_paths_carry_ids_and_tokens_only():
    parameters = {
        (name, parameter)
        for name, pattern in url_names().items()
        for parameter in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
    }
    found = {(name, p[0] or p[1]) for name, p in parameters}
    assert {(name, p) for name, p in found if p not in PATH_PARAMETERS} == set()


PAGES = sorted({(e.name, e.obj) for e in MATRIX if e.get and 200 in e.get}, key=str)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "obj"), PAGES, ids=[f"{n}[{o}]" for n, o in PAGES])
def test_no_page_has_a_get_form_for_personal_data(name, obj, client_for, build_object):
    client = client_for("coordinator")  # sees every page
    response = client.get(reverse(name, kwargs=build_object(obj)))
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return
    parser = _GetForms()
    parser.feed(response.content.decode())
    personal = parser.names & (PERSONAL_FIELDS - NOT_A_PERSON.get(name, set()))
    assert personal == set(), f"{name}: a GET form would put {personal} in the URL"


@pytest.mark.django_db
def test_recording_someone_redirects_to_ids_only(client_for):
    client = client_for("investigator")
    area = BaseAreaFactory(name="Quillmont")
    response = client.post(
        reverse("quick_add:add") + "?serve=12",
        {
            "name": "Zuleika",
            "phone": "617-555-0173",
            "language": "es",
            "base_area": area.pk,
            "summary": "Heat is out",
            "serve": "12",
            "g1_category": category("Utilities").pk,
            "g1_antagonist": "Quillmont Realty",
            "g1_severity": "3",
            "g2_severity": "2",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("quick_add:add") + "?serve=12"
    response = client.post(
        reverse("contacts:create"),
        {"name": "Marta", "phone": "617-555-0174", "reach": "any", "language": "es",
         "first_met": "serve"},
    )  # fmt: skip
    assert re.fullmatch(r"/contacts/\d+/", response["Location"])
