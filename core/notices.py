"""A member's own notices (a shift tomorrow, a volunteer who can't make it, new deliveries to
drive), sent the way the member chose on their profile: by email, by text, or both. Callers
say what to tell and under which key; they never choose the channel.

- Email goes through core.emails (the member's language, one message each).
- A text goes through core.texts.queue under `key`: the same key queues one text, however often
  it is asked. Its body is short, in the member's language, a link and never an address, a
  grievance or another person's name (the phone and the gateway see it).
- A member who chose text but has no phone on file (or whose text cannot be queued) gets the
  email instead: a notice is never lost to a missing number.

An email has no idempotency key: callers claim the notice first (a conditional UPDATE on their
own row, e.g. Shift.reminded_for), so a task run twice notifies once."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core import emails, texts

logger = logging.getLogger(__name__)

# The channels a member may choose (accounts.NoticeChannel's values; core imports no app).
EMAIL, TEXT, BOTH = "email", "text", "both"


@dataclass(frozen=True)
class Notice:
    """What to tell a member: an email (subject and template) and a text (its template). Both
    templates are rendered in the member's language with `context`, plus `member`, `org` and
    `link` (an absolute URL)."""

    subject: Callable[[], str]
    email_template: str
    text_template: str
    context: dict
    path: str = ""


def text_body(member, notice: Notice) -> str:
    """The text a member gets for `notice`, in their language, on one line."""
    with translation.override(member.language or settings.LANGUAGE_CODE):
        body = render_to_string(notice.text_template, _context(member, notice))
    return " ".join(body.split())


def _context(member, notice: Notice) -> dict:
    link = emails.absolute(notice.path) if notice.path else ""
    return {**notice.context, "member": member, "org": settings.ORGANIZATION_NAME, "link": link}


def notify(member, *, key: str, notice: Notice) -> list[str]:
    """Tell `member` by the channel they chose. Returns the channels used ("email", "text")."""
    wants = getattr(member, "notices_by", EMAIL) or EMAIL
    used = []
    if wants in (TEXT, BOTH) and member.phone:
        try:
            texts.queue(
                key=key,
                phone=member.phone,
                body=text_body(member, notice),
                language=member.language,
            )
        except texts.TextRefused as refused:
            logger.warning("Notice %s not texted: %s", key.split(":")[0], refused)
        else:
            used.append(TEXT)
    if wants in (EMAIL, BOTH) or not used:
        message = emails.message_for(
            member,
            subject=notice.subject,
            template=notice.email_template,
            context=_context(member, notice),
        )
        if emails.send([message]):
            used.append(EMAIL)
    return used
