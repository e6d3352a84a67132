"""Members' own notices by the channel they chose (core.notices), sent by a real Celery worker
through the real android-sms-gateway client to the fake phone: a shift tomorrow, a volunteer
who can't make it, new deliveries to drive. Each is sent once, however often its task runs."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import OutgoingText
from distribution import services, tasks
from tests.factories.accounts import UserFactory
from tests.factories.distribution import (
    DeliveryRequestFactory,
    ServeFactory,
    ShiftFactory,
    SiteFactory,
)
from tests.texting.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def _member(email, *, notices_by, phone="", language="en", **roles):
    return UserFactory(
        email=email,
        display_name=email.split("@")[0].title(),
        notices_by=notices_by,
        phone=phone,
        language=language,
        **roles,
    )


def _sent(count):
    return lambda: OutgoingText.objects.filter(status=OutgoingText.Status.SENT).count() >= count


def test_a_volunteer_who_chose_texts_is_reminded_of_tomorrow_s_shift_once(gateway, celery_worker):
    rosa = _member("rosa@example.org", notices_by="text", phone="+16175550150", language="es")
    site = SiteFactory(name="Central Square", address="45 Pearl St")
    shift = ShiftFactory(serve=ServeFactory(site=site, date=TOMORROW), volunteer=rosa)

    tasks.send_shift_reminders.delay()
    tasks.send_shift_reminders.delay()  # beat's run delivered twice
    assert wait_for(_sent(1))
    assert tasks.send_shift_reminders.apply().get() == 0  # and a third run, in-process

    assert not wait_for(lambda: gateway.requests > 1, timeout=3)
    [message] = gateway.received
    assert message["phoneNumbers"] == ["+16175550150"]
    body = message["textMessage"]["text"]
    assert "mañana" in body
    assert f"/serves/{shift.serve_id}/" in body
    assert "Pearl" not in body  # no address in a text
    assert mail.outbox == []
    shift.refresh_from_db()
    assert shift.reminded_for == TOMORROW


def test_email_and_both_get_their_channels_and_a_cancelled_shift_nothing(gateway):
    by_email = _member("email@example.org", notices_by="email")
    by_both = _member("both@example.org", notices_by="both", phone="+16175550151")
    gone = _member("gone@example.org", notices_by="both", phone="+16175550152")
    serve = ServeFactory(date=TOMORROW)
    ShiftFactory(serve=serve, volunteer=by_email)
    ShiftFactory(serve=serve, volunteer=by_both)
    ShiftFactory(serve=serve, volunteer=gone, cancelled_at=timezone.now())

    assert services.shift_reminders_send() == 2

    assert sorted(m.to[0] for m in mail.outbox) == ["both@example.org", "email@example.org"]
    assert list(OutgoingText.objects.values_list("phone", flat=True)) == ["+16175550151"]


def test_a_driver_s_run_tomorrow_is_reminded_with_a_link_to_the_run(gateway):
    dana = _member("dana@example.org", notices_by="text", phone="+16175550153", is_driver=True)
    ShiftFactory(kind="delivery_run", serve=None, date=TOMORROW, volunteer=dana)

    assert services.shift_reminders_send() == 1

    [text] = OutgoingText.objects.all()
    assert f"/run/{TOMORROW.isoformat()}/" in text.body


def test_cant_make_it_reaches_a_lead_who_chose_texts_without_the_volunteer_s_name(
    gateway, celery_worker, client
):
    luis = _member("luis@example.org", notices_by="text", phone="+16175550154", is_lead=True)
    mo = _member("mo@example.org", notices_by="email")
    shift = ShiftFactory(serve=ServeFactory(lead=luis, date=TOMORROW), volunteer=mo)
    client.force_login(mo)

    response = client.post(reverse("distribution:shift_cancel", args=[shift.pk]))

    assert response.status_code == 302
    assert wait_for(_sent(1))
    [message] = gateway.received
    assert message["phoneNumbers"] == ["+16175550154"]
    body = message["textMessage"]["text"]
    assert "can't make it" in body and f"/serves/{shift.serve_id}/" in body
    assert "Mo" not in body
    assert mail.outbox == []  # the lead chose texts only
    # The task delivered again tells nobody again.
    assert tasks.notify_lead_of_cancellation.apply(args=[shift.pk]).get() == 0
    assert OutgoingText.objects.count() == 1


def test_a_driver_hears_of_new_deliveries_with_a_link_not_the_address(gateway, celery_worker):
    dana = _member("dana@example.org", notices_by="text", phone="+16175550155", is_driver=True)
    lead = _member("lena@example.org", notices_by="email", is_lead=True)
    day = timezone.localdate()
    first = DeliveryRequestFactory(date=day, address="12 Dorchester Ave, Apt 2")
    second = DeliveryRequestFactory(date=day, address="14 Dorchester Ave")

    outcome = services.delivery_assign(
        selections=[(first.pk, first.version), (second.pk, second.version)], driver=dana, by=lead
    )

    assert outcome.assigned == [first.pk, second.pk]
    assert wait_for(_sent(1))
    [message] = gateway.received
    body = message["textMessage"]["text"]
    assert "2 new deliveries" in body and f"/run/{day.isoformat()}/" in body
    assert "Dorchester" not in body
    # Run twice: the requests are claimed, nobody is told again.
    assert tasks.notify_driver_of_assignment.apply(args=[dana.pk, outcome.assigned]).get() == 0
    assert not wait_for(lambda: gateway.requests > 1, timeout=3)


def test_a_member_who_chose_texts_but_has_no_phone_gets_the_email(gateway):
    luis = _member("luis@example.org", notices_by="text", phone="", is_lead=True)
    mo = _member("mo@example.org", notices_by="email")
    shift = ShiftFactory(serve=ServeFactory(lead=luis), volunteer=mo, cancelled_at=timezone.now())

    assert services.shift_cancellation_notify(shift_id=shift.pk) == 1

    assert [m.to for m in mail.outbox] == [["luis@example.org"]]
    assert OutgoingText.objects.count() == 0


def test_a_member_s_phone_the_gateway_refuses_fails_with_its_reason(gateway, celery_worker):
    gateway.fail_next = [400]
    rosa = _member("rosa@example.org", notices_by="text", phone="+1999")
    ShiftFactory(serve=ServeFactory(date=TOMORROW), volunteer=rosa)

    assert services.shift_reminders_send() == 1

    failed = lambda: OutgoingText.objects.filter(status=OutgoingText.Status.FAILED).exists()  # noqa: E731
    assert wait_for(failed)
    text = OutgoingText.objects.get()
    assert text.error == "gateway refused the text (400)"
    assert gateway.requests == 1
