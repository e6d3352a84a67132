"""A member's phone is lost: the coordinator deactivates them (every session ends), the
operator resets their second factor, and at the next sign-in they must enrol a new one."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

PASSWORD = "correct horse battery"


@pytest.mark.django_db
def test_deactivating_a_member_ends_every_session_at_once(as_coordinator, investigator):
    phone = Client()
    phone.force_login(investigator)
    assert phone.get(reverse("dashboard:home")).status_code == 200
    response = as_coordinator.post(
        reverse("accounts:member_edit", args=[investigator.pk]), {"roles": ["investigator"]}
    )
    assert response.status_code == 302
    response = phone.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_resetting_the_second_factor_forces_a_new_enrolment(investigator, capsys):
    RecoveryCodes.activate(investigator)
    phone = Client()
    phone.force_login(investigator)

    call_command("reset_mfa", investigator.email.upper())

    assert "Removed 2 authenticator(s)" in capsys.readouterr().out
    assert not Authenticator.objects.filter(user=investigator).exists()
    assert phone.get(reverse("dashboard:home")).status_code == 302  # the stolen session ended
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": investigator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    response = client.get(reverse("dashboard:home"))
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_resetting_an_unknown_member_says_so():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No member"):
        call_command("reset_mfa", "nobody@example.org")
