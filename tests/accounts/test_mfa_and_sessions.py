import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from accounts import services
from tests.factories.accounts import TEST_TOTP_SECRET, UserFactory


def _current_code(secret: str = TEST_TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["is_coordinator", "is_investigator"])
def test_roles_that_see_personal_data_are_sent_to_mfa_enrolment(client, role):
    user = UserFactory(with_totp=False, **{role: True})
    client.post(
        reverse("account_login"), {"login": user.email, "password": "correct horse battery"}
    )
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Enrolment asks for the password again (a stolen session cannot add an authenticator),
    # then shows the secret to scan.
    page = client.get(reverse("mfa_activate_totp"))
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    client.post(page["Location"], {"password": "correct horse battery"})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert page.context["form"].secret


@pytest.mark.django_db
def test_a_driver_is_offered_mfa_but_not_forced(as_driver):
    assert as_driver.get(reverse("dashboard:home")).status_code == 200
    assert as_driver.get(reverse("mfa_index")).status_code == 200


@pytest.mark.django_db
def test_an_enrolled_coordinator_signs_in_with_password_then_code(client, coordinator):
    response = client.post(
        reverse("account_login"),
        {"login": coordinator.email, "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard:home")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code()})
    assert response.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_a_used_totp_code_is_rejected_the_second_time(client, coordinator):
    code = _current_code()
    login = {"login": coordinator.email, "password": "correct horse battery"}
    client.post(reverse("account_login"), login)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), login)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # the form again, with an error
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.django_db
def test_the_totp_secret_is_encrypted_in_the_database(coordinator):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data::text FROM mfa_authenticator WHERE user_id = %s", [coordinator.pk]
        )
        (raw,) = cursor.fetchone()
    assert TEST_TOTP_SECRET not in raw
    authenticator = Authenticator.objects.get(user=coordinator)
    assert authenticator.wrap().instance.data["secret"] != TEST_TOTP_SECRET


@pytest.mark.django_db
def test_a_coordinator_cannot_remove_their_authenticator(as_coordinator, coordinator):
    as_coordinator.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()


@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(client, driver):
    client.post(
        reverse("account_login"), {"login": driver.email, "password": "correct horse battery"}
    )
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_sessions_rotate_at_login(client, driver):
    client.get(reverse("account_login"))
    client.cookies["sessionid"] = "attacker-chosen"
    client.post(
        reverse("account_login"), {"login": driver.email, "password": "correct horse battery"}
    )
    assert client.cookies["sessionid"].value != "attacker-chosen"


@pytest.mark.django_db
def test_deactivating_a_member_ends_their_sessions(client, driver, coordinator):
    client.force_login(driver)
    assert client.get(reverse("dashboard:home")).status_code == 200
    services.user_deactivate(user=driver, by=coordinator)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_sixth_failed_login_within_five_minutes_is_refused(client, driver):
    for _ in range(5):
        r = client.post(reverse("account_login"), {"login": driver.email, "password": "wrong"})
        assert r.status_code == 200
    response = client.post(
        reverse("account_login"), {"login": driver.email, "password": "correct horse battery"}
    )
    assert response.status_code == 429 or "Too many" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_pages_for_signed_in_members_are_never_cached(as_driver):
    response = as_driver.get(reverse("dashboard:home"))
    assert response["Cache-Control"] == "no-store"


def test_sessions_expire_after_eight_idle_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False
