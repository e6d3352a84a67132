"""Summation tests write PDFs: each test gets its own MEDIA_ROOT. Helpers create the skeleton
models (contacts, base areas) at a chosen moment, since their own factories belong to their
apps."""

from datetime import datetime

import pytest

from contacts.models import Contact
from investigation.models import BaseArea
from summations.weeks import Week, organization_tz

WEEK = Week(2026, 46)  # Monday 9 to Sunday 15 November 2026


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def local(*args) -> datetime:
    """A moment in the organization's time zone."""
    return datetime(*args, tzinfo=organization_tz())


def make_contact(*, at: datetime, base_area=None, name="Ana", **fields) -> Contact:
    contact = Contact.objects.create(name=name, base_area=base_area, **fields)
    Contact.objects.filter(pk=contact.pk).update(created_at=at)
    return contact


def make_area(name: str) -> BaseArea:
    return BaseArea.objects.create(name=name, kind=BaseArea.Kind.BUILDING)
