"""Emails to members, each rendered in the recipient's own language, one message per member
(nobody sees the other recipients' addresses)."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import translation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def message_for(
    member, *, subject: Callable[[], str], template: str, context: dict
) -> EmailMessage:
    """`subject` is called inside the member's language, so it can use gettext."""
    with translation.override(member.language or settings.LANGUAGE_CODE):
        return EmailMessage(
            subject=" ".join(str(subject()).split()),
            body=render_to_string(
                template, {**context, "member": member, "org": settings.ORGANIZATION_NAME}
            ),
            to=[member.email],
        )


def send(messages: Iterable[EmailMessage]) -> int:
    messages = list(messages)
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0
