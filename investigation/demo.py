"""Demo investigation for the quick start: base areas in East Boston and Chelsea, the demo
contacts (contacts.demo), grievances that concentrate on two landlords and one employer, and a
tenants' committee with a program of demands. Never used outside DEBUG. Idempotent."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contacts import demo as contacts_demo
from contacts.models import BaseArea, Contact
from investigation.models import (
    Antagonist,
    Campaign,
    CampaignAction,
    Demand,
    Grievance,
    GrievanceCategory,
    InvestigationNote,
)

MARKER = "East Boston"  # the first base area: once it exists, the demo is in place
AREAS = [
    # (name, kind, parent, boundary)
    (
        MARKER,
        BaseArea.Kind.NEIGHBOURHOOD,
        None,
        "East of the harbour tunnel, Maverick to Orient Heights.",
    ),
    ("Chelsea", BaseArea.Kind.NEIGHBOURHOOD, None, "The city of Chelsea, across the Creek."),
    (
        "Maverick Square Apartments",
        BaseArea.Kind.BUILDING,
        MARKER,
        "The three buildings on the square managed by Harborview: 96 units.",
    ),
    ("120 Bennington St", BaseArea.Kind.BUILDING, MARKER, "One building, 24 units."),
    ("Broadway Towers", BaseArea.Kind.BUILDING, "Chelsea", "Both towers, 140 units."),
    (
        "FreshPak warehouse",
        BaseArea.Kind.WORKPLACE,
        "Chelsea",
        "Everyone on the night and day shifts, agency temps included.",
    ),
    ("Harbor Elementary", BaseArea.Kind.SCHOOL, MARKER, "Parents of children at the school."),
]
ANTAGONISTS = [
    ("Harborview Property Management", Antagonist.Kind.LANDLORD),
    ("Mystic Realty Trust", Antagonist.Kind.LANDLORD),
    ("FreshPak Distribution", Antagonist.Kind.EMPLOYER),
]
# Where grievances concentrate: (base area, antagonist or None, categories, weight)
PATTERN = [
    (
        "Maverick Square Apartments",
        "Harborview Property Management",
        ["Repairs", "Rent", "Eviction", "Utilities"],
        30,
    ),
    ("120 Bennington St", "Harborview Property Management", ["Repairs", "Rent"], 10),
    ("Broadway Towers", "Mystic Realty Trust", ["Rent", "Utilities", "Eviction", "Repairs"], 25),
    ("FreshPak warehouse", "FreshPak Distribution", ["Unpaid wages", "Hours", "Safety"], 20),
    (MARKER, None, ["Police", "Immigration enforcement", "Food", "Health"], 10),
    ("Harbor Elementary", None, ["Schools", "Food"], 5),
]
GRIEVANCES = 420
DESCRIPTIONS = {
    "Repairs": "No heat or hot water; mice in the kitchen.",
    "Rent": "Rent raised again with one month's notice.",
    "Eviction": "Got a notice to quit after asking for repairs.",
    "Utilities": "Landlord shut off the gas for 'maintenance' for a week.",
    "Unpaid wages": "Last two weeks of overtime never paid.",
    "Hours": "Shifts cut without notice; made to wait unpaid.",
    "Safety": "No gloves or breaks in the freezer section.",
}


def seed(users: dict) -> None:
    if BaseArea.objects.filter(name=MARKER).exists():
        return
    rng = random.Random(7)  # noqa: S311 - demo data only
    with transaction.atomic():
        areas = _base_areas(users["investigator"])
        antagonists = {
            name: Antagonist.objects.create(name=name, kind=kind) for name, kind in ANTAGONISTS
        }
        contacts = contacts_demo.seed(users)
        grievances = _grievances(rng, areas, antagonists, contacts, users["investigator"])
        _campaign(rng, areas, antagonists, contacts, grievances, users)


def _base_areas(investigator) -> dict[str, BaseArea]:
    areas: dict[str, BaseArea] = {}
    for name, kind, parent, boundary in AREAS:
        areas[name] = BaseArea.objects.create(
            name=name, kind=kind, parent=areas.get(parent), boundary=boundary
        )
    today = timezone.localdate()
    InvestigationNote.objects.bulk_create(
        [
            InvestigationNote(
                base_area=areas["Maverick Square Apartments"],
                aspect=InvestigationNote.Aspect.OBJECTIVE,
                written_on=today - timedelta(days=40),
                text="Bought by Harborview two years ago; rents up 30% since. Most tenants "
                "are families; many work at the airport or in the warehouses.",
                written_by=investigator,
            ),
            InvestigationNote(
                base_area=areas["Maverick Square Apartments"],
                aspect=InvestigationNote.Aspect.SUBJECTIVE,
                written_on=today - timedelta(days=12),
                text="Anger about the heat is general; people fear retaliation but a few are "
                "ready to sign a letter together.",
                written_by=investigator,
            ),
        ]
    )
    return areas


def _grievances(rng, areas, antagonists, contacts, investigator) -> list[Grievance]:
    categories = {c.name: c for c in GrievanceCategory.objects.all()}
    today = timezone.localdate()
    by_area: dict[int, list[Contact]] = {}
    for contact in contacts:
        by_area.setdefault(contact.base_area_id, []).append(contact)
    weights = [w for *_rest, w in PATTERN]
    grievances = []
    for _ in range(GRIEVANCES):
        area_name, antagonist_name, names, _weight = rng.choices(PATTERN, weights=weights)[0]
        area = areas[area_name]
        category = categories.get(rng.choice(names)) or categories.get("Other")
        if category is None:
            continue
        people = by_area.get(area.pk) or by_area.get(area.parent_id) or []
        # Recent weeks carry more grievances, so the ranking shows movement.
        age = int(rng.triangular(0, 180, 0))
        grievances.append(
            Grievance(
                base_area=area,
                contact=rng.choice(people) if people and rng.random() < 0.8 else None,
                category=category,
                antagonist=antagonists.get(antagonist_name) if antagonist_name else None,
                description=DESCRIPTIONS.get(category.name, ""),
                severity=rng.choice([1, 2, 2, 3]),
                recorded_on=today - timedelta(days=age),
                recorded_by=investigator,
                status=rng.choice(["open", "open", "open", "organizing", "resolved"]),
            )
        )
    return Grievance.objects.bulk_create(grievances)


def _campaign(rng, areas, antagonists, contacts, grievances, users) -> None:
    area = areas["Maverick Square Apartments"]
    landlord = antagonists["Harborview Property Management"]
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="Maverick Square Tenants' Committee",
        base_area=area,
        antagonist=landlord,
        started_on=today - timedelta(days=35),
        description="Tenants of the three Harborview buildings, organizing for repairs and "
        "against the rent increases.",
        created_by=users["investigator"],
    )
    campaign.contacts.set([c for c in contacts if c.base_area_id == area.pk][:25])
    campaign.members.set([users["investigator"], users["coordinator"], users["member"]])
    ours = [g for g in grievances if g.base_area_id == area.pk]
    program = [
        ("Fix the heat and hot water in every unit within two weeks", "Repairs", "won"),
        ("No rent increase this year", "Rent", "pending"),
        ("Withdraw every eviction case filed after a repair request", "Eviction", "pending"),
    ]
    for position, (text, category_name, status) in enumerate(program, start=1):
        demand = Demand.objects.create(
            campaign=campaign,
            text=text,
            status=status,
            decided_on=today - timedelta(days=5) if status == "won" else None,
            position=position,
        )
        demand.grievances.set([g for g in ours if g.category.name == category_name][:30])
    CampaignAction.objects.bulk_create(
        [
            CampaignAction(
                campaign=campaign, kind="meeting", held_on=today - timedelta(days=30), turnout=14
            ),
            CampaignAction(
                campaign=campaign, kind="petition", held_on=today - timedelta(days=21), turnout=63
            ),
            CampaignAction(
                campaign=campaign,
                kind="delegation",
                held_on=today - timedelta(days=7),
                turnout=9,
                notes="Delivered the petition to the management office.",
            ),
        ]
    )
