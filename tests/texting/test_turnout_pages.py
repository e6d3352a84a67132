"""The turnout pages: write the texts for a committee's meeting with a preview of their
segments, a template too long refused beside its field with nothing saved, send, follow
each recipient's text, record who came; their query counts do not grow with the list."""

import pytest
from django.urls import reverse

from core.models import OutgoingText
from investigation.models import CampaignAction
from tests.factories.texting import site_contact, turnout_draft, turnout_site
from texting import turnout as service
from texting.models import Turnout, TurnoutRecipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return turnout_site()


def _form(site, **changes):
    data = {
        "site": str(site.landlord.pk),
        "title": "Tenants' meeting",
        "starts_at": "19:00",
        "place": "Community room",
        "template_en": service.default_template("en"),
        "template_es": service.default_template("es"),
    }
    return {**data, **changes}


def test_the_form_starts_from_the_committees_site_and_the_default_texts(as_investigator, site):
    page = as_investigator.get(reverse("texting:turnout_new", args=[site.meeting.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["site"] == str(site.landlord.pk)
    assert form.initial["template_es"].startswith("Hola {first_name}")
    assert "{first_name}" in form.fields["template_en"].help_text


def test_the_preview_shows_each_languages_text_and_segments_and_saves_nothing(
    as_investigator, site
):
    url = reverse("texting:turnout_new", args=[site.meeting.pk])
    page = as_investigator.post(url, {**_form(site), "preview": "1"})
    assert page.status_code == 200
    previews = {p["code"]: p for p in page.context["previews"]}
    assert previews["en"]["body"].startswith("Hi Ana, it's Ines")
    assert previews["en"]["segments"] == 1
    assert previews["es"]["recipients"] == 1
    assert page.context["counts"] == {"textable": 2, "opted_out": 1, "no_consent": 2, "no_phone": 1}
    assert 'data-segments="1"' in page.content.decode()
    assert not Turnout.objects.exists()


def test_a_template_over_three_segments_is_refused_beside_it_and_nothing_is_saved(
    as_investigator, site
):
    url = reverse("texting:turnout_new", args=[site.meeting.pk])
    too_long = "Hola {first_name}, " + "á" * 200
    page = as_investigator.post(url, _form(site, template_es=too_long))
    assert page.status_code == 200
    errors = page.context["form"].errors
    assert errors["template_es"] == ["The text is too long: at most 3 text messages' worth."]
    assert "template_en" not in errors
    assert page.context["form"]["template_es"].value() == too_long  # nothing typed is lost
    assert not Turnout.objects.exists()


def test_an_unknown_placeholder_is_refused(as_investigator, site):
    url = reverse("texting:turnout_new", args=[site.meeting.pk])
    page = as_investigator.post(url, _form(site, template_en="Hi {first_name} at {address}"))
    assert "Unknown placeholder {address}" in page.context["form"].errors["template_en"][0]
    assert not Turnout.objects.exists()


def test_the_errors_are_in_spanish_for_a_spanish_speaking_organizer(
    as_investigator, investigator, site
):
    investigator.language = "es"
    investigator.save(update_fields=["language"])
    url = reverse("texting:turnout_new", args=[site.meeting.pk])
    page = as_investigator.post(url, _form(site, template_en="x" * 500))
    assert page.context["form"].errors["template_en"] == [
        "El mensaje es demasiado largo: como máximo lo que caben en 3 mensajes de texto."
    ]


def test_save_send_and_see_each_recipients_text(as_investigator, site):
    url = reverse("texting:turnout_new", args=[site.meeting.pk])
    response = as_investigator.post(url, _form(site))
    turnout = Turnout.objects.get()
    assert response["Location"] == reverse("texting:turnout_detail", args=[turnout.pk])
    draft = as_investigator.get(response["Location"])
    assert draft.context["counts"]["textable"] == 2
    assert not OutgoingText.objects.exists()
    sent = as_investigator.post(reverse("texting:turnout_send", args=[turnout.pk]))
    assert sent.status_code == 302
    again = as_investigator.post(reverse("texting:turnout_send", args=[turnout.pk]))
    assert again.status_code == 302
    assert OutgoingText.objects.count() == 2
    to_ana = TurnoutRecipient.objects.get(contact=site.people["Ana Lee"]).text_id
    OutgoingText.objects.filter(pk=to_ana).update(
        status=OutgoingText.Status.FAILED, error="gateway refused the text (400)"
    )
    page = as_investigator.get(reverse("texting:turnout_detail", args=[turnout.pk]))
    shown = {r.contact.name: r.shown for r in page.context["recipients"]}
    assert shown == {"Rosa Díaz": "queued", "Ana Lee": "failed"}
    text = page.content.decode()
    assert "gateway refused the text (400)" in text
    assert 'data-count="opted_out">1<' in text and 'data-count="no_phone">1<' in text


def test_a_draft_is_edited_with_its_site_kept_and_its_time_and_place_required(
    as_investigator, investigator, site
):
    url = reverse("texting:turnout_new", args=[site.meeting.pk])
    page = as_investigator.post(url, _form(site, starts_at="", place=""))
    errors = page.context["form"].errors
    assert errors["starts_at"] == errors["place"] == ["This field is required."]
    as_investigator.post(url, {**_form(site), "site": "all"})
    turnout = Turnout.objects.get()
    assert turnout.antagonist is None  # everyone with a grievance in the base area
    edit = reverse("texting:turnout_edit", args=[turnout.pk])
    assert as_investigator.get(edit).context["form"].initial["site"] == "all"
    response = as_investigator.post(edit, _form(site, title="Elm St meeting"))
    assert response.status_code == 302
    turnout.refresh_from_db()
    assert (turnout.title, turnout.antagonist) == ("Elm St meeting", site.landlord)


def test_a_sent_turnout_cannot_be_edited(as_investigator, investigator, site):
    turnout = _sent(site, investigator)
    response = as_investigator.post(
        reverse("texting:turnout_edit", args=[turnout.pk]), _form(site, title="Changed")
    )
    assert response.status_code == 302
    assert Turnout.objects.get(pk=turnout.pk).title == "Tenants' meeting"


def _sent(site, by):
    turnout = turnout_draft(site, by)
    service.turnout_send(turnout=turnout, by=by)
    return turnout


def test_recording_who_came_twice_counts_them_once(as_investigator, investigator, site):
    turnout = _sent(site, investigator)
    rosa = TurnoutRecipient.objects.get(contact=site.people["Rosa Díaz"])
    url = reverse("texting:turnout_came", args=[turnout.pk])
    as_investigator.post(url, {"came": [rosa.pk]})
    as_investigator.post(url, {"came": [rosa.pk]})
    assert CampaignAction.objects.get(pk=site.meeting.pk).turnout == 1
    page = as_investigator.get(reverse("texting:turnout_detail", args=[turnout.pk]))
    assert page.context["came_form"].initial["came"] == [rosa.pk]


def test_someone_not_on_the_list_cannot_be_recorded_as_come(as_investigator, investigator, site):
    turnout = _sent(site, investigator)
    response = as_investigator.post(
        reverse("texting:turnout_came", args=[turnout.pk]), {"came": ["999999"]}
    )
    assert response.status_code == 302
    assert CampaignAction.objects.get(pk=site.meeting.pk).turnout == 0


@pytest.mark.parametrize("size", [2, 12])
def test_the_turnout_pages_queries_do_not_grow_with_the_list(
    as_investigator, investigator, django_assert_max_num_queries, size
):
    site = turnout_site(people=False)
    for n in range(size):
        site_contact(site, f"Person {n}", phone=f"+1617555{n:04d}", organizing=True)
    draft = turnout_draft(site, investigator, title="Meeting")
    with django_assert_max_num_queries(12):
        assert (
            as_investigator.get(reverse("texting:turnout_detail", args=[draft.pk])).status_code
            == 200
        )
    with django_assert_max_num_queries(12):
        page = as_investigator.get(reverse("texting:turnout_new", args=[site.meeting.pk]))
        assert page.status_code == 200
    with django_assert_max_num_queries(14):
        page = as_investigator.post(
            reverse("texting:turnout_new", args=[site.meeting.pk]),
            {**_form(site), "preview": "1"},
        )
        assert page.context["counts"]["textable"] == size
    service.turnout_send(turnout=draft, by=investigator)
    with django_assert_max_num_queries(12):
        page = as_investigator.get(reverse("texting:turnout_detail", args=[draft.pk]))
        assert len(page.context["recipients"]) == size
