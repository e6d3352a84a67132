"""Writes on the investigation: grievances (one at a time, from the serve's quick-add page, or
imported), base areas imported, base-area notes, campaigns with their demands and actions."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import services as contact_services
from contacts.models import BaseArea, Contact, Conversation
from core import audit
from investigation.importing import BaseAreaImportPreview, GrievanceImportPreview
from investigation.models import (
    Antagonist,
    Campaign,
    CampaignAction,
    Demand,
    Grievance,
    GrievanceCategory,
    InvestigationNote,
)
from investigation.ranking import ranking_changed


def grievance_record(
    *,
    by,
    base_area: BaseArea,
    category: GrievanceCategory,
    contact: Contact | None = None,
    antagonist: Antagonist | None = None,
    description: str = "",
    severity: int = Grievance.Severity.MEDIUM,
    recorded_on: date | None = None,
    status: str = Grievance.Status.OPEN,
) -> Grievance:
    """Record one grievance (anonymous when `contact` is None); marks activity on the contact."""
    grievance = Grievance.objects.create(
        base_area=base_area,
        category=category,
        contact=contact,
        antagonist=antagonist,
        description=description,
        severity=severity,
        recorded_on=recorded_on or timezone.localdate(),
        recorded_by=by,
        status=status,
    )
    audit.record(by=by, kind=audit.Kind.GRIEVANCE_RECORD, obj=grievance)
    if contact is not None:
        contact_services.contact_touch(contact=contact)
    ranking_changed()
    return grievance


def grievance_update(*, grievance: Grievance, by, **fields) -> Grievance:
    """Change a grievance: its status as it is organized, or a correction."""
    allowed = {
        "base_area",
        "category",
        "antagonist",
        "description",
        "severity",
        "recorded_on",
        "status",
    }
    if set(fields) - allowed:
        raise TypeError(f"not grievance fields: {sorted(set(fields) - allowed)}")
    for name, value in fields.items():
        setattr(grievance, name, value)
    grievance.save()
    audit.record(by=by, kind=audit.Kind.GRIEVANCE_UPDATE, obj=grievance, status=grievance.status)
    ranking_changed()
    return grievance


def antagonist_find_or_create(*, name: str) -> Antagonist:
    """An antagonist by name, any case; a new one (kind "other") if nobody has that name."""
    antagonist = Antagonist.objects.filter(name__iexact=name).first()
    if antagonist is None:
        antagonist = Antagonist.objects.create(name=name, kind=Antagonist.Kind.OTHER)
    return antagonist


class PhoneOnFile(Exception):
    """Quick add was given a phone already on file and the organizer has not said yet whether
    this is the same person or someone else sharing the phone. Nothing was written."""

    def __init__(self, contacts: list[Contact]):
        self.contacts = contacts
        super().__init__(f"phone on file for contacts {[c.pk for c in contacts]}")


def contacts_with_phone(phone: str) -> list[Contact]:
    """The active contacts recorded with this phone: the first one to have it, then those
    who share it."""
    if not phone:
        return []
    return list(Contact.objects.active().with_phone(phone).order_by("shares_phone", "pk"))


@dataclass
class QuickAddResult:
    contact: Contact
    created: bool
    grievances: list[Grievance] = field(default_factory=list)
    new_antagonists: list[Antagonist] = field(default_factory=list)


@transaction.atomic
def contact_quick_add(
    *,
    by,
    name: str,
    phone: str = "",
    language: str = Contact.Language.ENGLISH,
    consent: bool = False,
    base_area: BaseArea | None = None,
    summary: str = "",
    follow_up_due: date | None = None,
    grievances: list[dict] = (),
    serve: int | None = None,
    ask: bool = False,
    same_as: int | None = None,
    someone_else: bool = False,
) -> QuickAddResult:
    """The serve table in one step: a contact met at a serve (or the one already recorded with
    that phone), a conversation at the serve, and up to two grievances, all or nothing.

    `serve` is the distribution serve's id, kept as a note of where they were met.
    Each grievance is a dict: category, antagonist_name (optional), description, severity.

    With `ask`, a phone already on file raises PhoneOnFile, before anything is written, unless
    the organizer has said who this is: `same_as` (the pk of a contact with that phone: add to
    their record) or `someone_else` (a new contact sharing the phone,
    docs/decisions/0007-shared-phones.md). Without `ask`, it adds to the contact on file."""
    on_file = contacts_with_phone(phone)
    chosen = next((c for c in on_file if c.pk == same_as), None)
    if ask and on_file and chosen is None and not someone_else:
        raise PhoneOnFile(on_file)
    contact = None if someone_else else (chosen or (on_file[0] if on_file else None))
    created = contact is None
    if created:
        try:
            contact = contact_services.contact_create(
                by=by,
                consent=consent,
                name=name,
                phone=phone,
                language=language,
                base_area=base_area,
                first_met=Contact.FirstMet.SERVE,
                first_met_on=timezone.localdate(),
                first_met_note=(_("Serve #%(id)s") % {"id": serve}) if serve else "",
                shares_phone=bool(someone_else and on_file),
            )
        except contact_services.PhoneAlreadyRecorded as recorded:  # at another table, just now
            if ask:
                raise PhoneOnFile([recorded.contact]) from None
            contact, created = recorded.contact, False
    if not created and base_area is not None and contact.base_area_id is None:
        # Only if still empty (an organizer may have set it meanwhile), and a new version, so
        # that an edit form loaded before does not blank it again.
        Contact.objects.filter(pk=contact.pk, base_area__isnull=True).update(
            base_area=base_area, version=F("version") + 1
        )
    if summary or follow_up_due:
        contact_services.conversation_record(
            contact=contact,
            by=by,
            channel=Conversation.Channel.SERVE,
            summary=summary,
            follow_up_due=follow_up_due,
        )
    result = QuickAddResult(contact=contact, created=created)
    for item in grievances:
        antagonist = None
        if item.get("antagonist_name"):
            existed = Antagonist.objects.filter(name__iexact=item["antagonist_name"]).exists()
            antagonist = antagonist_find_or_create(name=item["antagonist_name"])
            if not existed:
                result.new_antagonists.append(antagonist)
        result.grievances.append(
            grievance_record(
                by=by,
                base_area=base_area or contact.base_area,
                category=item["category"],
                contact=contact,
                antagonist=antagonist,
                description=item.get("description", ""),
                severity=item.get("severity", Grievance.Severity.MEDIUM),
            )
        )
    contact_services.contact_touch(contact=contact)
    return result


def base_area_save(*, base_area: BaseArea | None, **fields) -> BaseArea:
    """Create a base area, or change one's name, kind, parent or boundary. Rankings roll
    areas up into the areas they lie within, so they are computed afresh."""
    base_area = base_area or BaseArea()
    for name, value in fields.items():
        setattr(base_area, name, value)
    base_area.save()
    ranking_changed()
    return base_area


def base_area_note_add(
    *, base_area: BaseArea, by, aspect: str, text: str, written_on: date | None = None
) -> InvestigationNote:
    """Add a dated note on a base area's objective or subjective conditions."""
    note = InvestigationNote.objects.create(
        base_area=base_area,
        aspect=aspect,
        text=text,
        written_on=written_on or timezone.localdate(),
        written_by=by,
    )
    audit.record(by=by, kind=audit.Kind.BASE_AREA_NOTE, obj=note, base_area=base_area.pk)
    return note


