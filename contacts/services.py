"""Writes on contacts: recording and editing contacts, conversations and follow-ups,
development assessments, the access log, forgetting, retention, export and key rotation."""

import csv
import io
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date, datetime
from itertools import batched

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from contacts.models import (
    Contact,
    ContactAccess,
    ContactImport,
    Conversation,
    DevelopmentAssessment,
    DevelopmentLevel,
    NameToken,
    RetentionRun,
    phone_lookup_hash,
)
from core import audit, crypto
from core.fields import sealed
from core.importing import ImportPreview
from core.models import DataKey

# The fields a form may set on a contact (consent is recorded separately, with who and when).
CONTACT_FIELDS = frozenset(
    {
        "name",
        "phone",
        "address",
        "notes",
        "language",
        "reach",
        "household_size",
        "no_kitchen",
        "dietary_needs",
        "base_area",
        "first_met",
        "first_met_on",
        "first_met_note",
    }
)


class PhonesRecordedMeanwhile(Exception):
    """An import's phones were free at the preview, but someone recorded one since."""


class PhoneAlreadyRecorded(Exception):
    """Another contact already has this phone number."""

    def __init__(self, contact: Contact):
        self.contact = contact
        super().__init__(f"contact {contact.pk} has this phone")


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"not contact fields: {sorted(unknown)}")


def _check_phone_free(phone: str, *, except_pk: int | None = None) -> None:
    if not phone:
        return
    existing = Contact.objects.active().with_phone(phone).exclude(pk=except_pk).first()
    if existing is not None:
        raise PhoneAlreadyRecorded(existing)


def _set_consent(contact: Contact, *, consent: bool, by) -> None:
    if consent and contact.consent_recorded_at is None:
        contact.consent_recorded_at = timezone.localdate()
        contact.consent_recorded_by = by
    elif not consent:
        contact.consent_recorded_at = None
        contact.consent_recorded_by = None


def contact_create(*, by, consent: bool = False, shares_phone: bool = False, **fields) -> Contact:
    """Record a new contact. The phone is encrypted and its keyed hash stored for de-duplication;
    raises PhoneAlreadyRecorded if another contact has the same phone, unless the organizer
    said this is someone else sharing it (`shares_phone`, docs/decisions/0007-shared-phones.md)."""
    _check_fields(fields)
    if not shares_phone:
        _check_phone_free(fields.get("phone", ""))
    contact = Contact(created_by=by, shares_phone=shares_phone, **fields)
    contact.phone_hash = phone_lookup_hash(contact.phone)
    _set_consent(contact, consent=consent, by=by)
    with _phone_recorded_meanwhile(contact.phone_hash):
        contact.save()
    audit.record(by=by, kind=audit.Kind.CONTACT_CREATE, obj=contact)
    return contact


