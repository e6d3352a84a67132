"""Every email Basework sends goes through here: rendered in the recipient's own language, one
message per recipient (nobody sees the other recipients' addresses), through the default
mailer."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import translation


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def message_to(
    address: str, *, language: str, subject: Callable[[], str], template: str, context: dict
) -> EmailMessage:
    """One message to `address`, rendered in `language`. `subject` is called inside that
    language, so it can use gettext or render a template; its whitespace is folded to one line."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return EmailMessage(
            subject=" ".join(str(subject()).split()),
            body=render_to_string(template, {**context, "org": settings.ORGANIZATION_NAME}),
            to=[address],
        )


def message_for(
    member, *, subject: Callable[[], str], template: str, context: dict
) -> EmailMessage:
    """One message to a member, in the member's language."""
    return message_to(
        member.email,
        language=member.language,
        subject=subject,
        template=template,
        context={**context, "member": member},
    )


def send(messages: Iterable[EmailMessage]) -> int:
    messages = list(messages)
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0
