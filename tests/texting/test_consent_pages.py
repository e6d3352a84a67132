"""An organizer records a contact's consent to texts (who, when, for what, in their language)
or their opt-out; the contact page shows it, in English and Spanish."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from tests.factories.contacts import ContactFactory
from texting import services
from texting.models import TextConsent

pytestmark = pytest.mark.django_db


@pytest.fixture
def marta():
    return ContactFactory(name="Marta", phone="6175550111", language="es")


def test_an_organizer_records_consent_for_what_they_agreed_to(as_investigator, investigator, marta):
    url = reverse("texting:consent", args=[marta.pk])
    page = as_investigator.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    # The consent text, in the contact's language first, and in English.
    assert text.index("¿Podemos") < text.index("Can we text you")
    response = as_investigator.post(
        url, {"organizing": "on", "language": "es", "read_to_them": "on"}
    )
    assert response.status_code == 302
    consent = TextConsent.objects.get(contact=marta)
    assert (consent.reminders, consent.organizing, consent.language) == (False, True, "es")
    assert consent.recorded_by == investigator and consent.recorded_at is not None
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.TEXT_CONSENT, by=investigator).exists()


def test_consent_with_nothing_ticked_or_not_read_to_them_is_an_error_and_saves_nothing(
    as_investigator, marta
):
    url = reverse("texting:consent", args=[marta.pk])
    response = as_investigator.post(url, {"language": "es"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["reminders"] == ["Tick what they agreed to be texted about."]
    assert errors["read_to_them"] == ["Read them the text first: consent is theirs to give."]
    assert not TextConsent.objects.exists()


def test_the_errors_are_in_spanish_for_a_spanish_speaking_organizer(
    as_investigator, investigator, marta
):
    investigator.language = "es"
    investigator.save(update_fields=["language"])
    url = reverse("texting:consent", args=[marta.pk])
    response = as_investigator.post(url, {"language": "es"})
    errors = response.context["form"].errors
    assert errors["reminders"] == ["Marque qué aceptó recibir por mensaje de texto."]


def test_after_an_opt_out_consent_cannot_be_recorded(as_investigator, marta):
    services.opt_out_record(contact=marta, by=None, via=TextConsent.Via.REPLY)
    url = reverse("texting:consent", args=[marta.pk])
    response = as_investigator.post(
        url, {"reminders": "on", "language": "es", "read_to_them": "on"}
    )
    assert response.status_code == 409
    assert "Opted out" in response.content.decode()
    consent = TextConsent.objects.get(contact=marta)
    assert consent.recorded_at is None and not consent.reminders


def test_an_organizer_records_an_opt_out_they_were_told_of(as_investigator, investigator, marta):
    services.consent_record(
        contact=marta, by=investigator, reminders=True, organizing=True, language="es"
    )
    response = as_investigator.post(reverse("texting:opt_out", args=[marta.pk]))
    assert response.status_code == 302
    consent = TextConsent.objects.get(contact=marta)
    assert consent.opted_out and consent.opted_out_via == TextConsent.Via.ORGANIZER
    assert not consent.allows("organizing")


def test_the_contact_page_shows_consent_and_opt_out(as_investigator, investigator, marta):
    detail = reverse("contacts:detail", args=[marta.pk])
    assert "no consent to texts" in as_investigator.get(detail).content.decode()
    services.consent_record(
        contact=marta, by=investigator, reminders=True, organizing=False, language="es"
    )
    page = as_investigator.get(detail).content.decode()
    assert "Reminders (serves, deliveries)" in page and "Ines" in page
    services.opt_out_record(contact=marta, by=None, via=TextConsent.Via.REPLY)
    page = as_investigator.get(detail).content.decode()
    assert "opted out" in page and "They replied STOP" in page
    investigator.language = "es"
    investigator.save(update_fields=["language"])
    spanish = as_investigator.get(detail).content.decode()
    assert "no recibe mensajes desde" in spanish and "Respondió ALTO" in spanish


def test_a_forgotten_contact_has_no_consent_page(as_investigator, investigator, marta):
    from contacts.services import contact_forget

    contact_forget(contact=marta, by=investigator)
    assert as_investigator.get(reverse("texting:consent", args=[marta.pk])).status_code == 404
