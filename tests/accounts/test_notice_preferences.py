"""A member chooses on their profile how they get their own notices (email, text or both) and
gives their own mobile number, stored encrypted; a bad number is an error beside the field."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import User
from core import notices
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
URL = "/me/"


def test_the_route_is_the_profile():
    assert reverse("accounts:profile") == URL


def test_a_member_chooses_texts_and_their_number_is_stored_encrypted(as_member, member):
    response = as_member.post(URL, {"notices_by": "both", "phone": "+1 (617) 555-0170"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.notices_by, member.phone) == ("both", "+1 (617) 555-0170")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [member.pk])
        (stored,) = cursor.fetchone()
    assert stored and "555" not in stored


@pytest.mark.parametrize(
    ("phone", "error"),
    [
        ("617-555", "A phone number has 7 to 15 digits."),
        ("617 555 0101 ext", "A phone number has only digits, spaces and + - ( ) . in it."),
        ("", "Give a mobile phone number to get your notices by text."),
    ],
)
def test_a_bad_number_is_an_error_beside_the_field_and_keeps_what_was_typed(
    as_member, member, phone, error
):
    response = as_member.post(URL, {"notices_by": "text", "phone": phone})

    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors == {"phone": [error]}
    assert form["notices_by"].value() == "text" and form["phone"].value() == phone
    member.refresh_from_db()
    assert (member.notices_by, member.phone) == ("email", "")


def test_the_error_is_in_the_member_s_language(as_member, member):
    as_member.post(reverse("set_language"), {"language": "es"})

    response = as_member.post(URL, {"notices_by": "text", "phone": "617-555"})

    assert response.context["form"].errors == {
        "phone": ["Un número de teléfono tiene de 7 a 15 dígitos."]
    }


def test_email_only_needs_no_number(as_member, member):
    response = as_member.post(URL, {"notices_by": "email", "phone": ""})

    assert response.status_code == 302
    assert User.objects.get(pk=member.pk).notices_by == "email"


def test_the_profile_page_costs_the_same_queries_whatever_the_membership(
    as_member, django_assert_max_num_queries
):
    UserFactory.create_batch(5)
    with django_assert_max_num_queries(8):
        response = as_member.get(URL)
    assert response.status_code == 200
    assert 'name="notices_by"' in response.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_member_notice_text_fits_in_three_segments(language):
    import datetime as dt

    from core import texts
    from tests.factories.distribution import ServeFactory, ShiftFactory, SiteFactory

    member = UserFactory(display_name="Maximiliana", language=language)
    serve = ServeFactory(site=SiteFactory(name="Iglesia de San Juan Bautista, salón parroquial"))
    run = ShiftFactory(kind="delivery_run", serve=None, date=dt.date(2026, 12, 9), volunteer=member)
    long_path = "/distribution/run/2026-12-09/"
    at_serve = ShiftFactory(serve=serve, volunteer=member)
    for template, context in [
        ("distribution/texts/shift_reminder.txt", {"shift": at_serve}),
        ("distribution/texts/shift_reminder.txt", {"shift": run}),
        ("distribution/texts/cant_make_it.txt", {"shift": at_serve}),
        ("distribution/texts/cant_make_it.txt", {"shift": run}),
        ("distribution/texts/new_assignment.txt", {"day": run.date, "count": 12}),
    ]:
        notice = notices.Notice(
            subject=str, email_template="", text_template=template, context=context, path=long_path
        )
        body = notices.text_body(member, notice)
        assert long_path in body
        assert texts.segments(body) <= texts.MAX_SEGMENTS, body
