"""Members, working groups, spokes, meetings with attendance, proposals and decisions, action
items and weekly reports."""

import math
from datetime import timedelta

from django.conf import settings

from accounts import demo as accounts_demo
from accounts.models import User
from bench.scale.bulk import copy_rows, next_id, reset_sequence
from committees.models import (
    ActionItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    Membership,
    Outcome,
    Proposal,
    Scope,
    Spoke,
    VoteRule,
    WeeklyReport,
    WorkingGroup,
)
from core.weeks import Week

GROUP_NAMES = [
    "Distribution",
    "Delivery",
    "Collections",
    "Outreach",
    "Free store",
    "Kitchen",
    "Tenants",
    "Workers",
    "Childcare",
    "Communications",
    "Finance",
    "Political education",
]
FIRST = ["Ana", "Luis", "Rosa", "Tomás", "Aisha", "Ken", "Mei", "Jorge", "Keisha", "Omar"]
LAST = ["Rivera", "Nguyen", "Okafor", "Santos", "Kim", "Díaz", "Walsh", "Haddad", "Cruz"]
PLACES = ["Community room", "Elm Street Community Center", "Call link in the group chat"]
SUBJECTS = [
    "the serve's site",
    "the van",
    "the storage room",
    "no-cook bags",
    "the free store",
    "market pickups",
    "delivery routes",
    "the tenants' meeting",
    "the summer schedule",
    "hygiene supplies",
    "the grocery budget",
    "door knocking",
]
VERBS = ["Move", "Keep", "Change", "Fund", "Start", "Stop", "Share", "Review"]
REASONS = [
    "More people can reach it by bus.",
    "The volunteers asked for it after the last serve.",
    "It costs less and the market agreed.",
    "It frees the lead to talk with people at the table.",
    "The tenants asked us to come to their building.",
]


def _demo_and_members(plan) -> dict[str, int]:
    users = accounts_demo.seed()
    plan.users = users
    first_id = next_id(User)
    extra = max(0, plan.count("members") - len(users))
    rng = plan.rng
    rows = []
    for n in range(extra):
        uid = first_id + n
        roles = rng.random()
        rows.append(
            (
                uid,
                "!scale-seed-no-login",
                f"member{uid}@scale.example.org",
                f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                rng.choice(["en", "es"]),
                roles < 0.01,  # coordinator
                0.01 <= roles < 0.08,  # lead
                0.08 <= roles < 0.14,  # investigator
                0.14 <= roles < 0.24,  # driver
                rng.random() > 0.03,  # active
                plan.at(plan.day_in_history(), 12),
            )
        )
    copy_rows(
        User,
        [
            "id",
            "password",
            "email",
            "display_name",
            "language",
            "is_coordinator",
            "is_lead",
            "is_investigator",
            "is_driver",
            "is_active",
            "date_joined",
        ],
        rows,
    )
    reset_sequence(User)
    demo = [u.pk for u in users.values()]
    active = [r for r in rows if r[9]]
    plan.member_ids = demo + [r[0] for r in active]
    plan.lead_ids = [users["lead"].pk] + [r[0] for r in active if r[6]]
    plan.driver_ids = [users["driver"].pk] + [r[0] for r in active if r[8]]
    plan.organizer_ids = [users["investigator"].pk, users["coordinator"].pk] + [
        r[0] for r in active if r[7] or r[5]
    ]
    return {"members": len(users) + len(rows)}


def _groups(plan) -> dict[str, int]:
    rng = plan.rng
    n = min(plan.count("working_groups"), len(GROUP_NAMES))
    first_id = next_id(WorkingGroup)
    created = plan.at(plan.first_day, 12)
    copy_rows(
        WorkingGroup,
        ["id", "name", "purpose", "vote_rule", "created_at"],
        [(first_id + i, GROUP_NAMES[i], "", VoteRule.MAJORITY, created) for i in range(n)],
    )
    reset_sequence(WorkingGroup)
    plan.group_ids = [first_id + i for i in range(n)]
    members: dict[int, list[int]] = {g: [] for g in plan.group_ids}
    leads: dict[int, set[int]] = {g: set() for g in plan.group_ids}
    # The demo lead leads the first two groups (Distribution, Delivery); the other demo
    # logins are ordinary members of the first groups.
    for key, picks in {
        "lead": [0, 1],
        "driver": [1],
        "member": [0],
        "coordinator": [0],
        "investigator": [3],
    }.items():
        for index in picks:
            if index < n:
                group = plan.group_ids[index]
                members[group].append(plan.users[key].pk)
                if key == "lead":
                    leads[group].add(plan.users[key].pk)
    demo = {u.pk for u in plan.users.values()}
    for uid in plan.member_ids:
        if uid in demo:
            continue
        for group in rng.sample(plan.group_ids, k=min(n, rng.choice([1, 1, 2, 3]))):
            members[group].append(uid)
    other_leads = [uid for uid in plan.lead_ids if uid not in demo]
    for group in plan.group_ids:
        for uid in rng.sample(other_leads, k=min(2, len(other_leads))):
            if uid not in members[group]:
                members[group].append(uid)
            leads[group].add(uid)
    rows = []
    for group, uids in members.items():
        for uid in uids:
            joined = plan.day_in_history()
            rows.append((group, uid, uid in leads[group], joined))
    copy_rows(Membership, ["group", "user", "is_lead", "joined_on"], rows)
    plan.group_members = members
    return {"working groups": n, "memberships": len(rows)}


