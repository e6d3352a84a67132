"""Demo committees for the quick start: four working groups with leads and spokes, a
spokes-council decision, a general body meeting with quorum that decided about the serve's
site, action items (one overdue) and a weekly report. Idempotent; never used outside DEBUG.

The history is recorded through the services, so the demo obeys the same rules as the app
(the general body decides only with quorum, spokes cast their group's mandate). No email is
sent: action items are created directly."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from committees import services
from committees.models import (
    ActionItem,
    AgendaItem,
    Body,
    Meeting,
    Membership,
    Outcome,
    Scope,
    VoteChoice,
    WorkingGroup,
)
from core.weeks import Week

GROUPS = {
    "Collections": "Market pickups, neighbours' donations, the grocery run with cash donations.",
    "Delivery": "Bags to people who cannot come to the serve: requests, drivers, routes.",
    "Distribution": "The weekly serve: setup, the bag tables, the free store, cleanup.",
    "Outreach": "Talking with people at the serve and door to door; following up.",
}
# Members beyond the five demo logins, so that the general body has a real quorum. They have
# no usable password: they exist to be counted, not to sign in.
EXTRA_MEMBERS = {
    "rosa": {"display_name": "Rosa", "is_lead": True, "language": "es"},
    "tomas": {"display_name": "Tomás", "is_lead": True, "language": "es"},
    "aisha": {"display_name": "Aisha", "language": "en"},
    "ken": {"display_name": "Ken", "language": "en"},
}
GENERAL_BODY_TITLE = "Monthly general body"
# The general body's decision the rest of the demo follows: the serve moved from the church lot
# to Elm Street on the day it was decided (distribution.demo seats the serves accordingly).
OLD_SITE = "St. Mark's church lot"
NEW_SITE = "Elm Street Community Center"
SITE_MOVE_TITLE = "Move the weekly serve to the Elm Street site"
VAN_TITLE = "Share the van: Collections on Saturday mornings, Delivery the rest of the week"
# It meets in the afternoon: the serve that evening is the first at the new site.
GENERAL_BODY_HOUR = 15


def _members(users: dict[str, User]) -> dict[str, User]:
    everyone = dict(users)
    for key, fields in EXTRA_MEMBERS.items():
        user = User.objects.filter(email=f"demo-{key}@example.org").first()
        if user is None:
            user = User.objects.create_user(f"demo-{key}@example.org", None, **fields)
        everyone[key] = user
    return everyone


def _groups(people: dict[str, User]) -> dict[str, WorkingGroup]:
    groups = {}
    for name, purpose in GROUPS.items():
        groups[name], _created = WorkingGroup.objects.get_or_create(
            name=name, defaults={"purpose": purpose}
        )
    roster = {
        "Collections": [("rosa", True), ("member", False), ("ken", False)],
        "Delivery": [("lead", True), ("driver", False), ("aisha", False)],
        "Distribution": [("lead", True), ("member", False), ("coordinator", False)],
        "Outreach": [("tomas", True), ("investigator", False), ("aisha", False)],
    }
    for name, members in roster.items():
        for key, is_lead in members:
            Membership.objects.get_or_create(
                group=groups[name], user=people[key], defaults={"is_lead": is_lead}
            )
    return groups


def _meeting(body, group, day, hour, place, by, title="") -> Meeting:
    starts = timezone.make_aware(datetime.combine(day, time(hour, 0)))
    return services.meeting_schedule(
        body=body,
        group=group,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=90),
        place=place,
        by=by,
    )


def seed(users: dict[str, User]) -> None:
    people = _members(users)
    groups = _groups(people)
    if Meeting.objects.filter(title=GENERAL_BODY_TITLE).exists():
        return  # the history below is already there
    today = timezone.localdate()
    coordinator = people["coordinator"]

    # Each group elects its spoke at a recorded meeting, four weeks ago.
    spokes = {
        "Collections": "rosa",
        "Delivery": "driver",
        "Distribution": "member",
        "Outreach": "investigator",
    }
    election_day = today - timedelta(days=28)
    for name, key in spokes.items():
        meeting = _meeting(
            Body.WORKING_GROUP, groups[name], election_day, 18, "Community room", coordinator
        )
        services.meeting_record_attendance(
            meeting=meeting, members=list(groups[name].members.all()), by=coordinator
        )
        services.spoke_elect(
            group=groups[name],
            member=people[key],
            meeting=meeting,
            term_start=election_day,
            term_end=election_day + timedelta(days=182),
            mandate="Carry the group's needs for the van and the storage room to the council.",
            by=coordinator,
        )

    # The spokes-council shares the van, each spoke casting their group's mandate.
    van = services.proposal_create(
        title=VAN_TITLE,
        # Rosa writes to the council in both of the organization's languages.
        text="One van, two groups: a fixed split so nobody has to ask each week.\n\n"
        "Una camioneta, dos grupos: un reparto fijo para que nadie tenga que pedirla cada "
        "semana.",
        scope=Scope.COORDINATION,
        group=None,
        by=people["rosa"],
    )
    mandates = {"Collections": VoteChoice.FOR, "Delivery": VoteChoice.FOR}
    mandates["Distribution"] = VoteChoice.ABSTAIN
    for name, position in mandates.items():
        services.mandate_set(
            proposal=van, group=groups[name], position=position, note="", by=coordinator
        )
    council = _meeting(
        Body.SPOKES_COUNCIL,
        None,
        today - timedelta(days=14),
        19,
        "Call link in the group chat",
        coordinator,
    )
    services.meeting_record_attendance(
        meeting=council, members=[people[key] for key in spokes.values()], by=coordinator
    )
    services.agenda_item_add(
        meeting=council,
        kind=AgendaItem.Kind.PROPOSAL,
        title="",
        proposal=van,
        iso_week="",
        by=coordinator,
    )
    votes = {f"g{groups[name].pk}": position for name, position in mandates.items()}
    votes[f"g{groups['Outreach'].pk}"] = VoteChoice.FOR
    services.decision_record_at_meeting(
        proposal=van,
        meeting=council,
        votes=votes,
        reasoning="Collections needs the van only for the Saturday market pickup.",
        by=coordinator,
    )

    # A general body meeting with quorum decides about the site.
    general = _meeting(
        Body.GENERAL_BODY,
        None,
        today - timedelta(days=7),
        GENERAL_BODY_HOUR,
        NEW_SITE,
        coordinator,
        title=GENERAL_BODY_TITLE,
    )
    present = ["coordinator", "lead", "driver", "member", "rosa", "tomas"]
    services.meeting_record_attendance(
        meeting=general, members=[people[key] for key in present], by=coordinator
    )
    site = services.proposal_create(
        title=SITE_MOVE_TITLE,
        text="The church lot floods and has no cover. Elm Street has a covered side entrance, "
        "a bathroom, and is two blocks from the bus.\n\n"
        "El estacionamiento de la iglesia se inunda y no tiene techo. Elm Street tiene una "
        "entrada lateral cubierta, un baño y queda a dos cuadras del autobús.",
        scope=Scope.STEERING,
        group=None,
        by=people["tomas"],
    )
    services.agenda_item_add(
        meeting=general,
        kind=AgendaItem.Kind.PROPOSAL,
        title="",
        proposal=site,
        iso_week="",
        by=coordinator,
    )
    votes = {f"m{people[key].pk}": VoteChoice.FOR for key in present}
    votes[f"m{people['member'].pk}"] = VoteChoice.AGAINST
    site_decision = services.decision_record_at_meeting(
        proposal=site,
        meeting=general,
        votes=votes,
        reasoning="Cover from the rain and the bus stop outweigh the longer walk for people "
        "near the clinic; Outreach will tell everyone at the next two serves.",
        by=coordinator,
    )
    services.meeting_update(
        meeting=general,
        title=GENERAL_BODY_TITLE,
        starts_at=general.starts_at,
        ends_at=general.ends_at,
        place=general.place,
        minutes=_minutes(general, site_decision),
        by=coordinator,
    )

    # A lead's own operational decision, for their group.
    services.decision_record_by_lead(
        group=groups["Delivery"],
        proposal=None,
        title="Deliveries leave from the Elm Street site at 10 am",
        text="",
        outcome=Outcome.ADOPTED,
        reasoning="Drivers load while the side room is free; the first bags arrive before noon.",
        by=people["lead"],
    )

    # The next general body meeting reviews last week's summation.
    upcoming = _meeting(
        Body.GENERAL_BODY,
        None,
        today + timedelta(days=21),
        18,
        NEW_SITE,
        coordinator,
        title="Next general body",
    )
    services.agenda_item_add(
        meeting=upcoming,
        kind=AgendaItem.Kind.SUMMATION_REVIEW,
        title="",
        proposal=None,
        iso_week=str(Week.of(today).previous),
        by=coordinator,
    )
    _meeting(
        Body.WORKING_GROUP,
        groups["Delivery"],
        today + timedelta(days=3),
        18,
        "Elm Street, side room",
        coordinator,
    )

    for title, group, key, due, decision in [
        (
            "Ask Elm Street for a key to the side entrance",
            "Distribution",
            "member",
            3,
            site_decision,
        ),
        ("Map the delivery routes from the new site", "Delivery", "driver", -2, site_decision),
        ("Make bilingual signs for the move", "Outreach", "aisha", 5, site_decision),
    ]:
        ActionItem.objects.create(
            title=title,
            group=groups[group],
            assignee=people[key],
            due_on=today + timedelta(days=due),
            decision=decision,
            created_by=coordinator,
        )
    services.weekly_report_save(
        group=groups["Delivery"],
        iso_week=str(Week.of(today).previous),
        # Luis, who leads Delivery, writes in both languages. Last week had no deliveries
        # (distribution.demo's first run is today): the report says so.
        what_we_did="Dana trained as our first driver; the first delivery runs are this week.\n"
        "Dana se formó como nuestra primera conductora; las primeras rutas son esta semana.",
        what_went_wrong="No deliveries yet: two people at the serve asked and had to wait.\n"
        "Todavía no hubo entregas: dos personas lo pidieron en el reparto y tuvieron que esperar.",
        next_steps="Take delivery requests at the serve table from this week.\n"
        "Tomar solicitudes de entrega en la mesa del reparto desde esta semana.",
        by=people["lead"],
    )


def _minutes(meeting: Meeting, decision) -> str:
    """The general body's minutes, from what was recorded (not written apart from it)."""
    meeting.refresh_from_db(fields=["quorum_needed"])
    present = meeting.attendances.count()
    return (
        f"{present} members present, quorum {meeting.quorum_needed}. The site move was "
        f"adopted {decision.votes_for} to {decision.votes_against}."
    )
