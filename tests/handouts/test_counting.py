"""Copies given out at the serve, counted like bag taps: a key counted once, whichever phone
sends it and however often; closed serves locked; printed batches say how many are left."""

import threading
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from distribution.models import Serve
from handouts import services
from handouts.models import HandoutTap
from tests.factories.distribution import ServeFactory
from tests.factories.handouts import handout_with_current

pytestmark = pytest.mark.django_db


def test_a_count_sent_twice_is_counted_once(lead):
    handout = handout_with_current(by=lead)
    serve = ServeFactory()
    key = uuid.uuid4()
    assert services.handout_tap(serve=serve, handout=handout, language="es", key=key, by=lead)
    assert not services.handout_tap(
        serve=serve, handout=handout, language="es", key=key, device="other", by=lead
    )
    assert serve.handout_taps.all().totals() == {f"handout:{handout.pk}:es": 1}


def test_a_closed_serve_refuses_counts(lead):
    handout = handout_with_current(by=lead)
    serve = ServeFactory(status=Serve.Status.CLOSED)
    with pytest.raises(services.ServeClosed):
        services.handout_tap(serve=serve, handout=handout, language="en", key=uuid.uuid4(), by=lead)
    assert not HandoutTap.objects.exists()


def test_undo_takes_back_this_phones_last_count_once(lead):
    handout = handout_with_current(by=lead)
    serve = ServeFactory()
    for language in ("en", "es"):
        services.handout_tap(
            serve=serve, handout=handout, language=language, key=uuid.uuid4(), device="a", by=lead
        )
    undo = uuid.uuid4()
    assert services.handout_undo(serve=serve, key=undo, device="a", by=lead).language == "es"
    assert services.handout_undo(serve=serve, key=undo, device="a", by=lead) is None
    assert serve.handout_taps.all().totals() == {f"handout:{handout.pk}:en": 1}


@pytest.mark.django_db(transaction=True)
def test_several_phones_at_once_are_each_counted_once(lead):
    """Four phones send the same eight counts at the same moment (retries crossing)."""
    handout = handout_with_current(by=lead)
    serve = ServeFactory()
    keys = [uuid.uuid4() for _ in range(8)]
    barrier = threading.Barrier(4)
    errors = []

    def phone(device):
        try:
            barrier.wait()
            for n, key in enumerate(keys):
                services.handout_tap(
                    serve=serve,
                    handout=handout,
                    language="en" if n % 2 else "es",
                    key=key,
                    device=device,
                    by=lead,
                )
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=phone, args=(f"phone-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert serve.handout_taps.all().totals() == {
        f"handout:{handout.pk}:en": 4,
        f"handout:{handout.pk}:es": 4,
    }


def test_the_count_page_posts_through_the_serve_script_and_answers_json(as_lead, lead):
    handout = handout_with_current(by=lead)
    serve = ServeFactory()
    page = as_lead.get(reverse("handouts:serve_count", args=[serve.pk]))
    assert page.status_code == 200
    assert b'data-tap-url="/handouts/serves/' in page.content and b"js/serve.js" in page.content
    key = str(uuid.uuid4())
    url = reverse("handouts:serve_tap", args=[serve.pk])
    fields = {"kind": handout.pk, "language": "es", "key": key, "device": "p1"}
    for _ in range(2):
        answer = as_lead.post(url, fields, HTTP_ACCEPT="application/json")
        assert answer.json()["totals"] == {f"handout:{handout.pk}:es": 1}
    bad = as_lead.post(url, {**fields, "language": "fr"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "not understood" in bad.json()["error"]


def test_a_printed_batch_says_how_many_are_left(as_lead, lead):
    handout = handout_with_current(by=lead)
    serve = ServeFactory()
    url = reverse("handouts:serve_print", args=[serve.pk])
    bad = as_lead.post(url, {"handout": handout.pk, "copies": "0", "printed_on": "2026-12-07"})
    assert bad.status_code == 422 and not handout.current_version.printed_batches.exists()
    assert (
        as_lead.post(
            url, {"handout": handout.pk, "copies": "40", "printed_on": "2026-12-07"}
        ).status_code
        == 302
    )
    services.handout_tap(serve=serve, handout=handout, language="en", key=uuid.uuid4(), by=lead)
    page = as_lead.get(reverse("handouts:serve_count", args=[serve.pk]))
    assert "39 printed copies left" in page.content.decode()


def test_print_for_tonight_suggests_the_busiest_of_the_last_four_serves(as_member, lead):
    from distribution.models import Tap
    from tests.factories.distribution import TapFactory

    handout_with_current(by=lead)
    tonight = ServeFactory()
    site = tonight.site
    from datetime import timedelta

    for weeks, households in ((1, 12), (2, 30), (3, 9), (4, 14), (5, 99)):
        past = ServeFactory(site=site, date=tonight.date - timedelta(weeks=weeks))
        for _ in range(households):
            TapFactory(serve=past, kind=Tap.Kind.HOUSEHOLD_NEW)
        past.status = Serve.Status.CLOSED
        past.save(update_fields=["status"])
    page = as_member.get(reverse("handouts:serve_print", args=[tonight.pk]))
    text = page.content.decode()
    assert "Suggested: 30 copies" in text  # the fifth serve back (99) is not among the last four
    assert "print 8 sheets" in text  # four copies a sheet
