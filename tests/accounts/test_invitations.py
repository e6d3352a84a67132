import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User


def _invite(client, email="new@example.org", roles=("driver",), language="es"):
    return client.post(
        reverse("accounts:invitation_create"),
        {"email": email, "roles": list(roles), "language": language},
    )


def _link_from_outbox() -> str:
    return re.search(r"https?://\S+/join/\S+/", mail.outbox[-1].body).group(0)


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_invites_a_member_who_joins_with_the_chosen_roles(as_coordinator, client):
    response = _invite(as_coordinator, roles=("driver", "lead"))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert "Te invitan" in mail.outbox[0].subject  # sent in the invitee's language
    link = _link_from_outbox()
    invitation = Invitation.objects.get(email="new@example.org")
    assert link.rsplit("/", 2)[-2] not in invitation.token_digest  # only a digest is stored

    response = client.post(
        link,
        {"display_name": "Nuevo", "password1": "a long pass 123", "password2": "a long pass 123"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.is_driver and user.is_lead and not user.is_coordinator
    assert user.language == "es"
    assert client.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_invitation_link_works_only_once(as_coordinator, client):
    _invite(as_coordinator)
    link = _link_from_outbox()
    data = {"display_name": "A", "password1": "a long pass 123", "password2": "a long pass 123"}
    assert client.post(link, data).status_code == 302
    client.logout()
    assert client.get(link).status_code == 410
    assert client.post(link, data).status_code == 410
    assert User.objects.filter(email="new@example.org").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_invitation_expires_after_seven_days(as_coordinator, client):
    _invite(as_coordinator)
    link = _link_from_outbox()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(
        link, {"display_name": "A", "password1": "a long pass 123", "password2": "a long pass 123"}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_a_bad_password_is_reported_next_to_the_field_and_the_name_is_kept(coordinator, client):
    token, digest = Invitation.new_token()
    Invitation.objects.create(
        email="x@example.org",
        token_digest=digest,
        invited_by=coordinator,
        expires_at=timezone.now() + timedelta(days=7),
    )
    response = client.post(
        reverse("accounts:invitation_accept", args=[token]),
        {"display_name": "Keep me", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Keep me"' in html
    assert "too short" in html
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.django_db
def test_inviting_an_existing_member_is_refused_next_to_the_email(as_coordinator, driver):
    response = _invite(as_coordinator, email=driver.email)
    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_there_is_no_open_sign_up(client):
    assert client.get("/accounts/signup/").status_code == 404


@pytest.mark.django_db
def test_expired_invitations_are_purged_by_the_task(coordinator):
    from accounts.tasks import purge_expired_invitations

    Invitation.objects.create(
        email="old@example.org",
        token_digest="a" * 64,
        invited_by=coordinator,
        expires_at=timezone.now() - timedelta(days=8),
    )
    Invitation.objects.create(
        email="fresh@example.org",
        token_digest="b" * 64,
        invited_by=coordinator,
        expires_at=timezone.now() + timedelta(days=6),
    )
    assert purge_expired_invitations() == 1
    assert list(Invitation.objects.values_list("email", flat=True)) == ["fresh@example.org"]


@pytest.mark.django_db(transaction=True)
def test_an_invited_investigator_enrols_mfa_then_signs_in_with_it(as_coordinator, client):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    _invite(as_coordinator, email="ines@example.org", roles=("investigator",), language="en")
    password = "a long pass 123"
    client.post(
        _link_from_outbox(),
        {"display_name": "Ines", "password1": password, "password2": password},
    )
    # Until enrolled, every page sends her to enrolment, which first asks for the password.
    response = client.get(reverse("dashboard:home"))
    assert response["Location"] == reverse("mfa_activate_totp")
    reauth = client.get(response["Location"])["Location"]
    client.post(reauth, {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_activate_totp"), {"code": code})
    assert client.get(reverse("dashboard:home")).status_code == 200

    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": "ines@example.org", "password": password})
    assert client.get(reverse("dashboard:home")).status_code == 302  # the code is still needed
    # The enrolment code was just used; a recovery code (made at enrolment) also signs in.
    from allauth.mfa.models import Authenticator

    recovery = Authenticator.objects.get(user__email="ines@example.org", type="recovery_codes")
    client.post(reverse("mfa_authenticate"), {"code": recovery.wrap().get_unused_codes()[0]})
    assert client.get(reverse("dashboard:home")).status_code == 200
