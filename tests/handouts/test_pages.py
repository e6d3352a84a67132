"""The handout pages: bad input kept and explained beside its field, the adoption path from
the page, both languages, and each page's queries pinned."""

import pytest
from django.urls import reverse
from django.utils import translation

from handouts import services
from handouts.models import Handout
from tests.factories.distribution import ServeFactory
from tests.factories.handouts import adopted, draft, general_body_decides, handout_with_current

pytestmark = pytest.mark.django_db

TEXTS = {
    "kind": "statement",
    "title_en": "We will never ask for ID",
    "title_es": "",
    "body_en": "Nobody needs papers here.",
    "body_es": "Nadie necesita papeles aquí.",
}


def test_an_empty_language_is_said_beside_its_field_and_what_was_typed_stays(as_lead):
    response = as_lead.post(reverse("handouts:create"), TEXTS)
    assert response.status_code == 422
    form = response.context["form"]
    assert "Spanish" in form.errors["title_es"][0]
    assert "Nobody needs papers here." in response.content.decode()
    assert not Handout.objects.exists()


def test_a_lead_writes_proposes_and_records_the_adoption_from_the_pages(as_lead, lead):
    response = as_lead.post(reverse("handouts:create"), {**TEXTS, "title_es": "Nunca pedimos ID"})
    handout = Handout.objects.get()
    assert response.status_code == 302 and response["Location"] == handout.get_absolute_url()
    version = handout.versions.get()
    as_lead.post(reverse("handouts:version_propose", args=[handout.pk, 1]))
    version.refresh_from_db()
    # Not decided yet: the page says so and nothing is current.
    page = as_lead.post(reverse("handouts:version_adopt", args=[handout.pk, 1]), follow=True)
    assert "has not decided" in page.content.decode() and handout.current_version is None
    general_body_decides(version, by=lead)
    as_lead.post(reverse("handouts:version_adopt", args=[handout.pk, 1]))
    page = as_lead.get(handout.get_absolute_url()).content.decode()
    assert "Current: version 1" in page
    assert reverse("committees:proposal_detail", args=[version.proposal_id]) in page


def test_the_pages_read_in_spanish(as_member, lead, member):
    handout = handout_with_current(by=lead)
    member.language = "es"
    member.save(update_fields=["language"])
    with translation.override("es"):
        page = as_member.get(handout.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert "Vigente: versión 1" in text and "Nuestros puntos de unidad" in text


def test_a_too_long_text_is_said_before_printing(as_member, lead):
    long_text = "\n\n".join(["We organize where we live and work. " * 8] * 20)
    handout = adopted(by=lead, body_en=long_text).handout
    page = as_member.get(handout.get_absolute_url()).content.decode()
    assert "Too long for one half-sheet page" in page
    pdf = as_member.get(reverse("handouts:pdf", args=[handout.pk, "both"]))
    assert pdf.status_code == 422 and "nothing is cut" in pdf.content.decode()


def test_the_pdf_is_served_inline_to_every_member(as_driver, lead):
    handout = handout_with_current(by=lead)
    response = as_driver.get(reverse("handouts:pdf", args=[handout.pk, "es"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def _many(lead, count):
    for n in range(count):
        version = adopted(by=lead, title_en=f"Flyer {n}")
        services.handout_version_start(handout=version.handout, by=lead)
    draft(by=lead, title_en="Unadopted")


@pytest.mark.parametrize("count", [1, 4])
def test_the_list_count_and_print_pages_run_a_fixed_number_of_queries(
    as_lead, lead, count, django_assert_max_num_queries
):
    _many(lead, count)
    serve = ServeFactory()
    with django_assert_max_num_queries(8):
        assert as_lead.get(reverse("handouts:list")).status_code == 200
    with django_assert_max_num_queries(9):
        assert as_lead.get(reverse("handouts:serve_count", args=[serve.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert as_lead.get(reverse("handouts:serve_print", args=[serve.pk])).status_code == 200
    handout = Handout.objects.first()
    with django_assert_max_num_queries(8):
        assert as_lead.get(handout.get_absolute_url()).status_code == 200
