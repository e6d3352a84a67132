"""core.texts without a gateway: segment counting, the checks before a text is queued, one text
per key, and the console and disabled backends."""

import pytest

from core import texts
from core.models import OutgoingText

pytestmark = pytest.mark.django_db


def test_segments_count_gsm_and_unicode_texts():
    assert texts.segments("a" * 160) == 1
    assert texts.segments("a" * 161) == 2
    assert texts.segments("a" * 153 * 3) == 3
    assert texts.segments("reunión " + "a" * 62) == 1  # 70 characters with an ó
    assert texts.segments("reunión " + "a" * 63) == 2
    assert texts.segments("€" * 80) == 1  # the extension table costs two each


def test_a_text_over_three_segments_or_empty_is_refused_and_nothing_is_queued():
    with pytest.raises(texts.TextRefused, match="too long"):
        texts.queue(key="k:1", phone="+16175550101", body="a" * (153 * 3 + 1))
    with pytest.raises(texts.TextRefused, match="empty"):
        texts.queue(key="k:2", phone="+16175550101", body="   ")
    with pytest.raises(texts.TextRefused, match="no phone"):
        texts.queue(key="k:3", phone=" ", body="Hola")
    assert not OutgoingText.objects.exists()


def test_the_same_key_queues_one_text(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first, created = texts.queue(key="k:4", phone="+16175550101", body="Hola")
        again, created_again = texts.queue(key="k:4", phone="+16175550101", body="Hola")
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk and OutgoingText.objects.count() == 1
    assert len(callbacks) == 1  # one task enqueued


def test_the_console_backend_prints_the_text(settings, capsys):
    settings.TEXT_BACKEND = "console"
    text, _created = texts.queue(key="k:5", phone="+16175550101", body="Serve Monday 5:30pm")
    assert texts.send_queued(text_id=text.pk) is True
    printed = capsys.readouterr().out
    assert "Text to: +16175550101" in printed and "Serve Monday 5:30pm" in printed
    text.refresh_from_db()
    assert text.status == OutgoingText.Status.SENT and text.attempts == 1
    assert texts.send_queued(text_id=text.pk) is False  # sent already: nothing to claim


def test_the_locmem_backend_keeps_the_text(settings):
    settings.TEXT_BACKEND = "locmem"
    texts.outbox.clear()
    text, _created = texts.queue(key="k:6", phone="+16175550101", body="Hola")
    texts.send_queued(text_id=text.pk)
    assert texts.outbox == [{"to": "+16175550101", "body": "Hola", "id": text.gateway_id}]


def test_the_disabled_backend_fails_every_text_with_a_reason(settings):
    settings.TEXT_BACKEND = "disabled"
    text, _created = texts.queue(key="k:7", phone="+16175550101", body="Hola")
    assert texts.send_queued(text_id=text.pk) is False
    text.refresh_from_db()
    assert text.status == OutgoingText.Status.FAILED
    assert text.error == "texts are turned off (TEXT_BACKEND=disabled)"


def test_settled_texts_are_purged_after_the_retention(settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.TEXT_BACKEND = "locmem"
    old, _ = texts.queue(key="k:8", phone="+16175550101", body="Hola")
    texts.send_queued(text_id=old.pk)
    waiting, _ = texts.queue(key="k:9", phone="+16175550101", body="Hola")
    later = timezone.now() + timedelta(days=settings.TEXT_RETENTION_DAYS + 1)
    assert texts.purge(now=later) == 1
    assert list(OutgoingText.objects.values_list("pk", flat=True)) == [waiting.pk]


def test_a_failure_reason_keeps_no_phone_number(settings):
    settings.TEXT_BACKEND = "locmem"
    text, _created = texts.queue(key="k:10", phone="+16175550101", body="Hola")
    texts.give_up(text_id=text.pk, reason="invalid number +1 (617) 555-0101 on SIM 1")
    text.refresh_from_db()
    assert text.error == "invalid number … on SIM 1"