@contextmanager
def _phone_recorded_meanwhile(phone_hash: str):
    """Turn the database's refusal of a second contact with one phone (recorded by someone
    else since we looked) into PhoneAlreadyRecorded. A savepoint keeps the caller's
    transaction usable."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        existing = Contact.objects.active().filter(phone_hash=phone_hash).first()
        if not phone_hash or existing is None:
            raise
        raise PhoneAlreadyRecorded(existing) from None


class ContactChanged(Exception):
    """Someone else saved this contact after the form was loaded. `current` is the contact as
    saved now, or None if it was forgotten meanwhile."""

    def __init__(self, current: Contact | None):
        self.current = current
        super().__init__("the contact was saved by someone else since it was loaded")


# What contact_update writes: the form's fields and what follows from them. Nothing else (the
# development level, forgetting, activity from elsewhere) is written back from a stale copy.
_CONSENT_FIELDS = ("consent_recorded_at", "consent_recorded_by")


@transaction.atomic
def contact_update(*, contact: Contact, by, consent: bool, version: int, **fields) -> Contact:
    """Change a contact's details; the edit is written to the access log.

    Optimistic lock: `version` is the contact's version when the form was loaded. The row is
    written only if it still has that version (one conditional UPDATE, which also adds one to
    it); otherwise nothing is written and ContactChanged carries the contact as saved now."""
    _check_fields(fields)
    _check_phone_free(fields.get("phone", ""), except_pk=contact.pk)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.phone_hash = phone_lookup_hash(contact.phone)
    _set_consent(contact, consent=consent, by=by)
    contact.last_activity_at = timezone.now()
    written = [*fields, "phone_hash", *_CONSENT_FIELDS, "last_activity_at"]
    with _phone_recorded_meanwhile(contact.phone_hash):
        updated = (
            Contact.objects.active()
            .filter(pk=contact.pk, version=version)
            .update(version=F("version") + 1, **{name: sealed(contact, name) for name in written})
        )
    if not updated:
        raise ContactChanged(Contact.objects.active().filter(pk=contact.pk).first())
    contact.version = version + 1
    if "name" in fields:
        NameToken.objects.index([contact])
    contact_access_record(contact=contact, by=by, action=ContactAccess.Action.EDITED)
    return contact


class ImportAlreadyDone(Exception):
    """This preview was imported already (its key is taken)."""


@transaction.atomic
def contacts_import(*, preview: ImportPreview, by, key: str) -> list[Contact]:
    """Create every contact of a validated import preview, all or nothing. Each new contact
    gets an access-log line (imported by whom).

    `key` names the preview (a digest of its token): a second import with the same key, even
    at the same moment, raises ImportAlreadyDone and creates nothing."""
    if not preview.can_commit:
        raise ValueError("an import with errors or no rows cannot be committed")
    try:
        with transaction.atomic():
            run = ContactImport.objects.create(key=key, imported_by=by)
    except IntegrityError:
        raise ImportAlreadyDone from None
    today = timezone.localdate()
    contacts = []
    for row in preview.rows:
        fields = {k: v for k, v in row.items() if k != "consent"}
        contact = Contact(created_by=by, phone_hash=phone_lookup_hash(fields["phone"]), **fields)
        if row["consent"]:
            contact.consent_recorded_at, contact.consent_recorded_by = today, by
        contacts.append(contact)
    try:
        with transaction.atomic():
            Contact.objects.bulk_create(contacts, batch_size=500)
    except IntegrityError:
        raise PhonesRecordedMeanwhile from None
    contacts_access_record(
        contact_ids=[c.pk for c in contacts], by=by, action=ContactAccess.Action.IMPORTED
    )
    run.created = len(contacts)
    run.save(update_fields=["created"])
    return contacts


def contact_touch(*, contact: Contact) -> None:
    """Mark activity with a contact (a conversation, a grievance, a delivery), so that the
    retention job keeps it. Other apps call this when they work with a contact."""
    Contact.objects.filter(pk=contact.pk).update(last_activity_at=timezone.now())


def contact_access_record(*, contact: Contact, by, action: str) -> ContactAccess:
    """Append one line to the access log: `by` viewed/exported/edited/forgot `contact`. Every
    action but a view also goes to the audit trail (views stay in this log alone: the contact
    page shows them, and the trail would only repeat the busiest write)."""
    if action != ContactAccess.Action.VIEWED:
        audit.record(by=by, kind=audit.Kind(f"contact.{action}"), obj=contact)
    return ContactAccess.objects.create(contact=contact, accessed_by=by, action=action)


def contacts_access_record(*, contact_ids: Iterable[int], by, action: str) -> int:
    """Append one access-log line per contact, in one INSERT (exports, imports), and one
    audit row for the whole batch, with its size."""
    lines = [ContactAccess(contact_id=pk, accessed_by=by, action=action) for pk in contact_ids]
    ContactAccess.objects.bulk_create(lines, batch_size=1000)
    audit.record(by=by, kind=audit.Kind(f"contact.{action}"), contacts=len(lines))
    return len(lines)


@transaction.atomic
def conversation_record(
    *,
    contact: Contact,
    by,
    channel: str,
    summary: str = "",
    held_on: date | None = None,
    follow_up_due: date | None = None,
    follow_up_by=None,
) -> Conversation:
    """Record a conversation with a contact, with an optional follow-up (due date, who: the
    organizer by default)."""
    conversation = Conversation.objects.create(
        contact=contact,
        organizer=by,
        channel=channel,
        summary=summary,
        held_on=held_on or timezone.localdate(),
        follow_up_due=follow_up_due,
        follow_up_by=(follow_up_by or by) if follow_up_due else None,
    )
    audit.record(by=by, kind=audit.Kind.CONVERSATION_RECORD, obj=conversation)
    contact_touch(contact=contact)
    return conversation


def follow_up_complete(*, conversation: Conversation, by) -> Conversation:
    """Mark a follow-up done (idempotent: a second click keeps the first time)."""
    Conversation.objects.filter(pk=conversation.pk, follow_up_done_at__isnull=True).update(
        follow_up_done_at=timezone.now()
    )
    audit.record(by=by, kind=audit.Kind.FOLLOW_UP_COMPLETE, obj=conversation)
    contact_touch(contact=conversation.contact)
    conversation.refresh_from_db(fields=["follow_up_done_at"])
    return conversation


@transaction.atomic
def contact_assess(
    *,
    contact: Contact,
    level: DevelopmentLevel,
    by,
    reason: str = "",
    assessed_on: date | None = None,
) -> DevelopmentAssessment:
    """Record a development assessment. The contact's current level becomes `level`; the level
    it had is kept on the assessment, so that movement is counted without replaying history."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    assessment = DevelopmentAssessment.objects.create(
        contact=contact,
        level=level,
        previous_level_id=contact.development_level_id,
        assessed_on=assessed_on or timezone.localdate(),
        assessed_by=by,
        reason=reason,
    )
    Contact.objects.filter(pk=contact.pk).update(
        development_level=level, last_activity_at=timezone.now()
    )
    audit.record(by=by, kind=audit.Kind.CONTACT_ASSESS, obj=assessment)
    return assessment


