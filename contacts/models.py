"""Contacts: people met through the distribution, each tied to a base area.

A contact is a first name or a nickname. Basework has no field for ID, immigration status,
nationality, date of birth or any document number, and never will. Phone, address and notes
are encrypted at rest; the phone's keyed hash allows exact-match de-duplication.

Organizers talk with contacts (conversations, with follow-ups), and assess how far each one is
drawn into struggle (a dated history of development levels, so a summation can report
movement). Every view or export of a contact's personal data is written to an append-only
access log; a contact can be forgotten, and the retention job forgets contacts idle too long."""

import unicodedata
from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.fields import EncryptedTextField, SealedQuerySet
from core.i18n import BilingualName
from core.models import DataKey

PHONE_HASH_PURPOSE = "contact-phone"


def normalize_phone(phone: str) -> str:
    """Digits only (and a leading +), so '617-555 0101' and '6175550101' match."""
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" + digits) if phone.startswith("+") and digits else digits


def phone_lookup_hash(phone: str) -> str:
    return crypto.lookup_hash(normalize_phone(phone), purpose=PHONE_HASH_PURPOSE)


def phone_lookup_hashes(phone: str) -> list[str]:
    """The phone's hash under every configured key: a lookup still finds a contact between a
    key rotation and the `rotate_encryption` run that re-computes the stored hashes."""
    return crypto.lookup_hash_candidates(normalize_phone(phone), purpose=PHONE_HASH_PURPOSE)


NAME_TOKEN_PURPOSE = "contact-name"  # noqa: S105 (a hash purpose, not a secret)
WHOLE_NAME_PURPOSE = "contact-whole-name"
# The shortest beginning of a name word that is searchable: the name filter asks for as many.
NAME_PREFIX_MIN = 2


def name_words(text: str) -> list[str]:
    """The words of a name, folded for search: lower case, accents off ("José" -> "jose")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return ["".join(ch for ch in word if ch.isalnum()) for word in bare.split() if word]


def name_token_digests(name: str) -> set[str]:
    """What a contact's name is found by: the keyed hash of every beginning of every word,
    two letters and longer ("jo", "jos", "jose"). See docs/decisions/0008-sealed-names.md
    for what this tells someone holding the database without the key."""
    digests = {whole_name_digest(name)} - {""}
    for word in name_words(name):
        for end in range(min(NAME_PREFIX_MIN, len(word)), len(word) + 1):
            digests.add(_name_digest(crypto.lookup_hash(word[:end], purpose=NAME_TOKEN_PURPOSE)))
    return digests


def whole_name_digest(name: str) -> str:
    """The keyed hash of the whole name, folded: what `name="Rosa"` matches."""
    folded = " ".join(name_words(name))
    return _name_digest(crypto.lookup_hash(folded, purpose=WHOLE_NAME_PURPOSE)) if folded else ""


def _name_digest(full_hash: str) -> str:
    return full_hash[:NAME_DIGEST_LENGTH]


# 80 bits of the keyed hash: collisions between different words are negligible at any size
# an organization reaches, and the index stays small.
NAME_DIGEST_LENGTH = 20


def _candidates(text: str, purpose: str) -> list[str]:
    return [_name_digest(h) for h in crypto.lookup_hash_candidates(text, purpose=purpose)]


class _NameTokenLookup(models.Lookup):
    """`name="Rosa"` (whole name) and `name__icontains="ros"` (beginnings of words) on an
    encrypted name: matched against the contact's NameTokens, case and accents aside."""

    prepare_rhs = False  # the value is hashed here, never encrypted or sent

    def digest_sets(self, value: str) -> list[list[str]]:
        raise NotImplementedError

    def as_sql(self, compiler, connection):
        value = self.rhs
        if not value:  # forgotten contacts' blank name: the column itself
            lhs_sql, params = compiler.compile(self.lhs)
            return f"{lhs_sql} = %s", [*params, ""]
        sets = self.digest_sets(value) or [[""]]
        quote = compiler.quote_name
        contact_id = f"{quote(self.lhs.alias)}.{connection.ops.quote_name('id')}"
        tokens = connection.ops.quote_name(NameToken._meta.db_table)
        clauses, params = [], []
        for digests in sets:
            marks = ", ".join(["%s"] * len(digests))
            clauses.append(
                f"{contact_id} IN (SELECT contact_id FROM {tokens} WHERE digest IN ({marks}))"  # noqa: S608 (quoted names, values as parameters)
            )
            params.extend(digests)
        return "(" + " AND ".join(clauses) + ")", params


