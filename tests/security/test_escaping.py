"""HTML typed into a name or a note comes back as text on every page and in every PDF that
shows it, never as markup."""

import subprocess
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

import core.pdf
from committees.models import WeeklyReport
from contacts.models import BaseArea
from core.weeks import Week
from summations.services import Outcome, summation_build_now
from tests.factories.accounts import UserFactory
from tests.factories.committees import WorkingGroupFactory
from tests.factories.contacts import ContactFactory, ConversationFactory
from tests.factories.distribution import DeliveryRequestFactory, ServeFactory
from tests.factories.investigation import AntagonistFactory, BaseAreaFactory, GrievanceFactory

NAME = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def member_with_html_name(db):
    return UserFactory(email="html@example.org", display_name=NAME)


@pytest.mark.django_db
def test_a_name_with_html_is_escaped_where_coordinators_see_it(
    as_coordinator, member_with_html_name
):
    for url in (
        reverse("accounts:member_list"),
        reverse("accounts:member_edit", args=[member_with_html_name.pk]),
    ):
        body = as_coordinator.get(url).content.decode()
        assert NAME not in body, url
        assert escape(NAME) in body, url


@pytest.mark.django_db
def test_a_name_with_html_is_escaped_where_the_member_sees_it(member_with_html_name):
    client = Client()
    client.force_login(member_with_html_name)
    body = client.get(reverse("dashboard:home")).content.decode()  # "Hello, <name>"
    assert NAME not in body
    assert escape(NAME) in body


# --- The domain's free text: contacts, grievances, base areas, antagonists, deliveries ------------
# Every value carries both payloads; a page passes when neither comes back as markup and the
# value it shows is there as escaped text (so the check can't pass on a page that shows nothing).

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
PAYLOAD = SCRIPT + IMG

CONTACT = f"Rosa {PAYLOAD}"  # 59 of a contact name's 60 characters
CONTACT_NOTES = f"Household of four {PAYLOAD}"
SUMMARY = f"Heat is out {PAYLOAD}"
AREA = f"Maverick {PAYLOAD}"
ANTAGONIST = f"Harbor Mgmt {PAYLOAD}"
GRIEVANCE = f"No heat since November {PAYLOAD}"
ADDRESS = f"41 Bowdoin St {PAYLOAD}"
DELIVERY_NOTES = f"Buzzer 3 {PAYLOAD}"
DIETARY = f"No pork {PAYLOAD}"
SERVE_NOTES = f"Ran out of rice {PAYLOAD}"
REPORT = f"Door knocking {PAYLOAD}"


def assert_shown_as_text(body: str, where: str, *values: str) -> None:
    for tag in (SCRIPT, IMG):
        assert tag not in body, f"{where}: {tag} came back as markup"
    for value in values:
        assert escape(value) in body, f"{where}: {value!r} is not shown as text"


@pytest.fixture
def html_everywhere(db, investigator, lead, driver):
    """Free text with HTML in every app that keeps some: a contact (name, notes) in a base
    area, their conversation with a follow-up due today, their grievance against an
    antagonist (recorded a week ago: in the last completed week, so in its summation), their
    delivery on the driver's run today, a serve's notes and a working group's weekly report."""
    today = timezone.localdate()
    area = BaseAreaFactory(name=AREA, kind=BaseArea.Kind.NEIGHBOURHOOD)
    contact = ContactFactory(
        name=CONTACT, notes=CONTACT_NOTES, base_area=area, created_by=investigator
    )
    ConversationFactory(
        contact=contact,
        summary=SUMMARY,
        follow_up_due=today,
        follow_up_by=investigator,
    )
    grievance = GrievanceFactory(
        contact=contact,
        base_area=area,
        antagonist=AntagonistFactory(name=ANTAGONIST),
        description=GRIEVANCE,
        recorded_on=today - timedelta(days=7),
    )
    delivery = DeliveryRequestFactory(
        contact=contact,
        area=area,
        address=ADDRESS,
        notes=DELIVERY_NOTES,
        dietary=DIETARY,
        driver=driver,
        status="assigned",
        date=today,
    )
    serve = ServeFactory(lead=lead, notes=SERVE_NOTES)
    week = Week.last_completed()
    WeeklyReport.objects.create(
        group=WorkingGroupFactory(name="Outreach"),
        iso_week=str(week),
        what_we_did=REPORT,
        written_by=lead,
    )
    return SimpleNamespace(
        contact=contact, area=area, grievance=grievance, delivery=delivery, serve=serve, week=week
    )


