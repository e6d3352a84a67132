"""Volunteers on shift: signing up, checking in and out, hours, and "can't make it"."""

import datetime as dt
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from committees.models import Membership
from distribution import services
from distribution.models import Shift
from tests.factories.distribution import (
    ServeFactory,
    ShiftFactory,
    SiteFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_a_member_signs_up_for_a_serve_from_the_list(as_member, member, serve):
    response = as_member.post(reverse("distribution:serve_sign_up", args=[serve.pk]))

    assert response.status_code == 302
    shift = Shift.objects.get(volunteer=member)
    assert shift.serve == serve
    assert shift.date == serve.date
    assert shift.kind == Shift.Kind.SERVE


@pytest.mark.parametrize("next_", ["a b", "distribution:serve_list", "//evil.example.org/"])
def test_a_next_that_is_not_a_path_on_this_site_falls_back_to_the_list(
    as_member, member, serve, next_
):
    # Regression: a `next` without a slash was taken for a URL name (NoReverseMatch, a 500).
    response = as_member.post(
        reverse("distribution:serve_sign_up", args=[serve.pk]), {"next": next_}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("distribution:serve_list")
    assert Shift.objects.filter(volunteer=member, serve=serve).exists()


def test_signing_up_twice_keeps_one_shift(member, serve):
    services.shift_sign_up(volunteer=member, serve=serve)
    services.shift_sign_up(volunteer=member, serve=serve)

    assert Shift.objects.filter(volunteer=member).count() == 1


def test_im_here_checks_a_walk_in_volunteer_in(as_member, member, serve):
    response = as_member.post(
        reverse("distribution:serve_check_in", args=[serve.pk]), {"volunteer": member.pk}
    )

    assert response.status_code == 302
    shift = Shift.objects.get(volunteer=member, serve=serve)
    assert shift.checked_in_at is not None


def test_checking_out_records_the_hours(as_member, member, serve):
    shift = ShiftFactory(
        serve=serve, volunteer=member, checked_in_at=timezone.now() - dt.timedelta(hours=2)
    )

    as_member.post(reverse("distribution:shift_check_out", args=[shift.pk]))

    shift.refresh_from_db()
    assert shift.hours == 2.0


def test_hours_add_up_by_working_group(member, lead):
    group = WorkingGroupFactory(name="Distribution")
    start = timezone.now() - dt.timedelta(days=1)
    serve = ServeFactory(working_group=group)
    ShiftFactory(
        serve=serve,
        volunteer=member,
        working_group=group,
        checked_in_at=start,
        checked_out_at=start + dt.timedelta(hours=2, minutes=30),
    )
    ShiftFactory(
        serve=serve,
        volunteer=lead,
        working_group=group,
        checked_in_at=start,
        checked_out_at=start + dt.timedelta(hours=1),
    )
    ShiftFactory(serve=ServeFactory(), volunteer=member, checked_in_at=start)  # never out

    shifts = Shift.objects.between(serve.date, serve.date)
    assert shifts.hours() == 3.5
    assert Shift.objects.hours_by_working_group() == [
        {"working_group_id": group.pk, "working_group__name": "Distribution", "hours": 3.5}
    ]


def test_someone_else_cannot_say_i_cant_make_it(as_lead, member, serve):
    shift = ShiftFactory(serve=serve, volunteer=member)

    response = as_lead.post(reverse("distribution:shift_cancel", args=[shift.pk]))

    assert response.status_code == 404
    shift.refresh_from_db()
    assert shift.cancelled_at is None


def _wait_for_mail(count: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_cant_make_it_emails_the_serve_lead_through_the_worker(celery_worker, client, member, lead):
    lead.language = "es"
    lead.save()
    serve = ServeFactory(lead=lead, site=SiteFactory(name="Central Square"))
    shift = ShiftFactory(serve=serve, volunteer=member)
    client.force_login(member)

    response = client.post(reverse("distribution:shift_cancel", args=[shift.pk]))

    assert response.status_code == 302
    _wait_for_mail(1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]
    assert "Mo no puede venir al reparto" in message.subject
    assert "Mo no puede venir al reparto en Central Square" in message.body
    shift.refresh_from_db()
    assert shift.cancelled_at is not None
    assert shift.lead_notified_at is not None


def test_the_email_goes_once_even_if_the_task_runs_twice(member, lead, serve):
    shift = ShiftFactory(serve=serve, volunteer=member, cancelled_at=timezone.now())

    first = services.shift_cancellation_notify(shift_id=shift.pk)
    second = services.shift_cancellation_notify(shift_id=shift.pk)

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1


def test_without_a_serve_lead_the_working_groups_leads_are_told(member, other_lead):
    group = WorkingGroupFactory(name="Distribution")
    Membership.objects.create(group=group, user=other_lead, is_lead=True)
    Membership.objects.create(group=group, user=member, is_lead=False)
    serve = ServeFactory(working_group=group, lead=None)
    shift = ShiftFactory(serve=serve, volunteer=member, cancelled_at=timezone.now())

    assert services.shift_cancellation_notify(shift_id=shift.pk) == 1
    assert mail.outbox[0].to == [other_lead.email]


def test_a_started_shift_cannot_be_cancelled(member, serve):
    shift = ShiftFactory(serve=serve, volunteer=member, checked_in_at=timezone.now())

    assert services.shift_cancel(shift=shift, by=member) is False
    shift.refresh_from_db()
    assert shift.cancelled_at is None


def test_the_serve_page_offers_every_active_member_for_a_walk_in(as_member, member, serve):
    from tests.factories.accounts import UserFactory

    UserFactory(display_name="Rosa <b>", email="rosa@example.org")
    UserFactory(display_name="Gone", email="gone@example.org", is_active=False)
    page = as_member.get(reverse("distribution:serve_detail", args=[serve.pk])).content.decode()
    walk_in = page.split('id="id_walk_in_volunteer"', 1)[1].split("</select>", 1)[0]
    assert "Rosa &lt;b&gt;" in walk_in and "Gone" not in walk_in
    assert '<option value="" selected>Choose a volunteer</option>' in walk_in
    assert 'name="volunteer"' in page.split('id="id_walk_in_volunteer"', 1)[0].rsplit("<", 1)[1]