def _erase_personal_data(contact_ids: list[int], *, now: datetime) -> int:
    """Blank every personal field of these contacts and the text of their conversations,
    assessments and grievances. Grievances, levels and counts stay: the record left holds no
    personal data."""
    forgetting = Contact.objects.filter(pk__in=contact_ids, forgotten_at__isnull=True)
    keys = [k for k in forgetting.values_list("key_id", flat=True) if k is not None]
    erased = forgetting.update(
        key=None,
        name="",
        phone="",
        phone_hash="",
        address="",
        notes="",
        dietary_needs="",
        household_size=None,
        no_kitchen=False,
        first_met_note="",
        consent_recorded_at=None,
        consent_recorded_by=None,
        forgotten_at=now,
        version=F("version") + 1,  # an edit form loaded before cannot write the data back
    )
    Conversation.objects.filter(contact_id__in=contact_ids).update(
        summary="", follow_up_due=None, follow_up_by=None
    )
    DevelopmentAssessment.objects.filter(contact_id__in=contact_ids).update(reason="")
    # Their grievances stay for the counts (area, category, antagonist, severity), but what
    # they told us in their own words goes. (contacts names investigation only through the
    # relation, never by import.)
    grievances = Contact._meta.get_field("grievances").related_model
    grievances.objects.filter(contact_id__in=contact_ids).update(description="")
    # Their open delivery requests are cancelled and blanked now, in this transaction, not by
    # the nightly erase: the lead's board and the driver's run stop showing them at once.
    # (Through the relation too: distribution imports contacts, not the reverse.)
    deliveries = Contact._meta.get_field("delivery_requests").related_model
    deliveries.objects.filter(contact_id__in=contact_ids).open().update(
        status=deliveries.Status.CANCELLED,
        finished_at=now,
        address_erased_at=now,
        version=F("version") + 1,  # a board or run page loaded before cannot act on it
        **dict.fromkeys(deliveries.PRIVATE_FIELDS, ""),
    )
    # Crypto-shredding: their own keys go, so every copy of what was sealed with them (freed
    # pages, WAL, replicas, later backups) is unreadable, deployment key or not.
    NameToken.objects.filter(contact_id__in=contact_ids).delete()
    DataKey.objects.filter(pk__in=keys).delete()
    crypto.shred_keys(keys)
    transaction.on_commit(_scrub_freed_pages)
    return erased


