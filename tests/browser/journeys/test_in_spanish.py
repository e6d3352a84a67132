"""Journey 5: the other journeys' key steps in Spanish. Each member switches with the header's
language switcher (or has Spanish saved on their account), then every label, message, error and
download the journey relies on is asserted in Spanish, and every page is checked with axe."""

import csv
import io
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from distribution.models import DeliveryRequest, Shift
from investigation.models import Grievance
from summations.models import Summation
from tests.browser.conftest import DESKTOP, PHONE, open_filters, open_menu
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
    """The main menu, named in Spanish, opened from its folded button on a phone."""
    open_menu(page)
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
    assert ranking(page) == [("Eagle Hill Triple-Deckers", "Boston Realty", "3")]

    menu(page).get_by_role("link", name="Contactos").click()
    page.wait_for_url("**/contacts/")
    arrive(page)
    filters = open_filters(page)
    filters.get_by_label("Nombre").fill("Rosa")
    # The search is a POST: a name never travels in a URL.
    with page.expect_navigation():
        filters.get_by_role("button", name="Filtrar").click()
    page.get_by_role("link", name="Rosa", exact=True).click()
    page.wait_for_url(f"**/contacts/{rosa.pk}/")
    arrive(page)
    page.get_by_role("link", name="Registrar una queja").click()
    page.wait_for_url("**/investigation/grievances/new/?contact=*")
    arrive(page)
    assert page.locator("h1").inner_text() == "Registrar una queja"
    page.locator("#id_antagonist").select_option(str(investigation["landlord"].pk))
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
    assert ranking(page)[0] == ("Maverick Square Apartments", "Harborview Property Management", "3")
    assert fits_the_width(page)
    screenshots(page, "journey5-sites-of-struggle-es")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar CSV").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8"))))
    assert rows[0] == [
        "Área de base",
        "Antagonista",
        "Personas",
        "Quejas",
        "Avanzados o intermedios",
        "Gravedad media",
        "Periodo anterior",
        "Cambio",
        "Para seguir de cerca",
        "Comités populares",
        "Demandas abiertas",
        "Demandas ganadas",
    ]
    assert rows[1][:3] == ["Maverick Square Apartments", "Harborview Property Management", "3"]


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
    menu(page).get_by_role("button", name="Salir").click()
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


def test_an_organizer_runs_the_serve_in_spanish(
    browser_page, live_server, organizer, tonight, investigation
):
    page = browser_page
    serve, ana = tonight["serve"], tonight["ana"]
    sign_in(page, live_server, organizer)
    switch_language(page, "Español")
    arrive(page)
    assert page.locator("h1").inner_text() == "Hola, Olga"

    menu(page).get_by_role("link", name="Repartos").click()
    page.wait_for_url("**/distribution/serves/")
    arrive(page)
    page.get_by_role("link", name="El reparto de hoy").click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/")
    arrive(page)
    page.get_by_role("button", name="Hogar nuevo").click()
    page.get_by_role("button", name="Groceries").click()
    expect(page.locator("[data-sync-status]")).to_have_attribute("data-pending", "0")
    expect(page.locator("[data-households]")).to_have_text("1")
    assert page.locator(".households-total").inner_text() == "Hogares atendidos: 1"
    page.locator(".shift-list li").filter(has_text="Ana").get_by_role(
        "button", name="Marcar llegada"
    ).click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/")
    arrive(page)
    expect(page.locator(".shift-list li").filter(has_text="Ana")).to_contain_text("aquí desde")
    assert Shift.objects.get(serve=serve, volunteer=ana).checked_in_at is not None
    screenshots(page, "journey5-serve-es")

    page.get_by_role("link", name="Agregar un contacto conocido aquí").click()
    page.wait_for_url(f"**/contacts/quick-add/?serve={serve.pk}")
    arrive(page)
    assert page.locator("h1").inner_text() == "Conocido(a) en el reparto"
    page.get_by_label("Nombre o apodo").fill("Carmen")
    page.get_by_label("De qué hablaron").fill("Sin calefacción hace dos semanas")
    page.locator("#id_g1_category").select_option(str(investigation["repairs"].pk))
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    arrive(page)
    assert error_next_to(page, "id_base_area").startswith("Una queja necesita un área de base.")
    assert page.get_by_label("Nombre o apodo").input_value() == "Carmen"
    assert page.get_by_label("De qué hablaron").input_value() == "Sin calefacción hace dos semanas"
    screenshots(page, "journey5-quick-add-error-es")
    page.get_by_label("Área de base").select_option(str(investigation["maverick"].pk))
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"**/contacts/quick-add/?serve={serve.pk}")
    arrive(page)
    assert page.get_by_text("Carmen registrado(a) con 1 queja.").is_visible()

    page.goto(f"{live_server.url}/distribution/serves/{serve.pk}/")
    page.get_by_role("link", name="Cerrar este reparto").click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/close/")
    arrive(page)
    assert "Hogares: 1 (1 nuevos, 0 que regresan)" in page.locator("main").inner_text()
    page.get_by_role("button", name="Cerrar el reparto").click()
    page.wait_for_url(f"**/distribution/serves/{serve.pk}/")
    arrive(page)
    assert page.get_by_text(
        "Reparto cerrado. Sus conteos quedaron fijos y el inventario está al día."
    ).is_visible()
    assert page.get_by_text("Cerrado: los conteos quedaron fijos").is_visible()
    screenshots(page, "journey5-serve-closed-es")