def _meetings(plan) -> tuple[dict[str, int], list[tuple]]:
    """Meetings over five years (a few upcoming), each with its attendance. Returns the past
    meetings as (id, body, group, day) for the decisions."""
    rng = plan.rng
    total = plan.count("meetings")
    general = max(1, round(total * 0.012))
    council = max(1, round(total * 0.05))
    first_id = next_id(Meeting)
    meetings, attendance, past = [], [], []
    eligible = len(plan.member_ids)
    quorum_share = settings.GENERAL_BODY_QUORUM
    for n in range(total):
        mid = first_id + n
        if n < general:
            body, group = Body.GENERAL_BODY, None
        elif n < general + council:
            body, group = Body.SPOKES_COUNCIL, None
        else:
            body, group = Body.WORKING_GROUP, rng.choice(plan.group_ids)
        # One meeting in fifty is still to come (the dashboard lists the next ones).
        if rng.random() < 0.02:
            day = plan.today + timedelta(days=rng.randint(1, 30))
        else:
            day = plan.day_in_history()
        starts = plan.at(day, rng.choice([10, 18, 19]))
        if body == Body.GENERAL_BODY:
            pool = plan.member_ids
            quorum = math.ceil(eligible * quorum_share)
            present = rng.sample(pool, k=min(len(pool), quorum + rng.randint(0, 30)))
            title = "General body"
        elif body == Body.SPOKES_COUNCIL:
            pool = sorted({plan.group_members[g][0] for g in plan.group_ids})
            present = rng.sample(pool, k=max(1, len(pool) - rng.randint(0, 2)))
            quorum = None
            title = "Spokes-council"
        else:
            pool = plan.group_members[group]
            present = rng.sample(pool, k=min(len(pool), rng.randint(3, 12)))
            quorum = None
            title = ""
        meetings.append(
            (
                mid,
                body,
                group,
                title,
                starts,
                starts + timedelta(minutes=90),
                rng.choice(PLACES),
                "Notes are in the minutes folder." if day <= plan.today else "",
                plan.users["coordinator"].pk,
                starts - timedelta(days=7),
                eligible if quorum else None,
                quorum,
            )
        )
        if day <= plan.today:
            attendance.extend((mid, uid) for uid in present)
            past.append((mid, body, group, day))
    copy_rows(
        Meeting,
        [
            "id",
            "body",
            "group",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "minutes",
            "called_by",
            "created_at",
            "members_eligible",
            "quorum_needed",
        ],
        meetings,
    )
    reset_sequence(Meeting)
    copy_rows(Attendance, ["meeting", "member"], attendance)
    return {"meetings": len(meetings), "attendances": len(attendance)}, past


def _spokes(plan, past: list[tuple]) -> int:
    """Each group's spoke, elected at one of its meetings for six-month terms; the current
    term runs today."""
    rng = plan.rng
    by_group: dict[int, list[tuple]] = {}
    for mid, body, group, day in past:
        if body == Body.WORKING_GROUP:
            by_group.setdefault(group, []).append((day, mid))
    rows = []
    for group, held in by_group.items():
        held.sort()
        members = plan.group_members[group]
        current = start = plan.today - timedelta(days=90)
        while start > plan.first_day:
            earlier = [mid for day, mid in held if day <= start] or [held[0][1]]
            rows.append(
                (
                    group,
                    members[0] if start == current else rng.choice(members),
                    earlier[-1],
                    start,
                    start + timedelta(days=181),
                    "Carry the group's needs to the council.",
                )
            )
            start -= timedelta(days=182)
    copy_rows(Spoke, ["group", "member", "elected_at", "term_start", "term_end", "mandate"], rows)
    return len(rows)


