"""Demo summations for the quick start, built from every other app's demo data: the week
before last, presented at the demo general body meeting and adopted by its decision on "Adopt
the summation of week N"; last week's draft, with a member's comment, on the agenda of the
next general body meeting (committees.demo). Idempotent; never used outside DEBUG.

The leads' weekly reports for these two weeks are written here (committees.demo writes one),
so that the demo summation reads like a real one. No email is sent."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from committees import demo as committees_demo
from committees import services as committees
from committees.models import (
    AgendaItem,
    Decision,
    Meeting,
    Membership,
    VoteChoice,
    WeeklyReport,
    WorkingGroup,
)
from core.weeks import Week
from summations import services
from summations.models import Summation, SummationComment

# (group, what we did, what went wrong, next steps), per demo week (0: last week).
REPORTS = {
    1: [
        (
            "Collections",
            "Saturday market pickup: 14 crates of produce. Bought rice, beans and oil with "
            "the week's cash donations.",
            "The van was late; half the bread went stale before the serve.",
            "Ask the bakery for a Sunday pickup instead.",
        ),
        (
            "Outreach",
            "Two tables at the serve with the tenants' committee flyer; door knocking at "
            "Maverick Square.",
            "Only one of us speaks Spanish on Mondays.",
            "Pair each new volunteer with a Spanish speaker.",
        ),
    ],
    0: [
        (
            "Collections",
            "Market pickup and a neighbours' clothes drive for the free store.",
            "",
            "Sort the clothes by size before Monday.",
        ),
        (
            "Distribution",
            "First serve at the Elm Street site: the covered entrance kept the line dry.",
            "We ran out of no-cook bags an hour before closing.",
            "Pack ten more no-cook bags; count them at setup.",
        ),
        (
            "Outreach",
            "Follow-ups with the Maverick Square tenants who signed the petition.",
            "Three follow-ups are overdue: nobody took them after the meeting.",
            "Assign every follow-up at the end of the serve.",
        ),
    ],
}
COMMENT = "Fewer new contacts than last week: the serve moved indoors. Table outside?"


def seed(users: dict) -> list[Summation]:
    last_week = Week.last_completed(timezone.now())
    weeks = (last_week.previous, last_week)
    _date_the_organization_back(last_week)
    _reports(weeks, users)
    seeded = []
    for week in weeks:
        summation = Summation.objects.for_week(week).first()
        if summation is None:
            services.summation_build_now(week=week, notify=False)
            summation = Summation.objects.for_week(week).get()
        seeded.append(summation)
    adopted, draft = seeded
    if adopted.state == Summation.State.DRAFT and adopted.build_status == "done":
        _adopt(adopted, users["coordinator"])
    if not SummationComment.objects.filter(summation=draft).exists():
        services.summation_comment_create(summation=draft, by=users["member"], body=COMMENT)
    # The demo weeks count as announced: a later `build_summation` emails nobody.
    Summation.objects.filter(
        pk__in=[s.pk for s in seeded], build_status="done", ready_notice_sent_at__isnull=True
    ).update(ready_notice_sent_at=timezone.now())
    return seeded


def _date_the_organization_back(last_week: Week) -> None:
    """seed_demo creates the demo members and working groups today, after the weeks the demo
    summations cover, which would then count no members at all. The story is of an
    organization founded half a year ago, one of whose members (Ken) joined last week: date
    them so. Only rows created after those dates are touched."""
    founded = last_week.start - timedelta(weeks=26)
    demo_emails = {
        *(f"{role}@example.org" for role in ("coordinator", "lead", "investigator", "driver")),
        "member@example.org",
        *(f"demo-{key}@example.org" for key in committees_demo.EXTRA_MEMBERS),
    }
    newcomer = "demo-ken@example.org"
    User.objects.filter(email__in=demo_emails - {newcomer}, date_joined__gt=founded).update(
        date_joined=founded
    )
    joined_last_week = last_week.start + timedelta(days=2, hours=18)
    User.objects.filter(email=newcomer, date_joined__gt=joined_last_week).update(
        date_joined=joined_last_week
    )
    groups = WorkingGroup.objects.filter(name__in=committees_demo.GROUPS, created_at__gt=founded)
    groups.update(created_at=founded)
    Membership.objects.filter(
        group__name__in=committees_demo.GROUPS, joined_on__gt=founded.date()
    ).exclude(user__email=newcomer).update(joined_on=founded.date())
    Membership.objects.filter(user__email=newcomer, joined_on__gt=joined_last_week.date()).update(
        joined_on=joined_last_week.date()
    )


def _reports(weeks: tuple[Week, Week], users: dict) -> None:
    groups = {g.name: g for g in WorkingGroup.objects.all()}
    for age, reports in REPORTS.items():
        week = str(weeks[1 - age])
        for name, did, wrong, next_steps in reports:
            group = groups.get(name)
            if group is None or WeeklyReport.objects.filter(group=group, iso_week=week).exists():
                continue
            lead = group.memberships.filter(is_lead=True).select_related("user").first()
            committees.weekly_report_save(
                group=group,
                iso_week=week,
                what_we_did=did,
                what_went_wrong=wrong,
                next_steps=next_steps,
                by=lead.user if lead else users["coordinator"],
            )


def _adopt(summation: Summation, coordinator) -> None:
    """Review the summation at the demo general body meeting (it met last week, with quorum),
    decide "Adopt the summation of week N" there, then present and adopt it."""
    meeting = Meeting.objects.filter(title=committees_demo.GENERAL_BODY_TITLE).first()
    if meeting is None or meeting.starts_at > timezone.now():
        return
    week = str(summation.period)
    item = AgendaItem.objects.summation_reviews(week).filter(meeting=meeting).first()
    if item is None:
        item = committees.agenda_item_add(
            meeting=meeting,
            kind=AgendaItem.Kind.SUMMATION_REVIEW,
            title="",
            proposal=None,
            iso_week=week,
            by=coordinator,
        )
    if not Decision.objects.filter(proposal=item.proposal).exists():
        present = meeting.attendances.values_list("member_id", flat=True)
        committees.decision_record_at_meeting(
            proposal=item.proposal,
            meeting=meeting,
            votes={f"m{pk}": VoteChoice.FOR for pk in present},
            reasoning="The figures match what the working groups reported. Outreach to pair "
            "new volunteers with Spanish speakers.",
            by=coordinator,
        )
    services.summation_present(summation=summation, by=coordinator)
    services.summation_adopt(summation=summation, by=coordinator)
