"""Signing out clears the browser; a password reset never skips the second factor; a used
recovery code is refused; ending a member's sessions reaches cached copies too."""

import re
import time

import pytest
from allauth.account import app_settings as account_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import services
from tests.factories.accounts import TEST_TOTP_SECRET

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase 42"


def _totp_now() -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def _signed_in(client: Client) -> bool:
    return client.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_signing_out_tells_the_browser_to_clear_the_site(as_driver):
    confirmation = as_driver.get(reverse("account_logout"))
    assert confirmation.status_code == 200
    assert "Clear-Site-Data" not in confirmation  # a GET signs nobody out
    response = as_driver.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert not _signed_in(as_driver)


def test_a_password_reset_never_signs_anyone_in():
    assert account_settings.LOGIN_ON_PASSWORD_RESET is False


@pytest.mark.django_db
def test_a_password_reset_does_not_skip_the_second_factor(client, coordinator):
    response = client.post(reverse("account_reset_password"), {"email": coordinator.email})
    assert response.status_code == 302
    link = re.search(
        r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body
    )
    response = client.get(link.group(1))
    assert response.status_code == 302  # the key moves into the session
    form_url = response["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    # The new password is set, and nobody is signed in.
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session
    assert not _signed_in(client)
    # Signing in with the new password still stops at the second factor.
    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    client.post(reverse("mfa_authenticate"), {"code": _totp_now()})
    assert _signed_in(client)


@pytest.mark.django_db
def test_a_used_recovery_code_is_refused(client, coordinator):
    first, second = RecoveryCodes.activate(coordinator).get_unused_codes()[:2]
    login = {"login": coordinator.email, "password": PASSWORD}

    client.post(reverse("account_login"), login)
    assert client.post(reverse("mfa_authenticate"), {"code": first}).status_code == 302
    assert _signed_in(client)
    client.post(reverse("account_logout"))

    client.post(reverse("account_login"), login)
    response = client.post(reverse("mfa_authenticate"), {"code": first})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not _signed_in(client)
    assert client.post(reverse("mfa_authenticate"), {"code": second}).status_code == 302
    assert _signed_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "engine", ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"]
)
def test_ending_a_members_sessions_signs_them_out_everywhere(settings, driver, engine):
    settings.SESSION_ENGINE = engine
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        device.force_login(driver)
        assert _signed_in(device)
    assert services.user_end_sessions(user=driver) == 2
    driver.refresh_from_db()
    assert driver.is_active  # still a member: only the sessions ended (e.g. a lost phone)
    assert not _signed_in(phone)
    assert not _signed_in(laptop)