class _WholeName(_NameTokenLookup):
    lookup_name = "exact"

    def digest_sets(self, value):
        folded = " ".join(name_words(value))
        return [_candidates(folded, WHOLE_NAME_PURPOSE)] if folded else []


class _WholeNameFolded(_WholeName):
    lookup_name = "iexact"


class _WordBeginnings(_NameTokenLookup):
    lookup_name = "icontains"

    def digest_sets(self, value):
        words = [w for w in name_words(value) if len(w) >= NAME_PREFIX_MIN]
        return [_candidates(word, NAME_TOKEN_PURPOSE) for word in words]


class NameField(EncryptedTextField):
    """A contact's name: sealed like every personal value, and still found by exact and
    partial lookups (`name="Rosa"`, `name__icontains="ros"`) through keyed hashes."""


for _lookup in (_WholeName, _WholeNameFolded, _WordBeginnings):
    NameField.register_lookup(_lookup)
for _name in ("istartswith", "contains", "startswith"):
    NameField.register_lookup(type(f"_{_name}", (_WordBeginnings,), {"lookup_name": _name}))


class DevelopmentLevelQuerySet(models.QuerySet):
    def for_choices(self):
        return self.order_by("-rank")


class DevelopmentLevel(BilingualName, models.Model):
    """How far a contact is drawn into struggle. Seeded as advanced / intermediate / backward;
    the organization may rename them or add levels. `rank` orders them (higher = further)."""

    name = models.CharField(_("name (English)"), max_length=40)
    name_es = models.CharField(_("name (Spanish)"), max_length=40, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("Higher means further drawn into struggle.")
    )
    counts_as_drawn_in = models.BooleanField(
        _("counts as drawn in"),
        default=False,
        help_text=_(
            "Contacts at this level are counted as advanced or intermediate in the "
            "sites-of-struggle ranking."
        ),
    )

    objects = DevelopmentLevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("development level")
        verbose_name_plural = _("development levels")
        ordering = ["-rank"]

    def __str__(self) -> str:
        return self.label


class ContactQuerySet(SealedQuerySet):
    def for_contact_detail(self):
        """One contact's pages, for members who see contacts (checked by the view); a
        forgotten contact no longer exists for anyone."""
        return self.active().select_related("base_area", "development_level", "consent_recorded_by")

    def active(self):
        """Contacts not forgotten."""
        return self.filter(forgotten_at__isnull=True)

    def named(self, search: str):
        """Contacts whose name has a word beginning with each word of `search`, whatever the
        case and accents ("jose" finds José). Names are encrypted: this matches keyed hashes
        of their words' beginnings (NameToken), never the names. Words shorter than
        NAME_PREFIX_MIN letters are not searchable; a search of none of those finds no one."""
        if not [w for w in name_words(search) if len(w) >= NAME_PREFIX_MIN]:
            return self.none()
        return self.filter(name__icontains=search)

    def bulk_create(self, objs, *args, **kwargs):
        """Each new contact gets its own data key first, and its name is indexed after."""
        objs = list(objs)
        with transaction.atomic(using=self.db):
            Contact.issue_data_keys([c for c in objs if c.key_id is None])
            created = super().bulk_create(objs, *args, **kwargs)
            NameToken.objects.index(created)
        return created

    def with_phone(self, phone: str):
        """Exact match on the phone's keyed hash (never on the plaintext)."""
        hashes = phone_lookup_hashes(phone)
        if not hashes:
            return self.none()
        return self.filter(phone_hash__in=hashes)

    def for_contact_list(self):
        return (
            self.active()
            .select_related("base_area", "development_level")
            .only(
                "id",
                "name",
                "language",
                "first_met",
                "last_activity_at",
                "base_area__id",
                "base_area__name",
                "development_level__id",
                "development_level__name",
                "development_level__name_es",
            )
            .order_by("-last_activity_at", "-id")
        )

    def for_export(self):
        return self.active().select_related("base_area", "development_level").order_by("id")

    def due_for_retention(self, cutoff):
        """Contacts with no conversation, grievance, delivery or edit since `cutoff`."""
        return self.active().filter(last_activity_at__lt=cutoff)

    # For the summation (dates inclusive, in the organization's time zone).
    def created_between(self, start: date, end: date):
        """New mass contacts: contacts first recorded between two dates, inclusive."""
        return self.filter(created_at__date__range=(start, end))