def campaign_create(*, by, **fields) -> Campaign:
    """Start a campaign (a popular committee) at a site of struggle. The ranking, which says
    at each site whether a committee works there, shows it at once."""
    ranking_changed()
    campaign = Campaign.objects.create(created_by=by, **fields)
    audit.record(by=by, kind=audit.Kind.CAMPAIGN_CREATE, obj=campaign)
    return campaign


def campaign_update(*, campaign: Campaign, by, **fields) -> Campaign:
    """Change a campaign's name, site, status or description; the ranking shows it at once."""
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=list(fields))
    audit.record(by=by, kind=audit.Kind.CAMPAIGN_UPDATE, obj=campaign)
    ranking_changed()
    return campaign


@transaction.atomic
def campaign_set_people(*, campaign: Campaign, contacts, members, by) -> Campaign:
    """Set who is in a campaign: contacts of the base area and members of the organization."""
    campaign.contacts.set(contacts)
    campaign.members.set(members)
    audit.record(
        by=by,
        kind=audit.Kind.CAMPAIGN_PEOPLE,
        obj=campaign,
        contacts=campaign.contacts.count(),
        members=campaign.members.count(),
    )
    return campaign


@transaction.atomic
def demand_save(
    *,
    campaign: Campaign,
    by,
    text: str,
    grievances,
    status: str,
    decided_on: date | None,
    demand: Demand | None = None,
) -> Demand:
    """Add a demand to a campaign's program (or change one), linked to the grievances it
    answers. A demand won or lost carries the date."""
    if demand is None:
        demand = Demand(campaign=campaign, position=campaign.demands.count() + 1)
    demand.text, demand.status = text, status
    demand.decided_on = decided_on if status != Demand.Status.PENDING else None
    demand.save()
    demand.grievances.set(grievances)
    audit.record(by=by, kind=audit.Kind.DEMAND_SAVE, obj=demand, status=status)
    ranking_changed()  # the ranking counts each site's open and won demands
    return demand


