"""HTML typed into a name comes back as text on every page that shows it, never as markup."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.factories import UserFactory

NAME = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def member_with_html_name(db):
    return UserFactory(email="html@example.org", display_name=NAME)


@pytest.mark.django_db
def test_a_name_with_html_is_escaped_where_coordinators_see_it(
    as_coordinator, member_with_html_name
):
    for url in (
        reverse("accounts:member_list"),
        reverse("accounts:member_edit", args=[member_with_html_name.pk]),
    ):
        body = as_coordinator.get(url).content.decode()
        assert NAME not in body, url
        assert escape(NAME) in body, url


@pytest.mark.django_db
def test_a_name_with_html_is_escaped_where_the_member_sees_it(member_with_html_name):
    client = Client()
    client.force_login(member_with_html_name)
    body = client.get(reverse("dashboard:home")).content.decode()  # "Hello, <name>"
    assert NAME not in body
    assert escape(NAME) in body
