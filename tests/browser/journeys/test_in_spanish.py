"""Journey 5: the other journeys' key steps in Spanish. Each member switches with the header's
language switcher (or has Spanish saved on their account), then every label, message, error and
download the journey relies on is asserted in Spanish, and every page is checked with axe."""

import csv
import io
import re
import subprocess

import pytest

from investigation.models import Grievance
from summations.models import Summation
from tests.browser.conftest import DESKTOP
from tests.browser.journeys.steps import (
    arrive,
    error_next_to,
    fits_the_width,
    ranking,
    screenshots,
    sign_in,
    switch_language,
    totp_code,
)

pytestmark = pytest.mark.django_db(transaction=True)


def menu(page):
    return page.get_by_role("navigation", name="Principal")


def test_an_investigator_records_a_grievance_in_spanish(
    browser_page, live_server, investigator, investigation
):
    page = browser_page
    rosa, maverick = investigation["rosa"], investigation["maverick"]
    sign_in(page, live_server, investigator)
    switch_language(page, "Español")
    arrive(page)
    assert page.get_attribute("html", "lang") == "es"
    assert page.locator("h1").inner_text() == "Hola, Ines"
    investigator.refresh_from_db()
    assert investigator.language == "es"  # remembered on the account

    menu(page).get_by_role("link", name="Sitios de lucha").click()
    page.wait_for_url("**/investigation/sites-of-struggle/")
    arrive(page)
    assert page.locator("h1").inner_text() == "Sitios de lucha"
    assert page.locator("table.ranking thead th").first.inner_text() == "Área de base"
    assert ranking(page)[0] == ("Eagle Hill Triple-Deckers", "2")

    menu(page).get_by_role("link", name="Contactos").click()
    page.wait_for_url("**/contacts/")
    arrive(page)
    page.get_by_label("Nombre").fill("Rosa")
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url("**/contacts/?*")
    page.get_by_role("link", name="Rosa", exact=True).click()
    page.wait_for_url(f"**/contacts/{rosa.pk}/")
    arrive(page)
    page.get_by_role("link", name="Registrar una queja").click()
    page.wait_for_url("**/investigation/grievances/new/?contact=*")
    arrive(page)
    assert page.locator("h1").inner_text() == "Registrar una queja"
    page.get_by_label("Descripción").fill("Sin calefacción desde el lunes")
    page.get_by_label("3 · Urgente").check()
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    arrive(page)
    assert error_next_to(page, "id_category") == "Este campo es obligatorio."
    assert page.get_by_label("Descripción").input_value() == "Sin calefacción desde el lunes"
    assert page.get_by_label("3 · Urgente").is_checked()
    assert page.get_by_label("Área de base").input_value() == str(maverick.pk)
    screenshots(page, "journey5-grievance-error-es")
    page.get_by_label("Categoría").select_option(str(investigation["repairs"].pk))
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"**/contacts/{rosa.pk}/")
    arrive(page)
    assert page.get_by_text("Queja registrada.").is_visible()
    assert Grievance.objects.filter(contact=rosa).count() == 3

    menu(page).get_by_role("link", name="Sitios de lucha").click()
    page.wait_for_url("**/investigation/sites-of-struggle/")
    arrive(page)
    assert ranking(page)[0] == ("Maverick Square Apartments", "3")
    assert fits_the_width(page)
    screenshots(page, "journey5-sites-of-struggle-es")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar CSV").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8"))))
    assert rows[0] == [
        "Área de base",
        "Quejas",
        "Contactos",
        "Avanzados o intermedios",
        "Gravedad media",
        "Periodo anterior",
        "Cambio",
    ]
    assert rows[1][:2] == ["Maverick Square Apartments", "3"]


def test_the_general_body_adopts_the_summation_in_spanish(
    browser_page, live_server, member, coordinator, summation, general_body_meeting, tmp_path
):
    page = browser_page
    week_link = f"Semana {summation.week} de {summation.year}"

    # The member switches to Spanish on the home page and reads the summation.
    sign_in(page, live_server, member)
    switch_language(page, "Español")
    arrive(page)
    assert page.locator("h1").inner_text() == "Hola, Mo"
    page.get_by_role("link", name=week_link).click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    arrive(page)
    assert page.locator("h1").inner_text() == (
        f"Balance, semana {summation.week} de {summation.year}"
    )
    assert page.locator(".summation-status .badge").first.inner_text() == "Borrador"
    assert fits_the_width(page)
    screenshots(page, "journey5-summation-es")
    pdf_link = page.get_by_role("link", name="PDF en español")
    assert pdf_link.get_attribute("hreflang") == "es"
    href = pdf_link.get_attribute("href")
    pdf = tmp_path / "balance.pdf"
    pdf.write_bytes(page.context.request.get(live_server.url + href).body())
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"semana {summation.week} de {summation.year}" in text

    # The coordinator, who reads Basework in Spanish, on a laptop: the sign-in pages in
    # Spanish from the header's switcher, then the vote at the meeting.
    page.get_by_role("button", name="Salir").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    coordinator.language = "es"
    coordinator.save()
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/")
    switch_language(page, "Español")
    arrive(page)
    assert page.get_attribute("html", "lang") == "es"
    page.get_by_label("Correo").fill(coordinator.email)
    page.get_by_label("Contraseña").fill("correct horse battery")
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    arrive(page)
    assert page.locator("h1").inner_text() == "Autenticación de doble factor"
    page.fill("input[name=code]", totp_code())
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(f"{live_server.url}/")
    arrive(page)
    assert page.locator("h1").inner_text() == "Hola, Cora"

    page.get_by_role("link", name="Asamblea general: Weekly general body").click()
    page.wait_for_url(f"**/committees/meetings/{general_body_meeting.pk}/")
    arrive(page)
    page.get_by_role("link", name="Votos y decisión").click()
    page.wait_for_url("**/committees/agenda/*/decide/")
    arrive(page)
    votes = page.locator("select[name^=vote_]")
    for i in range(4):
        votes.nth(i).select_option("for")
    page.get_by_role("button", name="Registrar la decisión").click()
    page.wait_for_load_state()
    arrive(page)
    assert error_next_to(page, "id_reasoning") == "Este campo es obligatorio."
    assert [votes.nth(i).input_value() for i in range(4)] == ["for"] * 4
    assert votes.first.locator("option:checked").inner_text() == "A favor"
    screenshots(page, "journey5-decision-error-es")
    page.get_by_label("Motivos").fill("Las cifras coinciden con los informes de los grupos.")
    page.get_by_role("button", name="Registrar la decisión").click()
    page.wait_for_url(f"**/committees/meetings/{general_body_meeting.pk}/")
    arrive(page)
    assert page.get_by_text("La decisión quedó en el registro de decisiones.").is_visible()

    menu(page).get_by_role("link", name="Balances").click()
    page.wait_for_url("**/summations/")
    arrive(page)
    page.get_by_role("link", name=week_link).click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    page.get_by_role("button", name="Marcar como presentado a la asamblea general").click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    arrive(page)
    page.get_by_role("button", name="Marcar como aprobado por la asamblea general").click()
    page.wait_for_url(f"**/summations/{summation.pk}/")
    arrive(page)
    assert page.get_by_text("Marcado como aprobado por la asamblea general.").is_visible()
    screenshots(page, "journey5-summation-adopted-es")
    summation.refresh_from_db()
    assert summation.state == Summation.State.ADOPTED
