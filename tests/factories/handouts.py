"""Handouts for tests: a draft, and a version adopted the only way there is, by a general
body meeting with quorum deciding its steering proposal."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from committees import services as committees
from committees.models import AgendaItem, Body, VoteChoice
from handouts import services
from handouts.models import Handout, HandoutVersion, Kind

POINTS_EN = """We are neighbours feeding neighbours.

- Food is a right, not a reward.
- **Nobody** is asked for ID."""
POINTS_ES = """Somos vecinos que alimentan a vecinos.

- La comida es un derecho, no un premio.
- A **nadie** se le pide identificación."""


def draft(*, by: User, kind: str = Kind.POINTS_OF_UNITY, **texts) -> HandoutVersion:
    values = {
        "title_en": "Our points of unity",
        "title_es": "Nuestros puntos de unidad",
        "body_en": POINTS_EN,
        "body_es": POINTS_ES,
    }
    values.update(texts)
    return services.handout_create(kind=kind, by=by, **values)


def general_body_decides(version: HandoutVersion, *, by: User, present=None, adopt=True):
    """Propose `version` (if still a draft) and record a general body decision on it at a
    meeting where `present` (every active member unless told) attend."""
    if version.is_draft:
        version = services.handout_version_propose(version=version, by=by)
    starts_at = timezone.now() - timedelta(hours=1)
    meeting = committees.meeting_schedule(
        body=Body.GENERAL_BODY,
        group=None,
        title="General body",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Community room",
        by=by,
    )
    members = present if present is not None else list(User.objects.filter(is_active=True))
    committees.meeting_record_attendance(meeting=meeting, members=members, by=by)
    committees.agenda_item_add(
        meeting=meeting,
        kind=AgendaItem.Kind.PROPOSAL,
        title="",
        proposal=version.proposal,
        iso_week="",
        by=by,
    )
    choice = VoteChoice.FOR if adopt else VoteChoice.AGAINST
    decision = committees.decision_record_at_meeting(
        proposal=version.proposal,
        meeting=meeting,
        votes={f"m{member.pk}": choice for member in members},
        reasoning="It says who we are.",
        by=by,
    )
    return version, decision


def adopted(*, by: User, version: HandoutVersion | None = None, **texts) -> HandoutVersion:
    version = version or draft(by=by, **texts)
    version, _decision = general_body_decides(version, by=by)
    return services.handout_version_adopt(version=version, by=by)


def handout_with_current(*, by: User, **texts) -> Handout:
    return adopted(by=by, **texts).handout
