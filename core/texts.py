"""Text messages (SMS), beside email: one way to send them, whatever carries them.

`queue()` writes one OutgoingText under the sender's idempotency key and enqueues the
`core.tasks.send_text` task once the transaction commits; the task claims the row and hands it
to `deliver()`, which sends it through the backend TEXT_BACKEND names:

- `android`: the organization's own Android phone running SMS Gateway for Android, in its
  local-server mode, through the `android-sms-gateway` client (TEXT_GATEWAY_URL, _LOGIN,
  _PASSWORD from the environment only);
- `console`: prints the text (the embedded quick start), like Django's console email backend;
- `locmem`: keeps the texts in `outbox` (tests);
- `disabled`: sends nothing; every text fails with a clear reason.

A gateway that cannot be reached or answers 5xx raises GatewayUnavailable (the task retries);
a phone or a text the gateway refuses raises TextRefused (the text fails, no retry). Callers
decide who may be texted (consent lives with the contacts, see texting/); this module never
sees a contact, only a number, a text and whose data key seals them."""

import logging
import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import OutgoingText
from core.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

Status = OutgoingText.Status

# A text longer than this many SMS segments is refused before it is queued (issue 16: a
# template over 3 segments is an error next to the field, not a surprise on the bill).
MAX_SEGMENTS = 3

# The GSM 03.38 basic character set (and its extension table, which costs two characters):
# a text of these alone goes in 160-character segments, anything else in 70 (UCS-2).
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")


class TextRefused(Exception):
    """The gateway (or this module) will not send this text: a bad number, too long. Final."""


class GatewayUnavailable(Exception):
    """The gateway cannot take the text now (unreachable, 5xx). The task tries again."""


def segments(body: str) -> int:
    """How many SMS segments `body` takes: 160/153 characters in GSM-7, 70/67 otherwise."""
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in body):
        length = sum(2 if ch in _GSM_EXTENDED else 1 for ch in body)
        single, part = 160, 153
    else:
        length = len(body.encode("utf-16-le")) // 2
        single, part = 70, 67
    if length <= single:
        return 1
    return -(-length // part)


def check_body(body: str) -> None:
    """Raise TextRefused with a reason a member can read if `body` cannot go out."""
    if not body.strip():
        raise TextRefused(_("The text is empty."))
    if segments(body) > MAX_SEGMENTS:
        raise TextRefused(
            _("The text is too long: at most %(count)s text messages' worth.")
            % {"count": MAX_SEGMENTS}
        )


def gateway_id_for(key: str) -> str:
    """The id the gateway knows a text by, the same every time for the same key."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"basework-text:{key}"))


def queue(
    *, key: str, phone: str, body: str, language: str = "", key_id: int | None = None
) -> tuple[OutgoingText, bool]:
    """Queue one text under `key`; a key already queued queues nothing (returns it, False).
    `key_id` is the recipient's own data key (a contact's), which seals number and text."""
    check_body(body)
    if not phone.strip():
        raise TextRefused(_("There is no phone number to text."))
    with transaction.atomic():
        text, created = OutgoingText.objects.get_or_create(
            idempotency_key=key,
            defaults={
                "phone": phone.strip(),
                "body": body,
                "language": language,
                "key_id": key_id,
                "gateway_id": gateway_id_for(key),
            },
        )
        if created:
            enqueue_on_commit("core.tasks.send_text", text.pk)
    return text, created


def send_queued(*, text_id: int) -> bool:
    """Claim the queued text and deliver it. False when there was nothing to send: already
    sent, failed for good, or being sent by another run (a task delivered twice). A claim
    older than TEXT_CLAIM_SECONDS is taken over: that worker died mid-send, and the gateway
    knows the text by its id, so a resend is the same message."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.TEXT_CLAIM_SECONDS)
    claimed = (
        OutgoingText.objects.filter(pk=text_id)
        .filter(Q(status=Status.QUEUED) | Q(status=Status.SENDING, claimed_at__lt=stale))
        .update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    text = OutgoingText.objects.select_related("key").get(pk=text_id)
    try:
        deliver(text)
    except TextRefused as refused:
        _settle(text_id, status=Status.FAILED, error=str(refused))
        return False
    except GatewayUnavailable:
        # Back in the queue for the retry; nothing else changes.
        OutgoingText.objects.filter(pk=text_id, status=Status.SENDING).update(
            status=Status.QUEUED, claimed_at=None
        )
        raise
    OutgoingText.objects.filter(pk=text_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), error=""
    )
    return True


def give_up(*, text_id: int, reason: str) -> None:
    """The last retry failed too: the text is marked failed with the gateway's reason."""
    _settle(text_id, status=Status.FAILED, error=reason)