def test_contacts_and_grievances_are_text_on_every_page_an_investigator_reads(
    as_investigator, html_everywhere, settings
):
    settings.SITES_OF_STRUGGLE_MIN_PEOPLE = 1  # the one grievance's site is on the dashboard
    objects = html_everywhere
    pages = [
        (reverse("contacts:list"), [CONTACT]),
        (reverse("contacts:detail", args=[objects.contact.pk]), [CONTACT, CONTACT_NOTES, SUMMARY]),
        (reverse("contacts:follow_ups"), [CONTACT]),
        (reverse("investigation:grievance_list"), [CONTACT, AREA, ANTAGONIST]),
        (
            reverse("investigation:grievance_detail", args=[objects.grievance.pk]),
            [CONTACT, AREA, ANTAGONIST, GRIEVANCE],
        ),
        (reverse("investigation:grievance_edit", args=[objects.grievance.pk]), [GRIEVANCE]),
        (reverse("investigation:base_area_list"), [AREA]),
        (reverse("investigation:base_area_detail", args=[objects.area.pk]), [AREA]),
        (reverse("investigation:antagonist_list"), [ANTAGONIST]),
        (reverse("investigation:sites_of_struggle"), [AREA, ANTAGONIST]),
        (reverse("investigation:sites_of_struggle") + "?by=antagonist", [ANTAGONIST]),
        (reverse("dashboard:home"), [CONTACT, AREA]),
    ]
    for url, shown in pages:
        response = as_investigator.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode(), url, *shown)


def test_deliveries_are_text_on_the_board_the_run_and_the_serve_page(
    as_lead, as_driver, html_everywhere
):
    objects = html_everywhere
    pages = [
        (as_lead, reverse("distribution:delivery_board"), [CONTACT, AREA]),
        (
            as_lead,
            reverse("distribution:delivery_detail", args=[objects.delivery.pk]),
            [CONTACT],
        ),
        (as_lead, reverse("distribution:serve_detail", args=[objects.serve.pk]), [SERVE_NOTES]),
        (as_driver, reverse("distribution:run"), [CONTACT, ADDRESS, DELIVERY_NOTES, DIETARY]),
        (as_driver, reverse("dashboard:home"), []),
    ]
    for client, url, shown in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode(), url, *shown)


@pytest.fixture
def pdf_html(monkeypatch) -> list[str]:
    """The HTML each PDF rendered in the test was made from, as WeasyPrint received it."""
    rendered = []

    def keep(template_name, context=None, *args, **kwargs):
        html = render_to_string(template_name, context, *args, **kwargs)
        rendered.append(html)
        return html

    monkeypatch.setattr(core.pdf, "render_to_string", keep)
    return rendered


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text, all whitespace removed (a long line may wrap anywhere)."""
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def assert_printed_as_text(pdf: bytes, tmp_path, *values: str) -> None:
    text = pdf_text(pdf, tmp_path)
    for value in values:
        assert "".join(value.split()) in text, f"{value!r} is not printed as text"


def test_the_run_sheet_prints_html_as_text(as_driver, html_everywhere, pdf_html, tmp_path):
    day = html_everywhere.delivery.date
    response = as_driver.get(reverse("distribution:run_sheet", args=[day]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    [html] = pdf_html
    assert_shown_as_text(html, "run sheet", CONTACT, ADDRESS, DELIVERY_NOTES, DIETARY)
    assert_printed_as_text(response.content, tmp_path, CONTACT, ADDRESS, DELIVERY_NOTES, DIETARY)


def test_the_summation_pdf_prints_html_as_text(
    html_everywhere, pdf_html, settings, tmp_path, as_coordinator
):
    settings.MEDIA_ROOT = tmp_path / "media"

    result = summation_build_now(week=html_everywhere.week, languages=("en",), notify=False)

    assert result.outcome == Outcome.BUILT
    # Page 1's overview is laid out on its own until it fits, then the whole document.
    assert len(pdf_html) >= 2
    for html in pdf_html:
        assert_shown_as_text(html, "summation PDF")  # no markup in any of them
    assert_shown_as_text(max(pdf_html, key=len), "summation PDF", AREA, ANTAGONIST, REPORT)
    assert_printed_as_text(Path(result.paths["en"]).read_bytes(), tmp_path, AREA, ANTAGONIST)
    assert_printed_as_text(Path(result.paths["en"]).read_bytes(), tmp_path, REPORT)
    # The same names on the summation's own page.
    page = as_coordinator.get(reverse("summations:detail", args=[result.summation_id]))
    assert_shown_as_text(page.content.decode(), "summation page", AREA, ANTAGONIST, REPORT)