def test_a_lead_and_a_driver_deliver_in_spanish(
    browser_page, live_server, lead, driver, deliveries
):
    page = browser_page
    rosa, mei, _jean = deliveries
    run_today = f"**/distribution/run/{timezone.localdate().isoformat()}/"

    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, lead)
    switch_language(page, "Español")
    menu(page).get_by_role("link", name="Entregas").click()
    page.wait_for_url("**/distribution/deliveries/")
    arrive(page)
    assert page.locator("h1").inner_text() == "Entregas"
    page.get_by_label("Rosa", exact=False).check()
    page.get_by_label("Mei", exact=False).check()
    page.get_by_role("button", name="Asignar", exact=True).click()
    page.wait_for_load_state()
    arrive(page)
    assert error_next_to(page, "id_assign-driver") == "Este campo es obligatorio."
    assert page.get_by_label("Rosa", exact=False).is_checked()
    screenshots(page, "journey5-assign-error-es")
    page.locator("#id_assign-driver").select_option(label="Dana")
    page.get_by_role("button", name="Asignar", exact=True).click()
    page.wait_for_url("**/distribution/deliveries/")
    arrive(page)
    assert page.get_by_text("2 solicitudes asignadas a Dana.").is_visible()

    menu(page).get_by_role("button", name="Salir").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, driver)
    switch_language(page, "Español")
    menu(page).get_by_role("link", name="Mi ruta").click()
    page.wait_for_url("**/distribution/run/")
    arrive(page)
    assert page.locator("h1").inner_text() == "Mi ruta de hoy"
    page.locator(".run-stop").filter(has_text="Rosa").get_by_role(
        "button", name="Entregada"
    ).click()
    page.wait_for_url(run_today)
    arrive(page)
    assert page.get_by_text("Entregada a Rosa. ¡Gracias!").is_visible()
    assert "10 Bowdoin St" not in page.locator("main").inner_text()
    stop = page.locator(".run-stop").filter(has_text="Mei")
    stop.locator("summary").click()
    stop.get_by_role("button", name="Marcar como no entregada").click()
    page.wait_for_load_state()
    arrive(page)
    stop = page.locator(".run-stop").filter(has_text="Mei")
    assert stop.locator(".field-invalid legend").inner_text() == "¿Por qué?"
    assert stop.locator(".field-invalid .errorlist").inner_text() == "Este campo es obligatorio."
    screenshots(page, "journey5-failed-error-es")
    stop.get_by_label("Nadie contestó").check()
    stop.get_by_role("button", name="Marcar como no entregada").click()
    page.wait_for_url(run_today)
    arrive(page)
    assert page.get_by_text("No queda nada por entregar este día.").is_visible()
    assert "Bowdoin" not in page.locator("main").inner_text()
    screenshots(page, "journey5-run-done-es")
    assert dict(
        DeliveryRequest.objects.filter(pk__in=[rosa.pk, mei.pk]).values_list("pk", "status")
    ) == {
        rosa.pk: "delivered",
        mei.pk: "failed",
    }
