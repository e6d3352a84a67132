"""The serve page's counters: one POST per tap, counted once per key, undo, live totals."""

import uuid

import pytest
from django.urls import reverse

from distribution.models import Serve, Tap
from tests.distribution.conftest import JSON, tap, tap_data

pytestmark = pytest.mark.django_db


def test_a_tap_counts_one_and_answers_the_live_totals(as_member, serve, bag_types):
    tap(as_member, serve, Tap.Kind.HOUSEHOLD_NEW)
    tap(as_member, serve, Tap.Kind.HOUSEHOLD_RETURNING)
    response = tap(as_member, serve, Tap.Kind.BAG, bag_type=bag_types["groceries"])

    assert response.status_code == 200
    body = response.json()
    assert body["totals"] == {
        "household_new": 1,
        "household_returning": 1,
        f"bag:{bag_types['groceries'].pk}": 1,
    }
    assert body["households"] == 2
    assert body["open"] is True


def test_a_tap_sent_again_with_the_same_key_is_counted_once(as_member, serve):
    key = uuid.uuid4()
    first = tap(as_member, serve, key=key)
    retry = tap(as_member, serve, key=key)

    assert first.json()["totals"] == {"household_new": 1}
    assert retry.status_code == 200
    assert retry.json()["totals"] == {"household_new": 1}
    assert Tap.objects.filter(serve=serve).count() == 1


def test_it_counts_languages_and_free_store_items(as_member, serve):
    tap(as_member, serve, Tap.Kind.LANGUAGE, language="es")
    tap(as_member, serve, Tap.Kind.LANGUAGE, language="es")
    tap(as_member, serve, Tap.Kind.LANGUAGE, language="ht")
    response = tap(as_member, serve, Tap.Kind.FREE_STORE)

    assert response.json()["totals"] == {"language:es": 2, "language:ht": 1, "free_store": 1}


def test_undo_takes_back_only_the_last_tap_of_this_phone(as_member, as_lead, serve, bag_types):
    tap(as_member, serve, Tap.Kind.HOUSEHOLD_NEW, device="phone-a")
    tap(as_member, serve, Tap.Kind.BAG, bag_type=bag_types["no_cook"], device="phone-a")
    tap(as_member, serve, Tap.Kind.HOUSEHOLD_RETURNING, device="phone-b")
    tap(as_lead, serve, Tap.Kind.FREE_STORE, device="phone-a")

    response = as_member.post(
        reverse("distribution:serve_undo", args=[serve.pk]),
        {"key": str(uuid.uuid4()), "device": "phone-a"},
        **JSON,
    )

    assert response.status_code == 200
    assert response.json()["undone"] == f"bag:{bag_types['no_cook'].pk}"
    assert response.json()["totals"] == {
        "household_new": 1,
        "household_returning": 1,
        "free_store": 1,
    }


def test_an_undo_sent_twice_takes_back_one_tap(as_member, serve):
    for _ in range(3):
        tap(as_member, serve)
    undo = {"key": str(uuid.uuid4()), "device": "phone-1"}
    url = reverse("distribution:serve_undo", args=[serve.pk])

    as_member.post(url, undo, **JSON)
    again = as_member.post(url, undo, **JSON)

    assert again.json()["totals"] == {"household_new": 2}
    assert again.json()["undone"] is None


def test_undo_with_nothing_to_take_back_says_so(as_member, serve):
    response = as_member.post(
        reverse("distribution:serve_undo", args=[serve.pk]),
        {"key": str(uuid.uuid4()), "device": "phone-1"},
        **JSON,
    )

    assert response.status_code == 200
    assert response.json()["message"] == "Nothing to undo."


def test_a_closed_serve_keeps_a_tap_as_late_with_409_and_keeps_its_counts(as_member, serve):
    tap(as_member, serve)
    Serve.objects.filter(pk=serve.pk).update(status=Serve.Status.CLOSED)

    response = tap(as_member, serve)

    assert response.status_code == 409
    assert response.json()["error"] == (
        "This serve is closed: the tap is kept for the lead to add or discard."
    )
    assert response.json()["open"] is False and response.json()["late"] is True
    assert response.json()["totals"] == {"household_new": 1}  # not counted until the lead adds it


