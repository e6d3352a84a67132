"""Demo contacts for the quick start: a few hundred people met at the serve, some with a phone,
conversations with follow-ups, and a history of development assessments. Never used outside
DEBUG. Idempotent: does nothing once the demo investigator has recorded contacts.

Base areas come from investigation's demo (which calls this between its two halves); the
contacts are spread over whichever base areas exist."""

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import DateTimeField
from django.db.models.functions import Cast
from django.utils import timezone

from contacts.models import (
    Contact,
    Conversation,
    DevelopmentAssessment,
    DevelopmentLevel,
    phone_lookup_hash,
)

CONTACTS = 300
FIRST_NAMES = [
    "Ana",
    "María",
    "Rosa",
    "Carmen",
    "Lucía",
    "Elena",
    "Sofía",
    "Gabriela",
    "Daniela",
    "Valeria",
    "Marisol",
    "Yesenia",
    "Juana",
    "Guadalupe",
    "Teresa",
    "Patricia",
    "Leticia",
    "Norma",
    "Esperanza",
    "Dolores",
    "Keisha",
    "Tanya",
    "Denise",
    "Maureen",
    "Aisha",
    "Fatima",
    "Linh",
    "Mei",
    "José",
    "Luis",
    "Carlos",
    "Juan",
    "Miguel",
    "Jorge",
    "Pedro",
    "Ramón",
    "Francisco",
    "Héctor",
    "Óscar",
    "Wilson",
    "Edwin",
    "Nelson",
    "Marvin",
    "Kevin",
    "Brian",
    "Darnell",
    "Tyrone",
    "Marcus",
    "Samuel",
    "Joseph",
    "Abdi",
    "Hassan",
    "Tuan",
    "Minh",
    "Paulo",
    "Nikolai",
]
NICKNAMES = ("", "", "", " (la tía)", " from 3B", " (abuela)", " (el flaco)", " with the stroller")
DIETS = ("no pork", "diabetic", "vegetarian", "soft food only", "halal", "no dairy")


def seed(users: dict) -> list[Contact]:
    investigator = users["investigator"]
    if Contact.objects.filter(created_by=investigator).exists():
        return []
    rng = random.Random(3)  # noqa: S311 - demo data only
    base_area_model = Contact._meta.get_field("base_area").related_model
    areas = list(base_area_model.objects.order_by("pk"))
    today = timezone.localdate()
    with transaction.atomic():
        contacts = _contacts(rng, areas, investigator, today)
        _conversations(rng, contacts, investigator, users["coordinator"], today)
        _assessments(rng, contacts, investigator, today)
    return contacts


OVERDUE_FOLLOW_UPS = 3


def _contacts(rng, areas, investigator, today) -> list[Contact]:
    contacts = []
    for n in range(CONTACTS):
        phone = f"617-555-{n:04d}" if rng.random() < 0.45 else ""
        contact = Contact(
            name=rng.choice(FIRST_NAMES) + rng.choice(NICKNAMES),
            phone=phone,
            phone_hash=phone_lookup_hash(phone),
            address=f"{rng.randint(2, 400)} Demo St, apt {rng.randint(1, 12)}"
            if rng.random() < 0.2
            else "",
            language=rng.choice(["es", "es", "es", "en", "en", "other"]),
            reach=rng.choice([Contact.Reach.ANY, Contact.Reach.TEXT, Contact.Reach.IN_PERSON]),
            household_size=rng.choice([None, 1, 2, 3, 4, 5, 6]),
            no_kitchen=rng.random() < 0.08,
            dietary_needs=rng.choice(DIETS) if rng.random() < 0.1 else "",
            base_area=rng.choice(areas) if areas and rng.random() < 0.9 else None,
            first_met=rng.choice(
                [Contact.FirstMet.SERVE] * 6
                + [Contact.FirstMet.DELIVERY, Contact.FirstMet.DOOR_KNOCK]
            ),
            first_met_on=today - timedelta(days=rng.randint(0, 180)),
            created_by=investigator,
        )
        if phone:
            contact.consent_recorded_at = contact.first_met_on
            contact.consent_recorded_by = investigator
        contacts.append(contact)
    _fewer_met_last_week(contacts, today)
    # bulk_create still runs each field's get_prep_value: phone, address and notes are encrypted.
    created = Contact.objects.bulk_create(contacts)
    # Spread the contacts over the months they were met, so summations show a believable flow.
    first_met = Cast("first_met_on", DateTimeField())
    Contact.objects.filter(created_by=investigator).update(
        created_at=first_met, last_activity_at=first_met
    )
    return created