def campaign_action_record(
    *, campaign: Campaign, by, kind: str, held_on: date, turnout: int, notes: str = ""
) -> CampaignAction:
    """Log an action of a campaign (meeting, petition, delegation, protest) with its turnout."""
    action = CampaignAction.objects.create(
        campaign=campaign,
        kind=kind,
        held_on=held_on,
        turnout=turnout,
        notes=notes,
        recorded_by=by,
    )
    audit.record(by=by, kind=audit.Kind.CAMPAIGN_ACTION, obj=action, campaign=campaign.pk)
    return action


@transaction.atomic
def grievances_import(*, preview: GrievanceImportPreview, by) -> list[Grievance]:
    """Create every grievance of a validated import preview, all or nothing. Antagonists not
    yet known are created (kind as given, or "other")."""
    if not preview.can_commit:
        raise ValueError("an import with errors or no rows cannot be committed")
    antagonists: dict[str, Antagonist] = {}
    for name, kind in preview.new_antagonists.items():
        antagonists[name.lower()] = Antagonist.objects.create(name=name, kind=kind)
    grievances = []
    for row in preview.rows:
        fields = dict(row)
        new_name = fields.pop("new_antagonist", "")
        if new_name:
            fields["antagonist"] = antagonists[new_name.lower()]
        grievances.append(Grievance(recorded_by=by, **fields))
    Grievance.objects.bulk_create(grievances, batch_size=500)
    audit.record(by=by, kind=audit.Kind.GRIEVANCE_IMPORT, grievances=len(grievances))
    contact_ids = {g.contact_id for g in grievances if g.contact_id}
    Contact.objects.filter(pk__in=contact_ids).update(last_activity_at=timezone.now())
    ranking_changed()
    return grievances


@transaction.atomic
def base_areas_import(*, preview: BaseAreaImportPreview) -> list[BaseArea]:
    """Create every new base area of a validated import preview, all or nothing, each one after
    the area it lies within (the preview's order). Areas the preview skipped as already there
    are left as they are. Base areas record no author, so this takes no `by`."""
    if not preview.can_commit:
        raise ValueError("an import with errors or no rows cannot be committed")
    created: dict[int, BaseArea] = {}  # by the file's line
    batch: dict[int, BaseArea] = {}  # one level of the tree, inserted together
    for row in preview.rows:
        if row["parent_line"] in batch:
            BaseArea.objects.bulk_create(batch.values(), batch_size=500)
            created.update(batch)
            batch = {}
        parent = row["parent"] if row["parent_line"] is None else created[row["parent_line"]]
        batch[row["line"]] = BaseArea(name=row["name"], kind=row["kind"], parent=parent)
    BaseArea.objects.bulk_create(batch.values(), batch_size=500)
    created.update(batch)
    ranking_changed()  # the roll-up follows the tree
    return list(created.values())
