"""What every committees service shares: the refusal it raises and today's date."""

from datetime import date

from django.utils import timezone


class Refused(Exception):
    """A write the committee rules do not allow. `message` tells the member why; `field` names
    the form field it belongs next to, if any."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _today() -> date:
    return timezone.localdate()