# A run of digits that may be a phone number, in a gateway's error message.
_NUMBER = re.compile(r"\+?\d[\d\s().-]{4,}\d")


def _reason(error: str) -> str:
    """A failure reason fit to keep: the gateway's words without any phone number in them."""
    return _NUMBER.sub("…", error)[:200]


def _settle(text_id: int, *, status: str, error: str = "") -> None:
    OutgoingText.objects.filter(pk=text_id).exclude(status=Status.DELIVERED).update(
        status=status, error=_reason(error)
    )


def record_gateway_event(*, gateway_id: str, event: str, reason: str = "") -> bool:
    """What the gateway's webhook said of a text it sent: sms:sent, sms:delivered, sms:failed.
    A status never goes back (delivered stays delivered). True when a text changed."""
    texts = OutgoingText.objects.filter(gateway_id=gateway_id)
    now = timezone.now()
    if event == "sms:sent":
        changed = texts.filter(status__in=[Status.QUEUED, Status.SENDING]).update(
            status=Status.SENT, sent_at=now
        )
    elif event == "sms:delivered":
        changed = texts.exclude(status=Status.DELIVERED).update(
            status=Status.DELIVERED, delivered_at=now, error=""
        )
    elif event == "sms:failed":
        changed = texts.exclude(status=Status.DELIVERED).update(
            status=Status.FAILED, error=_reason(reason or "failed on the phone")
        )
    else:
        changed = 0
    return bool(changed)


def purge(*, now=None) -> int:
    """Delete the texts settled more than TEXT_RETENTION_DAYS ago (number and text with them)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TEXT_RETENTION_DAYS)
    deleted, _by_model = OutgoingText.objects.due_for_purge(cutoff).delete()
    return deleted


# Backends ----------------------------------------------------------------------------------


def deliver(text: OutgoingText) -> None:
    """The one sending function: hand `text` to the backend TEXT_BACKEND names."""
    backend = BACKENDS.get(settings.TEXT_BACKEND)
    if backend is None:
        raise TextRefused(f"unknown TEXT_BACKEND {settings.TEXT_BACKEND!r}")
    backend(text)


def _android(text: OutgoingText) -> None:
    """SMS Gateway for Android, local-server mode: POST {TEXT_GATEWAY_URL}/messages with the
    phone's login and password, the text's stable id, and a delivery report."""
    import requests
    from android_sms_gateway import APIClient, Message, TextMessage, errors
    from android_sms_gateway.enums import ProcessState
    from android_sms_gateway.http import RequestsHttpClient

    session = _timed_session()
    client = APIClient(
        settings.TEXT_GATEWAY_LOGIN,
        settings.TEXT_GATEWAY_PASSWORD,
        base_url=settings.TEXT_GATEWAY_URL,
        http=RequestsHttpClient(session),
    )
    message = Message(
        phone_numbers=[text.phone],
        text_message=TextMessage(text=text.body),
        id=text.gateway_id,
        with_delivery_report=True,
    )
    try:
        state = client.send(message)
    except errors.APIError as exc:
        status = exc.status_code or 0
        if status == 409:  # the gateway has this id already: sent by an earlier attempt
            return
        if 400 <= status < 500 and status not in (401, 403, 408, 429):
            raise TextRefused(f"gateway refused the text ({status})") from exc
        raise GatewayUnavailable(f"gateway answered {status}") from exc
    except requests.RequestException as exc:
        raise GatewayUnavailable(f"gateway unreachable ({type(exc).__name__})") from exc
    finally:
        session.close()
    if state.state == ProcessState.Failed:
        errors_said = [r.error for r in state.recipients if r.error]
        raise TextRefused(errors_said[0] if errors_said else "gateway refused the text")


def _timed_session():
    import requests

    class TimedSession(requests.Session):
        """The client sets no timeout: a phone that stops answering must not hold a worker."""

        def request(self, *args, **kwargs):
            kwargs.setdefault("timeout", settings.TEXT_GATEWAY_TIMEOUT)
            return super().request(*args, **kwargs)

    return TimedSession()


def _console(text: OutgoingText) -> None:
    print(  # noqa: T201 (the console backend's whole point, like Django's console email)
        f"Text to: {text.phone}\nLanguage: {text.language or '-'}\n\n{text.body}\n{'-' * 79}",
        flush=True,
    )


# The locmem backend's texts, in the order sent: tests read and clear it.
outbox: list[dict] = []


def _locmem(text: OutgoingText) -> None:
    outbox.append({"to": text.phone, "body": text.body, "id": text.gateway_id})


def _disabled(text: OutgoingText) -> None:
    raise TextRefused("texts are turned off (TEXT_BACKEND=disabled)")


BACKENDS = {
    "android": _android,
    "console": _console,
    "locmem": _locmem,
    "disabled": _disabled,
}
