"""Base areas, antagonists, contacts (personal data encrypted), conversations, development
assessments, grievances, campaigns and investigation notes.

Distributions follow what the organizers describe: contacts and grievances concentrate in a
few base areas and on a few antagonists (Zipf); most contacts had one conversation, a few
many. Retention is taken as long enough to keep five years of contacts (a short retention
setting would have forgotten most of them)."""

from datetime import timedelta

from bench.scale.bulk import DataKeys, copy_rows, encrypt, next_id, reset_sequence
from contacts.demo import DIETS, FIRST_NAMES, NICKNAMES
from contacts.models import (
    BaseArea,
    Contact,
    Conversation,
    DevelopmentAssessment,
    DevelopmentLevel,
    NameToken,
    name_token_digests,
    phone_lookup_hash,
)
from investigation.models import (
    Antagonist,
    Campaign,
    CampaignAction,
    Demand,
    Grievance,
    GrievanceCategory,
    InvestigationNote,
)

STREETS = ["Elm", "Centre", "Washington", "Blue Hill", "Dudley", "Bowdoin", "Hyde Park", "Shawmut"]
NEIGHBOURHOODS = ["Roxbury", "Dorchester", "Mattapan", "Jamaica Plain", "East Boston", "Chelsea"]
COMPANIES = ["Harbor", "Summit", "Liberty", "Atlantic", "Pioneer", "Bay State", "Granite"]
LANDLORD_KINDS = ["Properties", "Realty", "Management", "Housing Trust", "Apartments"]
EMPLOYER_KINDS = ["Cleaning", "Staffing", "Logistics", "Restaurants", "Construction"]
AGENCIES = ["Housing Authority", "Inspectional Services", "Transit", "School Department"]
TOPICS = [
    "the heat has been off for a week",
    "rent went up again",
    "the landlord will not fix the leak",
    "the boss kept two weeks of pay",
    "shifts were cut without notice",
    "the kids' school has no bus",
    "mice in the kitchen",
    "a neighbour got an eviction notice",
    "needs a ride to the clinic",
    "wants to come to the tenants' meeting",
]
CATEGORY_WEIGHTS = {"Rent": 10, "Repairs": 9, "Eviction": 4, "Unpaid wages": 5, "Hours": 3}