def _fewer_met_last_week(contacts: list[Contact], today) -> None:
    """The serve moved indoors last week and fewer new people were met than the week before
    (the demo summation's comment says so, summations.demo): move the extra ones back."""
    this_monday = today - timedelta(days=today.weekday())
    week = timedelta(days=7)
    last = [c for c in contacts if this_monday - week <= c.first_met_on < this_monday]
    before = [c for c in contacts if this_monday - 2 * week <= c.first_met_on < this_monday - week]
    while last and len(last) >= len(before):
        contact = last.pop()
        contact.first_met_on -= week
        if contact.consent_recorded_at:
            contact.consent_recorded_at = contact.first_met_on
        before.append(contact)


def _known_for(contact: Contact, today) -> int:
    """Days since the contact was first met (0 when unknown)."""
    return max(0, (today - contact.first_met_on).days) if contact.first_met_on else 0


def _conversations(rng, contacts, investigator, coordinator, today) -> None:
    summaries = (
        "Heat has been out for two weeks; landlord does not answer.",
        "Boss owes her three weeks of pay. Others at the warehouse too.",
        "Rent going up $300 in March. Neighbours upset.",
        "Wants to come to the tenants' meeting.",
        "Asked about the free store; talked about the eviction notices in the building.",
        "Was stopped by police outside the building twice this month.",
    )
    conversations = []
    overdue = 0
    for contact in rng.sample(contacts, 120):
        follow_up = rng.random() < 0.3
        # Never before they were first met.
        held_on = today - timedelta(days=rng.randint(0, min(60, _known_for(contact, today))))
        due = today + timedelta(days=rng.randint(1, 10)) if follow_up else None
        # Outreach's report says three follow-ups are overdue (summations.demo): three are.
        if follow_up and overdue < OVERDUE_FOLLOW_UPS and held_on < today - timedelta(days=3):
            due, overdue = held_on + timedelta(days=2), overdue + 1
        conversations.append(
            Conversation(
                contact=contact,
                organizer=investigator,
                channel=rng.choice(Conversation.Channel.values),
                summary=rng.choice(summaries),
                held_on=held_on,
                follow_up_due=due,
                follow_up_by=rng.choice([investigator, coordinator]) if follow_up else None,
            )
        )
    Conversation.objects.bulk_create(conversations)


def _assessments(rng, contacts, investigator, today) -> None:
    levels = list(DevelopmentLevel.objects.order_by("rank"))
    if not levels:
        return
    assessments = []
    for contact in rng.sample(contacts, 90):
        level = rng.choice(levels)
        history = [level]
        if rng.random() < 0.4:  # a second assessment, usually a step forward
            step = 1 if rng.random() < 0.75 else -1
            history.append(levels[max(0, min(len(levels) - 1, levels.index(level) + step))])
        previous = None
        for i, current in enumerate(history):
            assessments.append(
                DevelopmentAssessment(
                    contact=contact,
                    level=current,
                    previous_level=previous,
                    assessed_on=max(contact.first_met_on, today - timedelta(days=60 - 45 * i)),
                    assessed_by=investigator,
                    reason="Came to two meetings and brought a neighbour." if i else "",
                )
            )
            previous = current
        contact.development_level = history[-1]
    DevelopmentAssessment.objects.bulk_create(assessments)
    Contact.objects.bulk_update(
        [c for c in contacts if c.development_level_id], ["development_level"]
    )