def test_a_bag_tap_without_a_bag_type_is_refused_with_400(as_member, serve):
    response = as_member.post(
        reverse("distribution:serve_tap", args=[serve.pk]), tap_data(Tap.Kind.BAG), **JSON
    )

    assert response.status_code == 400
    assert "not understood" in response.json()["error"]
    assert not Tap.objects.exists()


def test_without_a_script_a_tap_posts_the_form_and_comes_back_to_the_page(as_member, serve):
    response = as_member.post(
        reverse("distribution:serve_tap", args=[serve.pk]),
        tap_data(Tap.Kind.HOUSEHOLD_NEW),
        HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("distribution:serve_detail", args=[serve.pk])
    assert serve.taps.all().totals() == {"household_new": 1}


def test_the_totals_endpoint_shows_taps_from_every_phone(as_member, as_lead, serve):
    tap(as_member, serve, device="phone-a")
    tap(as_lead, serve, device="phone-b")

    response = as_member.get(reverse("distribution:serve_totals", args=[serve.pk]))

    assert response.json() == {"totals": {"household_new": 2}, "households": 2, "open": True}


def test_the_serve_page_shows_large_counters_with_their_totals(as_member, serve, bag_types):
    tap(as_member, serve, Tap.Kind.BAG, bag_type=bag_types["hygiene"])

    response = as_member.get(reverse("distribution:serve_detail", args=[serve.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'data-counter="bag:{bag_types["hygiene"].pk}"' in content
    assert 'data-counter="household_new"' in content
    assert "js/serve.js" in content
    assert "<script>" not in content  # no inline script under the CSP


def test_the_serve_page_links_to_quick_add_only_for_members_who_edit_contacts(
    as_member, as_investigator, serve
):
    url = reverse("distribution:serve_detail", args=[serve.pk])

    member_page = as_member.get(url)
    investigator_page = as_investigator.get(url)

    assert b"Add a contact met here" not in member_page.content
    quick_add = f"{reverse('quick_add:add')}?serve={serve.pk}"
    assert f'href="{quick_add}"'.encode() in investigator_page.content


def test_a_client_that_asks_for_no_page_gets_json(as_member, serve):
    response = as_member.post(
        reverse("distribution:serve_tap", args=[serve.pk]), tap_data(Tap.Kind.FREE_STORE)
    )

    assert response.status_code == 200
    assert response.json()["totals"] == {"free_store": 1}


def test_an_anonymous_tap_is_sent_to_sign_in(client, serve):
    response = tap(client, serve)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Tap.objects.exists()


def test_tonights_serve_opens_todays_open_serve(as_member):
    import datetime as dt

    from django.utils import timezone

    from tests.factories.distribution import ServeFactory

    today = timezone.localdate()
    ServeFactory(date=today, start_time=dt.time(12), status=Serve.Status.CLOSED)
    evening = ServeFactory(date=today, start_time=dt.time(17, 30))

    response = as_member.get(reverse("distribution:serve_today"))

    assert response["Location"] == reverse("distribution:serve_detail", args=[evening.pk])


def test_tonights_serve_says_when_there_is_none(as_member):
    response = as_member.get(reverse("distribution:serve_today"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("distribution:serve_list")
    assert "There is no serve today." in response.content.decode()


def test_notes_that_cannot_be_saved_come_back_with_what_was_typed(as_member, serve):
    # Regression: the page redirected with a message, and what was typed was lost.
    serve.notes = "Cold night"
    serve.save(update_fields=["notes"])

    response = as_member.post(
        reverse("distribution:serve_notes", args=[serve.pk]),
        {"notes": "Ran out of rice\x00 early"},
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "Null characters are not allowed." in body
    assert "Ran out of rice" in body
    serve.refresh_from_db()
    assert serve.notes == "Cold night"


def test_notes_are_saved_and_the_page_comes_back(as_member, serve):
    response = as_member.post(
        reverse("distribution:serve_notes", args=[serve.pk]), {"notes": "Ran out of rice"}
    )

    assert response.status_code == 302
    serve.refresh_from_db()
    assert serve.notes == "Ran out of rice"