def _decisions(plan, past: list[tuple]) -> dict[str, int]:
    """Decisions at past meetings (scope following the body) and a lead's own ones; a few
    proposals still open."""
    rng = plan.rng
    total = plan.count("decisions")
    first_proposal = next_id(Proposal)
    proposals, decisions = [], []
    scope_for = {
        Body.WORKING_GROUP: Scope.OPERATIONAL,
        Body.SPOKES_COUNCIL: Scope.COORDINATION,
        Body.GENERAL_BODY: Scope.STEERING,
    }
    for n in range(total):
        pid = first_proposal + n
        subject = rng.choice(SUBJECTS)
        title = f"{rng.choice(VERBS)} {subject}"
        by_lead = rng.random() < 0.2
        if by_lead:
            group = rng.choice(plan.group_ids)
            body, meeting, day = Body.WORKING_GROUP, None, plan.day_in_history()
            rule = VoteRule.LEAD
        else:
            meeting, body, group, day = rng.choice(past)
            rule = VoteRule.MAJORITY
        scope = scope_for[body]
        proposer = rng.choice(plan.group_members[group]) if group else rng.choice(plan.member_ids)
        proposals.append(
            (
                pid,
                title,
                f"A proposal about {subject}, from the group's last discussion.",
                scope,
                group if scope == Scope.OPERATIONAL else None,
                proposer,
                plan.at(day, 9) - timedelta(days=3),
            )
        )
        adopted = rng.random() < 0.85
        votes_for = 0 if by_lead else rng.randint(3, 30)
        decisions.append(
            (
                pid,
                body,
                group if body == Body.WORKING_GROUP else None,
                meeting,
                day,
                rule,
                Outcome.ADOPTED if adopted else Outcome.REJECTED,
                rng.choice(REASONS),
                votes_for,
                0 if by_lead else rng.randint(0, 5),
                0 if by_lead else rng.randint(0, 3),
                plan.users["coordinator"].pk,
                plan.at(day, 21),
            )
        )
    open_proposals = max(1, total // 100)
    for n in range(total, total + open_proposals):
        group = rng.choice(plan.group_ids)
        proposals.append(
            (
                first_proposal + n,
                f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}",
                "",
                Scope.OPERATIONAL,
                group,
                rng.choice(plan.group_members[group]),
                plan.at(plan.today, 9),
            )
        )
    copy_rows(
        Proposal,
        ["id", "title", "text", "scope", "group", "proposed_by", "created_at"],
        proposals,
    )
    reset_sequence(Proposal)
    copy_rows(
        Decision,
        [
            "proposal",
            "body",
            "group",
            "meeting",
            "decided_on",
            "vote_rule",
            "outcome",
            "reasoning",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "recorded_by",
            "recorded_at",
        ],
        decisions,
    )
    return {"proposals": len(proposals), "decisions": len(decisions)}


def _action_items(plan) -> int:
    rng = plan.rng
    demo = [u.pk for u in plan.users.values()]
    rows = []
    for _n in range(plan.count("action_items")):
        group = rng.choice(plan.group_ids)
        # One item in ten goes to a demo login, so their dashboard has some.
        assignee = rng.choice(demo if rng.random() < 0.1 else plan.group_members[group])
        created = plan.day_in_history()
        due = created + timedelta(days=rng.randint(3, 21))
        done = due < plan.today - timedelta(days=7) and rng.random() < 0.9
        status = ActionItem.Status.DONE if done else ActionItem.Status.OPEN
        rows.append(
            (
                f"Follow up on {rng.choice(SUBJECTS)}",
                group,
                assignee,
                due,
                status,
                plan.at(created, 20),
                due if done else None,
            )
        )
    copy_rows(
        ActionItem,
        ["title", "group", "assignee", "due_on", "status", "created_at", "done_on"],
        rows,
    )
    return len(rows)


def _weekly_reports(plan) -> int:
    rng = plan.rng
    rows = []
    weeks = plan.count("weeks")
    for group in plan.group_ids:
        for back in range(1, weeks + 1):
            if rng.random() < 0.7:
                day = plan.today - timedelta(weeks=back)
                rows.append(
                    (
                        group,
                        str(Week.of(day)),
                        f"Worked on {rng.choice(SUBJECTS)}.",
                        plan.at(day, 20),
                    )
                )
    copy_rows(WeeklyReport, ["group", "iso_week", "what_we_did", "updated_at"], rows)
    return len(rows)


def seed(plan) -> dict[str, int]:
    counts = _demo_and_members(plan)
    counts |= _groups(plan)
    meeting_counts, past = _meetings(plan)
    counts |= meeting_counts
    counts["spoke terms"] = _spokes(plan, past)
    counts |= _decisions(plan, past)
    counts["action items"] = _action_items(plan)
    counts["weekly reports"] = _weekly_reports(plan)
    return counts
