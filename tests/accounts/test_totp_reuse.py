"""A right TOTP code used a second time says so, instead of "Incorrect code" (issue 17)."""

import pytest
from django.urls import reverse

from accounts.mfa_forms import CODE_USED
from tests.accounts.test_mfa_and_sessions import _current_code

pytestmark = pytest.mark.django_db

LOGIN = {"password": "correct horse battery"}


def _sign_in_with(client, user, code):
    client.post(reverse("account_login"), LOGIN | {"login": user.email})
    return client.post(reverse("mfa_authenticate"), {"code": code})


def test_a_code_used_twice_says_it_was_used_already(client, coordinator):
    code = _current_code()
    assert _sign_in_with(client, coordinator, code).status_code == 302
    client.post(reverse("account_logout"))
    response = _sign_in_with(client, coordinator, code)
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [str(CODE_USED)]
    assert "used already" in response.content.decode()
    assert client.get(reverse("dashboard:home")).status_code == 302  # still not signed in


def test_a_wrong_code_is_still_incorrect(client, coordinator):
    wrong = f"{(int(_current_code()) + 1) % 1_000_000:06d}"
    response = _sign_in_with(client, coordinator, wrong)
    assert response.context["form"].errors["code"] == ["Incorrect code."]