class Contact(models.Model):
    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")
        OTHER = "other", _("Other")

    class Reach(models.TextChoices):
        ANY = "any", _("Phone, text or in person")
        TEXT = "text", _("Text only")
        CALL = "call", _("Phone call only")
        IN_PERSON = "in_person", _("In person only")
        NONE = "none", _("Does not want to be contacted")

    class FirstMet(models.TextChoices):
        SERVE = "serve", _("At a serve")
        DELIVERY = "delivery", _("On a delivery")
        DOOR_KNOCK = "door_knock", _("Door knock")
        OTHER = "other", _("Other")

    name = NameField(
        _("name or nickname"), max_length=60, help_text=_("A first name or a nickname is enough.")
    )
    # This contact's own key: every personal value about them is sealed with it, and
    # forgetting them deletes it (core.crypto). None once forgotten.
    key = models.OneToOneField(
        DataKey, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Another contact already has this phone and the organizer said this is someone else
    # sharing it (a household's one phone): the one-contact-per-phone rule leaves them out.
    shares_phone = models.BooleanField(_("shares a phone"), default=False, editable=False)
    address = EncryptedTextField(_("address"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    reach = models.CharField(
        _("how to reach them"), max_length=16, choices=Reach.choices, default=Reach.ANY
    )
    consent_recorded_at = models.DateField(_("consent recorded on"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    no_kitchen = models.BooleanField(_("no kitchen"), default=False)
    dietary_needs = EncryptedTextField(_("dietary needs"), blank=True)
    base_area = models.ForeignKey(
        "investigation.BaseArea",
        verbose_name=_("base area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    first_met = models.CharField(
        _("first met"), max_length=16, choices=FirstMet.choices, default=FirstMet.SERVE
    )
    first_met_on = models.DateField(_("first met on"), null=True, blank=True)
    # Which serve, route or street: set from ?serve=<id> by the quick-add page. No personal data.
    first_met_note = models.CharField(_("where exactly"), max_length=120, blank=True)
    # The latest assessment's level, kept here so that rankings count it with a join.
    development_level = models.ForeignKey(
        DevelopmentLevel,
        verbose_name=_("development level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Last conversation, delivery or edit: the retention job forgets contacts idle too long.
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)
    forgotten_at = models.DateTimeField(null=True, blank=True)
    # Optimistic lock: every write of the edit form's fields adds one, and a save carries the
    # version its form was loaded with, so two organizers editing at once never overwrite each
    # other unseen (services.contact_update).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["base_area", "created_at"]),
            # How many active contacts a base area has (its page), counted from the index.
            models.Index(
                fields=["base_area"],
                condition=models.Q(forgotten_at__isnull=True),
                name="contact_active_base_area",
            ),
            # Contacts first met at a serve in a period (distribution.reach).
            models.Index(fields=["first_met", "first_met_on"], name="contact_first_met"),
            # The ranking of sites of struggle leaves forgotten contacts out and counts those
            # drawn in: both read from small indexes, not from the sealed rows.
            models.Index(
                fields=["id"],
                condition=models.Q(forgotten_at__isnull=False),
                name="contact_forgotten",
            ),
            models.Index(
                fields=["development_level"],
                include=["id", "forgotten_at"],
                name="contact_development_level",
            ),
        ]
        constraints = [
            # One contact per phone. The services look first; this closes the moment between
            # looking and inserting, when two organizers record the same person at once.
            models.UniqueConstraint(
                fields=["phone_hash"],
                condition=Q(forgotten_at__isnull=True, shares_phone=False) & ~Q(phone_hash=""),
                name="contact_phone_once",
            )
        ]

    def __str__(self) -> str:
        # A contact whose key is gone reads as forgotten, never as an error.
        if self.forgotten_at or not self.name:
            return gettext("Forgotten contact #%(id)s") % {"id": self.pk}
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            if self.key_id is None and self.forgotten_at is None:
                Contact.issue_data_keys([self])
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "key"}
            super().save(*args, **kwargs)
            if update_fields is None or "name" in update_fields:
                NameToken.objects.index([self])

    def data_key_id(self) -> int | None:
        return self.key_id

    # Key rotation (core.rotation): a contact's values are sealed with their own key, read
    # with the row; the phone hash and the name tokens are re-computed with the current key.
    @classmethod
    def rotation_rows(cls, rows, names):
        return rows.only("pk", *names, "name", "key", "forgotten_at")

    @classmethod
    def rotation_refresh(cls, rows) -> tuple[str, ...]:
        for row in rows:
            row.phone_hash = phone_lookup_hash(row.phone)
        return ("phone_hash",)

    @classmethod
    def rotation_saved(cls, rows) -> None:
        NameToken.objects.index(rows)

    @staticmethod
    def issue_data_keys(contacts) -> None:
        """Give each of these (unsaved or keyless) contacts a new data key of its own."""
        if not contacts:
            return
        made = [crypto.new_data_key() for _contact in contacts]
        keys = DataKey.objects.bulk_create([DataKey(wrapped=wrapped) for wrapped, _f in made])
        for contact, key, (_wrapped, fernet) in zip(contacts, keys, made, strict=True):
            contact.key = key
            crypto.remember_key(key.pk, fernet)

    @property
    def has_consent(self) -> bool:
        return self.consent_recorded_at is not None


class AboutAContact:
    """A row about one contact (a conversation, a grievance, a delivery request): its personal
    text is sealed with that contact's own key, so forgetting them makes it unreadable too."""

    def data_key_id(self) -> int | None:
        if not self.contact_id:
            return None
        contact = self._state.fields_cache.get("contact")
        if contact is not None and contact.pk == self.contact_id:
            return contact.key_id
        return Contact.objects.filter(pk=self.contact_id).values_list("key_id", flat=True).first()

    @classmethod
    def rotation_rows(cls, rows, names):
        """Key rotation (core.rotation): each row is sealed with its contact's key, read with it."""
        return rows.select_related("contact").only("pk", *names, "contact__key")


class ConversationQuerySet(SealedQuerySet):
    def of_remembered_contacts(self):
        """Conversations whose contact has not been forgotten, with the contact."""
        return self.select_related("contact").filter(contact__forgotten_at__isnull=True)

    def for_contact_page(self):
        return self.select_related("organizer", "follow_up_by").order_by("-held_on", "-id")

    def follow_ups_open(self):
        return self.filter(
            follow_up_due__isnull=False,
            follow_up_done_at__isnull=True,
            contact__forgotten_at__isnull=True,
        )

    def follow_ups_due_for(self, user, *, on: date):
        """The organizer's open follow-ups that are due on or before `on` (overdue included)."""
        return self.follow_ups_open().filter(follow_up_by=user, follow_up_due__lte=on)

    def for_follow_up_list(self):
        return (
            self.follow_ups_open()
            .select_related("contact__key", "follow_up_by")
            .only(
                "id",
                "held_on",
                "channel",
                "follow_up_due",
                "contact__id",
                "contact__name",
                "contact__key__wrapped",
                "contact__forgotten_at",
                "follow_up_by__id",
                "follow_up_by__display_name",
                "follow_up_by__email",
            )
            .order_by("follow_up_due", "id")
        )

    # For the summation.
    def held_between(self, start: date, end: date):
        """Conversations held between two dates, inclusive."""
        return self.filter(held_on__range=(start, end))


class Conversation(AboutAContact, models.Model):
    class Channel(models.TextChoices):
        SERVE = "serve", _("At the serve")
        DELIVERY = "delivery", _("On a delivery")
        DOOR_KNOCK = "door_knock", _("Door knock")
        PHONE = "phone", _("Phone")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="conversations"
    )
    held_on = models.DateField(_("date"), default=timezone.localdate)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
    )
    channel = models.CharField(
        _("where"), max_length=16, choices=Channel.choices, default=Channel.SERVE
    )
    summary = EncryptedTextField(_("summary"), blank=True)
    follow_up_due = models.DateField(_("follow up by"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who follows up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    follow_up_done_at = models.DateTimeField(_("followed up on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["follow_up_by", "follow_up_due"]),
            # Conversations held in a period: the summation's weeks; with the channel and the
            # contact, the reach page's contacts met, read from the index alone.
            models.Index(fields=["held_on", "channel", "contact"], name="conversation_held_on"),
        ]

    def __str__(self) -> str:
        return gettext("Conversation on %(date)s") % {
            "date": date_format(self.held_on, "DATE_FORMAT")
        }

    @property
    def follow_up_overdue(self) -> bool:
        return (
            self.follow_up_due is not None
            and self.follow_up_done_at is None
            and self.follow_up_due < timezone.localdate()
        )


class DevelopmentAssessmentQuerySet(SealedQuerySet):
    def for_contact_page(self):
        return self.select_related("level", "previous_level", "assessed_by").order_by(
            "-assessed_on", "-id"
        )

    # For the summation.
    def assessed_between(self, start: date, end: date):
        """Assessments made between two dates, inclusive."""
        return self.filter(assessed_on__range=(start, end))

    def movement_counts(self) -> dict[str, int]:
        """How many assessments moved a contact forward, back, kept them at the same level, or
        were their first assessment. One query."""
        previous = F("previous_level__rank")
        assessed_before = Q(previous_level__isnull=False)
        return self.aggregate(
            forward=Count("id", filter=assessed_before & Q(level__rank__gt=previous)),
            back=Count("id", filter=assessed_before & Q(level__rank__lt=previous)),
            unchanged=Count("id", filter=assessed_before & Q(level__rank=previous)),
            first=Count("id", filter=Q(previous_level__isnull=True)),
        )


class DevelopmentAssessment(AboutAContact, models.Model):
    """One dated assessment of a contact's development level, with who assessed and why.
    `previous_level` is the level the contact had just before, so movement is one query."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="assessments"
    )
    level = models.ForeignKey(
        DevelopmentLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    previous_level = models.ForeignKey(
        DevelopmentLevel,
        verbose_name=_("previous level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = EncryptedTextField(_("why"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DevelopmentAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("development assessment")
        verbose_name_plural = _("development assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.level} ({self.assessed_on})"


class ContactAccessQuerySet(SealedQuerySet):
    def for_access_log(self):
        return self.select_related("accessed_by", "contact").order_by("-at", "-id")


class ContactAccess(models.Model):
    """Append-only: who viewed, exported, edited or forgot a contact's personal data, and when.
    The database itself refuses UPDATE and DELETE on this table (see migration 0004)."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported")
        EDITED = "edited", _("Edited")
        IMPORTED = "imported", _("Imported")
        FORGOTTEN = "forgotten", _("Forgotten")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="accesses"
    )
    accessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ContactAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact access")
        verbose_name_plural = _("contact access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.accessed_by_id} {self.action} {self.contact_id} {self.at:%Y-%m-%d %H:%M}"


class NameTokenQuerySet(models.QuerySet):
    def index(self, contacts) -> None:
        """Re-index these saved contacts' names (what `ContactQuerySet.named` matches)."""
        contacts = [c for c in contacts if c.pk]
        if not contacts:
            return
        self.filter(contact__in=contacts).delete()
        self.bulk_create(
            [
                NameToken(contact_id=contact.pk, digest=digest)
                for contact in contacts
                if contact.forgotten_at is None
                for digest in sorted(name_token_digests(contact.name))
            ],
            batch_size=1000,
        )


class NameToken(models.Model):
    """A keyed hash of the beginning of one word of a contact's name: how an encrypted name is
    found by search. Deleted when the contact is forgotten."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=NAME_DIGEST_LENGTH, db_index=True)

    objects = NameTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return self.digest


class RetentionRunQuerySet(models.QuerySet):
    def recent(self):
        return self.order_by("-ran_on")


class RetentionRun(models.Model):
    """One run of the retention job. The unique date means two runs on the same day purge once."""

    ran_on = models.DateField(_("ran on"), unique=True)
    cutoff = models.DateTimeField(_("idle since before"))
    purged = models.PositiveIntegerField(_("contacts forgotten"), default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RetentionRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_on"]

    def __str__(self) -> str:
        return f"{self.ran_on}: {self.purged}"


class ContactImport(models.Model):
    """One confirmed import, keyed by a digest of its preview's token: confirming the same
    preview twice (a double click, two tabs, a retried request) imports it once."""

    key = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    created = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.imported_at:%Y-%m-%d}: {self.created}"
