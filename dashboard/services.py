"""Writes the dashboard owns: the member's calendar link."""

import secrets

from accounts.models import User


def calendar_token_reset(*, user: User) -> str:
    """Give the member a new secret calendar link. The old link stops working at once, so a
    link shared by mistake can be cut off."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