def _scrub_freed_pages() -> None:
    """After a forget: rewrite the data-key and name-token tables, so that the deleted keys and
    name hashes leave the live database files at once (PostgreSQL keeps deleted rows on their
    pages until a vacuum reuses the space). SQLite zeroes deleted content itself
    (secure_delete, see core.apps). Outside a transaction only, as VACUUM must be."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL {DataKey._meta.db_table}, {NameToken._meta.db_table}")


@transaction.atomic
def contact_forget(*, contact: Contact, by) -> Contact:
    """Forget this contact: remove every personal field and all conversation, assessment and
    grievance text. The contact's grievances stay (tied to a record that no longer says who,
    and without their description), so counts stay true. Their open delivery requests are
    cancelled and their address, phone, notes and dietary needs erased in the same transaction.
    The forgetting is written to the access log."""
    contact_access_record(contact=contact, by=by, action=ContactAccess.Action.FORGOTTEN)
    _erase_personal_data([contact.pk], now=timezone.now())
    contact.refresh_from_db()
    return contact


def contacts_purge_inactive(*, today: date | None = None) -> RetentionRun:
    """The retention job: forget every contact with no activity for CONTACT_RETENTION_MONTHS.

    Claims the day with RetentionRun's unique date, so a second run the same day (a retried
    task, two beat processes) purges nothing and returns the first run's record."""
    today = today or timezone.localdate()
    months = settings.CONTACT_RETENTION_MONTHS
    cutoff = _months_before(timezone.now(), months)
    with transaction.atomic():
        run, created = RetentionRun.objects.get_or_create(ran_on=today, defaults={"cutoff": cutoff})
        if not created:
            return run
        ids = list(
            Contact.objects.due_for_retention(cutoff)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        run.purged = _erase_personal_data(ids, now=timezone.now())
        run.finished_at = timezone.now()
        run.save(update_fields=["purged", "finished_at"])
    return run


def _months_before(moment: datetime, months: int) -> datetime:
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


EXPORT_COLUMNS = (
    "name",
    "phone",
    "address",
    "language",
    "reach",
    "consent_recorded_at",
    "household_size",
    "no_kitchen",
    "dietary_needs",
    "base_area",
    "development_level",
    "first_met",
    "first_met_on",
    "notes",
)


def contacts_export(*, by, contacts: Iterable[Contact]) -> str:
    """The contacts as CSV (the import's columns and more). Every contact exported gets a line
    in the access log. Only investigators and coordinators reach this (see the view)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    ids = []
    # Read 500 at a time before writing any: their sealed values open with one query each time.
    for c in (contact for batch in batched(contacts, 500, strict=False) for contact in batch):
        ids.append(c.pk)
        writer.writerow(
            [
                _csv_safe(c.name),
                _csv_safe(c.phone),
                _csv_safe(c.address),
                c.language,
                c.reach,
                c.consent_recorded_at.isoformat() if c.consent_recorded_at else "",
                c.household_size or "",
                "yes" if c.no_kitchen else "",
                _csv_safe(c.dietary_needs),
                _csv_safe(c.base_area.name) if c.base_area else "",
                _csv_safe(c.development_level.name) if c.development_level else "",
                c.first_met,
                c.first_met_on.isoformat() if c.first_met_on else "",
                _csv_safe(c.notes),
            ]
        )
    with transaction.atomic():
        contacts_access_record(contact_ids=ids, by=by, action=ContactAccess.Action.EXPORTED)
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    value = value or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
