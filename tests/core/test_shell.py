"""The page shell: bilingual, a strict CSP, the language choice saved on the member."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_scripts(client):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


@pytest.mark.django_db
def test_every_response_refuses_camera_microphone_and_location(client, as_driver, driver):
    """Permissions-Policy on a public page, a signed-in page, a PDF and an error page."""
    from django.utils import timezone

    responses = [
        (200, client.get(reverse("account_login"))),
        (200, as_driver.get(reverse("dashboard:home"))),
        (200, as_driver.get(reverse("distribution:run_sheet", args=[timezone.localdate()]))),
        (404, as_driver.get("/no-such-page/")),
    ]
    for status, response in responses:
        assert response.status_code == status
        policy = {part.strip() for part in response.headers["Permissions-Policy"].split(",")}
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy
        assert "browsing-topics=()" in policy


@pytest.mark.django_db
def test_the_login_page_speaks_spanish_when_asked(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es")
    html = response.content.decode()
    assert 'lang="es"' in html
    assert "Basework nunca pide identificación a nadie." in html


@pytest.mark.django_db
def test_switching_language_is_saved_on_the_member(as_driver, driver):
    response = as_driver.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    driver.refresh_from_db()
    assert driver.language == "es"
    html = as_driver.get(reverse("dashboard:home")).content.decode()
    assert "Salir" in html  # "Sign out"


@pytest.mark.django_db
def test_a_members_saved_language_follows_them_to_a_new_device(client, driver):
    driver.language = "es"
    driver.save()
    client.force_login(driver)
    html = client.get(reverse("dashboard:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Inicio" in html


@pytest.mark.django_db
def test_the_navigation_shows_members_only_to_coordinators(as_coordinator, as_driver):
    assert reverse("accounts:member_list") in as_coordinator.get("/").content.decode()
    assert reverse("accounts:member_list") not in as_driver.get("/").content.decode()


@pytest.mark.django_db
def test_a_missing_page_is_translated(as_driver, driver):
    driver.language = "es"
    driver.save()
    response = as_driver.get("/no-such-page/")
    assert response.status_code == 404
    assert "No encontrado" in response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_query_count_is_fixed(as_driver, django_assert_max_num_queries):
    as_driver.get(reverse("dashboard:home"))  # the first request refreshes the session
    # session, user, and each panel's fixed queries (tests/dashboard pins them with data)
    with django_assert_max_num_queries(10):
        assert as_driver.get(reverse("dashboard:home")).status_code == 200