def _base_areas(plan) -> int:
    rng = plan.rng
    total = plan.count("base_areas")
    top = max(1, total // 25)
    blocks = max(1, total // 6)  # neighbourhoods hold blocks, blocks hold most places
    first_id = next_id(BaseArea)
    rows = []
    for n in range(total):
        if n < top:
            name = f"{NEIGHBOURHOODS[n % len(NEIGHBOURHOODS)]} {n // len(NEIGHBOURHOODS) + 1}"
            rows.append((first_id + n, name, BaseArea.Kind.NEIGHBOURHOOD, None))
            continue
        if n < top + blocks:
            rows.append(
                (first_id + n, f"Block {n - top + 1}", BaseArea.Kind.OTHER, first_id + n % top)
            )
            continue
        kind = rng.choice(
            [BaseArea.Kind.BUILDING] * 6 + [BaseArea.Kind.WORKPLACE] * 3 + [BaseArea.Kind.SCHOOL]
        )
        street = f"{rng.randint(1, 999)} {rng.choice(STREETS)} St"
        name = {
            BaseArea.Kind.BUILDING: street,
            BaseArea.Kind.WORKPLACE: f"{rng.choice(COMPANIES)} warehouse, {street}",
            BaseArea.Kind.SCHOOL: f"{rng.choice(STREETS)} school",
        }[kind]
        # Most places are in a block; some stand straight in their neighbourhood.
        parent = rng.randrange(top, top + blocks) if rng.random() < 0.8 else rng.randrange(top)
        rows.append((first_id + n, name, kind, first_id + parent))
    copy_rows(BaseArea, ["id", "name", "kind", "parent"], rows)
    reset_sequence(BaseArea)
    plan.base_area_ids = [r[0] for r in rows]
    # Which base areas concentrate people and grievances: a fixed shuffle, heaviest first.
    plan.rng.shuffle(plan.base_area_ids)
    return len(rows)


def _antagonists(plan) -> list[int]:
    rng = plan.rng
    first_id = next_id(Antagonist)
    rows = []
    for n in range(plan.count("antagonists")):
        roll = rng.random()
        if roll < 0.6:
            kind = Antagonist.Kind.LANDLORD
            name = f"{rng.choice(COMPANIES)} {rng.choice(LANDLORD_KINDS)}"
        elif roll < 0.9:
            kind = Antagonist.Kind.EMPLOYER
            name = f"{rng.choice(COMPANIES)} {rng.choice(EMPLOYER_KINDS)}"
        else:
            kind = Antagonist.Kind.AGENCY
            name = rng.choice(AGENCIES)
        rows.append((first_id + n, f"{name} {n + 1}", kind))  # names are unique
    copy_rows(Antagonist, ["id", "name", "kind"], rows)
    reset_sequence(Antagonist)
    ids = [r[0] for r in rows]
    rng.shuffle(ids)
    return ids


def _conversation_counts(plan, contacts: int) -> list[int]:
    """Conversations per contact: most have one, a few have many (a capped Pareto tail)."""
    rng = plan.rng
    total = max(contacts, plan.count("conversations"))
    counts = [1] * contacts
    regulars = [i for i in range(contacts) if rng.random() < 0.35] or [0]
    weights = [min(rng.paretovariate(1.2), 150.0) for _ in regulars]
    for i in rng.choices(regulars, weights=weights, k=total - contacts):
        counts[i] += 1
    return counts


def _contacts_and_conversations(plan) -> dict[str, int]:
    rng = plan.rng
    levels = list(DevelopmentLevel.objects.order_by("rank").values_list("id", flat=True))
    total = plan.count("contacts")
    first_id = next_id(Contact)
    counts = _conversation_counts(plan, total)
    areas = plan.zipf(plan.base_area_ids, total, s=0.8)
    organizers = plan.organizer_ids
    investigator = plan.users["investigator"].pk
    contacts, talks, assessed = [], [], []
    keys, name_tokens = DataKeys(), []
    for n in range(total):
        cid = first_id + n
        met = plan.day_in_history()
        days = sorted(
            [met]
            + [
                met + timedelta(days=rng.randint(0, (plan.today - met).days))
                for _ in range(counts[n] - 1)
            ]
        )
        talks.append(days)
        level = None
        roll = rng.random()
        if roll < 0.03:
            level = levels[-1]  # advanced
        elif roll < 0.13 and len(levels) > 1:
            level = levels[-2]
        elif roll < 0.45:
            level = levels[0]
        forgotten = rng.random() < 0.02
        # One phone is one contact: a different number for each contact id (7919 is prime to
        # 10**7, so the numbers never repeat).
        phone = "" if forgotten or rng.random() > 0.7 else f"617-{(cid * 7919) % 10**7:07d}"
        area = areas[n] if rng.random() < 0.9 else None
        # Every contact not forgotten has a data key of its own (its id is the contact's).
        if not forgotten:
            keys.new(cid)
        seal = (lambda value, cid=cid: keys.seal(cid, value)) if not forgotten else encrypt
        name = "" if forgotten else rng.choice(FIRST_NAMES) + rng.choice(NICKNAMES)
        if name:
            name_tokens.extend((cid, digest) for digest in sorted(name_token_digests(name)))
        contacts.append(
            (
                cid,
                seal(name),
                seal(phone),
                phone_lookup_hash(phone) if phone else "",
                ""
                if forgotten or rng.random() > 0.4
                else seal(
                    f"{rng.randint(2, 400)} {rng.choice(STREETS)} St, apt {rng.randint(1, 12)}"
                ),
                "" if forgotten or rng.random() > 0.3 else seal(rng.choice(TOPICS)),
                rng.choice(["es", "es", "en", "en", "other"]),
                rng.choice([Contact.Reach.ANY, Contact.Reach.TEXT, Contact.Reach.IN_PERSON]),
                met if phone else None,
                investigator if phone else None,
                rng.choice([None, 1, 2, 3, 4, 5, 6]),
                rng.random() < 0.08,
                "" if forgotten or rng.random() > 0.1 else seal(rng.choice(DIETS)),
                area,
                rng.choice([Contact.FirstMet.SERVE] * 6 + [Contact.FirstMet.DELIVERY]),
                met,
                level,
                rng.choice(organizers),
                plan.at(met, 18),
                plan.at(days[-1], 19),
                plan.at(plan.today, 8) if forgotten else None,
                None if forgotten else cid,
            )
        )
        plan.contact_areas[cid] = area
        if level is not None:
            assessed.append((cid, met, level, contacts[-1][17]))  # 17: created_by
        plan.contact_days[cid] = met
    keys.write()  # before the contacts that point at them
    copy_rows(
        Contact,
        [
            "id",
            "name",
            "phone",
            "phone_hash",
            "address",
            "notes",
            "language",
            "reach",
            "consent_recorded_at",
            "consent_recorded_by",
            "household_size",
            "no_kitchen",
            "dietary_needs",
            "base_area",
            "first_met",
            "first_met_on",
            "development_level",
            "created_by",
            "created_at",
            "last_activity_at",
            "forgotten_at",
            "key",
        ],
        contacts,
    )
    reset_sequence(Contact)
    copy_rows(NameToken, ["contact", "digest"], name_tokens)
    plan.contact_ids = [row[0] for row in contacts]
    forgotten = plan.forgotten = {row[0] for row in contacts if row[-2] is not None}

    def conversations():
        recent = plan.today - timedelta(days=30)
        for row, days in zip(contacts, talks, strict=True):
            cid = row[0]
            for day in days:
                organizer = investigator if rng.random() < 0.02 else rng.choice(organizers)
                follow_up = cid not in forgotten and rng.random() < 0.15
                done = follow_up and (day < recent or rng.random() < 0.5)
                yield (
                    cid,
                    day,
                    organizer,
                    rng.choice(Conversation.Channel.values),
                    ""
                    if cid in forgotten
                    else encrypt(f"Talked at the table: {rng.choice(TOPICS)}."),
                    day + timedelta(days=7) if follow_up else None,
                    organizer if follow_up else None,
                    plan.at(day + timedelta(days=5), 17) if done else None,
                    plan.at(day, 19),
                )

    written = copy_rows(
        Conversation,
        [
            "contact",
            "held_on",
            "organizer",
            "channel",
            "summary",
            "follow_up_due",
            "follow_up_by",
            "follow_up_done_at",
            "created_at",
        ],
        conversations(),
    )
    assessments = []
    for cid, met, level, by in assessed:
        if rng.random() < 0.3 and level != levels[0]:
            # Moved forward: first assessed at the lowest level, later at this one.
            first_day = plan.day_in_history(after=met)
            assessments.append((cid, levels[0], None, first_day, by, ""))
            assessments.append(
                (cid, level, levels[0], plan.day_in_history(after=first_day), by, "")
            )
        else:
            reason = encrypt("Came to the tenants' meeting.") if rng.random() < 0.1 else ""
            assessments.append((cid, level, None, plan.day_in_history(after=met), by, reason))
    copy_rows(
        DevelopmentAssessment,
        ["contact", "level", "previous_level", "assessed_on", "assessed_by", "reason"],
        assessments,
    )
    return {"contacts": total, "conversations": written, "assessments": len(assessments)}


def _grievances(plan, antagonists: list[int]) -> int:
    rng = plan.rng
    categories = list(GrievanceCategory.objects.values_list("id", "name"))
    category_weights = [CATEGORY_WEIGHTS.get(name, 1) for _id, name in categories]
    total = plan.count("grievances")
    against = plan.zipf(antagonists, total, s=1.1)
    fallback_areas = plan.zipf(plan.base_area_ids, total, s=0.8)
    picked = rng.choices(categories, weights=category_weights, k=total)
    investigators = plan.organizer_ids

    def rows():
        for n in range(total):
            contact = rng.choice(plan.contact_ids) if rng.random() < 0.85 else None
            area = plan.contact_areas.get(contact) if contact else None
            after = plan.contact_days[contact] if contact else None
            day = plan.day_in_history(after=after)
            yield (
                area or fallback_areas[n],
                contact,
                picked[n][0],
                against[n] if rng.random() < 0.8 else None,
                encrypt(rng.choice(TOPICS).capitalize()) if rng.random() < 0.9 else "",
                rng.choice([1, 2, 2, 2, 3]),
                day,
                rng.choice(investigators),
                rng.choice(["open", "open", "organizing", "resolved", "won", "lost"]),
                plan.at(day, 19),
            )

    return copy_rows(
        Grievance,
        [
            "base_area",
            "contact",
            "category",
            "antagonist",
            "description",
            "severity",
            "recorded_on",
            "recorded_by",
            "status",
            "created_at",
        ],
        rows(),
    )


def _campaigns_and_notes(plan, antagonists: list[int]) -> dict[str, int]:
    """Campaigns where grievances concentrate (the heaviest base areas and antagonists), each
    with a program of demands tied to grievances and a few actions; notes on base areas."""
    rng = plan.rng
    campaigns = plan.count("campaigns")
    created = []
    for n in range(campaigns):
        area = plan.base_area_ids[n % len(plan.base_area_ids)]
        antagonist = antagonists[n % len(antagonists)]
        started = plan.day_in_history()
        campaign = Campaign.objects.create(
            name=f"Tenants and workers of site {n + 1}",
            base_area_id=area,
            antagonist_id=antagonist,
            started_on=started,
            created_by=plan.users["investigator"],
        )
        created.append(campaign)
        for position in range(3):
            demand = Demand.objects.create(
                campaign=campaign,
                text=f"Demand {position + 1}: {rng.choice(TOPICS)}",
                position=position,
                status=rng.choice(["pending", "pending", "won"]),
                decided_on=started + timedelta(days=60),
            )
            grievance_ids = list(
                Grievance.objects.filter(base_area_id=area)
                .order_by("id")
                .values_list("id", flat=True)[:5]
            )
            demand.grievances.set(grievance_ids)
        CampaignAction.objects.bulk_create(
            CampaignAction(
                campaign=campaign,
                kind=rng.choice(CampaignAction.Kind.values),
                held_on=plan.day_in_history(after=started),
                turnout=rng.randint(5, 80),
            )
            for _ in range(2)
        )
    notes = [
        (
            area,
            rng.choice(InvestigationNote.Aspect.values),
            plan.day_in_history(),
            f"Conditions: {rng.choice(TOPICS)}.",
            rng.choice(plan.organizer_ids),
        )
        for area in plan.zipf(plan.base_area_ids, plan.count("notes"), s=0.8)
    ]
    copy_rows(InvestigationNote, ["base_area", "aspect", "written_on", "text", "written_by"], notes)
    return {"campaigns": len(created), "investigation notes": len(notes)}


def seed(plan) -> dict[str, int]:
    counts = {"base areas": _base_areas(plan)}
    antagonists = _antagonists(plan)
    counts["antagonists"] = len(antagonists)
    counts |= _contacts_and_conversations(plan)
    counts["grievances"] = _grievances(plan, antagonists)
    counts |= _campaigns_and_notes(plan, antagonists)
    return counts
