"""Investigation: social investigation and class analysis (SICA).

A base area is a concretely bounded place where people can be organized: a neighbourhood, a
building, a workplace, a school. Contacts are tied to base areas; the grievances raised there,
and the antagonists they are raised against, show where the organization should put its
strength. Where grievances concentrate, a campaign (a popular committee) draws up a program of
demands answering them and logs the actions taken to win them."""

from datetime import date

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Count, F, Func, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.models import AboutAContact, Contact
from core.expressions import group_of
from core.fields import EncryptedTextField, SealedQuerySet
from core.i18n import BilingualName
from core.trees import children_by_parent, subtree


def _count_of(queryset, field: str):
    """A correlated COUNT(*) subquery: counts from two relations without multiplying rows."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(counted.annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


class BaseAreaQuerySet(models.QuerySet):
    def for_base_area_list(self):
        return self.select_related("parent").annotate(
            contact_count=_count_of(Contact.objects.active(), "base_area"),
            grievance_count=_count_of(Grievance.objects.all(), "base_area"),
        )

    def for_choices(self):
        return self.only("id", "name").order_by("name")

    def within(self, area: "BaseArea"):
        """The area and every area inside it, at any depth. The tree is read in one query
        (a thousand areas is a few kilobytes), so the depth costs nothing."""
        below = children_by_parent(BaseArea.objects.order_by().values_list("pk", "parent_id"))
        return self.filter(pk__in=subtree(below, area.pk))

    def top_level(self):
        """Areas within no other (neighbourhoods, and places not put in one), for a filter
        that takes in the places within the area it names."""
        return self.filter(parent__isnull=True).for_choices()


class BaseArea(models.Model):
    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        BUILDING = "building", pgettext_lazy("kind of base area", "Building")
        WORKPLACE = "workplace", _("Workplace")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    boundary = models.TextField(
        _("boundary"),
        blank=True,
        help_text=_("What makes this a definite base: who is in it and who is not."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BaseAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("base area")
        verbose_name_plural = _("base areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InvestigationNote(models.Model):
    """A dated note on a base area's objective conditions (rents, employers, housing stock) or
    subjective ones (what people think and feel, who is ready to act)."""

    class Aspect(models.TextChoices):
        OBJECTIVE = "objective", _("Objective conditions")
        SUBJECTIVE = "subjective", _("Subjective conditions")

    base_area = models.ForeignKey(
        BaseArea, verbose_name=_("base area"), on_delete=models.CASCADE, related_name="notes"
    )
    aspect = models.CharField(_("conditions"), max_length=16, choices=Aspect.choices)
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(
        _("note"), help_text=_("Conditions, not people: no names or personal details here.")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("investigation note")
        verbose_name_plural = _("investigation notes")
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"{self.base_area} {self.written_on}"


class AntagonistQuerySet(models.QuerySet):
    def for_antagonist_list(self):
        return self.annotate(grievance_count=Count("grievances")).order_by("name")

    def for_choices(self):
        return self.only("id", "name").order_by("name")


class Antagonist(models.Model):
    """A landlord, employer, agency or other party that grievances are raised against."""

    class Kind(models.TextChoices):
        LANDLORD = "landlord", _("Landlord or property manager")
        EMPLOYER = "employer", _("Employer")
        AGENCY = "agency", _("Government agency")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AntagonistQuerySet.as_manager()

    class Meta:
        verbose_name = _("antagonist")
        verbose_name_plural = _("antagonists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GrievanceCategoryQuerySet(models.QuerySet):
    def for_choices(self):
        return self.filter(is_active=True).order_by("position", "name")


class GrievanceCategory(BilingualName, models.Model):
    """Seeded with rent, repairs, eviction, … (migration 0003); investigators may edit the list."""

    name = models.CharField(_("name (English)"), max_length=60, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Unticked categories stay on old grievances.")
    )

    objects = GrievanceCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("grievance category")
        verbose_name_plural = _("grievance categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.label


_FORGOTTEN = "SELECT id FROM contacts_contact WHERE forgotten_at IS NOT NULL"
# The people at a level that counts as drawn in (advanced or intermediate), not forgotten.
_DRAWN_IN = (
    "SELECT c.id FROM contacts_contact c JOIN contacts_developmentlevel l"
    " ON l.id = c.development_level_id WHERE l.counts_as_drawn_in AND c.forgotten_at IS NULL"
)


class GrievanceQuerySet(SealedQuerySet):
    def for_grievance_list(self):
        return self.select_related("base_area", "category", "antagonist", "contact").order_by(
            "-recorded_on", "-id"
        )

    def for_contact_page(self):
        return self.select_related("base_area", "category", "antagonist").order_by(
            "-recorded_on", "-id"
        )

    def answerable_by(self, campaign: "Campaign"):
        """Grievances a campaign's demands may answer: raised in its base area (or an area
        inside it, at any depth), or against its antagonist."""
        place = Q(base_area__in=BaseArea.objects.within(campaign.base_area))
        if campaign.antagonist_id:
            place |= Q(antagonist=campaign.antagonist_id)
        return (
            self.filter(place)
            .select_related("category", "base_area", "antagonist")
            .order_by("-recorded_on", "-id")
        )

    def sites_of_struggle(
        self,
        *,
        by: str,
        start: date,
        end: date,
        previous_start: date,
        category=None,
        order: str = "people",
        groups: dict[int, list[int]] | None = None,
    ):
        """The ranking of sites of struggle (by="site": a base area and an antagonist together),
        base areas (by="base_area") or antagonists (by="antagonist") for the period start..end
        (inclusive), with the previous period previous_start..start-1 for the change. One
        aggregate query, whatever the number of grievances.

        Ordered by the number of distinct people first (order="people"), so one person
        repeating themselves never moves a site up; order="grievances" orders by the count
        of grievances instead. Anonymous grievances, and those of forgotten contacts, count
        as grievances but as nobody in `contacts` (docs/decisions/0005-sites-of-struggle-
        count-people.md).

        Each row: key_id, key_name (the base area or antagonist; for a site, the base area),
        antagonist_id and antagonist_name (sites only), grievances, contacts (distinct),
        drawn_in (distinct contacts at a level that counts as advanced or intermediate),
        mean_severity, previous_grievances, change.

        With `groups` (by="base_area" only; see investigation.areas), each row is one group of
        areas rolled up (a neighbourhood with everything inside it), keyed by the group's id,
        its people counted once however many of its buildings they raised grievances in; the
        caller names the rows."""
        current = Q(recorded_on__gte=start)
        rows = self.filter(recorded_on__range=(previous_start, end))
        if category is not None:
            rows = rows.filter(category=category)
        if by == "antagonist":
            rows, place = rows.filter(antagonist__isnull=False), {"key_id": F("antagonist_id")}
        elif by == "site":
            rows = rows.filter(antagonist__isnull=False)
            place = {"key_id": F("base_area_id"), "antagonist_key": F("antagonist_id")}
        elif groups is not None:
            members = [area for group in groups.values() for area in group]
            rows = rows.filter(base_area__in=members)
            place = {"key_id": group_of("base_area_id", groups)}
        else:
            place = {"key_id": F("base_area_id")}
        # First each place's grievances person by person (anonymous ones as one "nobody"),
        # then the places: every person counted once without COUNT(DISTINCT)'s sort.
        by_person = (
            rows.order_by()
            .values(**place, person=F("contact_id"))
            .annotate(
                current=Count("id", filter=current),
                total=Count("id"),
                severity=Sum("severity", filter=current),
            )
        )
        try:
            inner, params = by_person.query.get_compiler(using=self.db).as_sql()
        except EmptyResultSet:  # no area to roll up
            return []
        keys = ", ".join(f"p.{name}" for name in place)
        ties = ", ".join(f"s.{name}" for name in place)
        area, antagonist = BaseArea._meta.db_table, Antagonist._meta.db_table
        named = {  # the names of the places, joined once the figures are summed
            "antagonist": (f"LEFT JOIN {antagonist} k ON k.id = s.key_id", "k.name, NULL"),
            "site": (
                f"LEFT JOIN {area} k ON k.id = s.key_id"
                f" LEFT JOIN {antagonist} a ON a.id = s.antagonist_key",
                "k.name, a.name",
            ),
            "base_area": (f"LEFT JOIN {area} k ON k.id = s.key_id", "k.name, NULL"),
        }
        joins, names = ("", "'', NULL") if groups is not None else named[by]
        site = by == "site"
        counts = "s.grievances DESC, s.people DESC, s.drawn_in DESC"
        if order != "grievances":
            counts = "s.people DESC, s.drawn_in DESC, s.grievances DESC"
        by_name = (", k.name" if joins else "") + (", a.name" if site else "") + f", {ties}"
        # Only our own SQL is put together here; the values go as parameters.
        sql = f"""
            SELECT s.*, {names} FROM (
                SELECT {keys}, SUM(p.current) AS grievances,
                    COUNT(p.person) FILTER (WHERE p.current > 0 AND forgotten.id IS NULL)
                        AS people,
                    COUNT(drawn.id) FILTER (WHERE p.current > 0) AS drawn_in,
                    SUM(p.severity), SUM(p.total) - SUM(p.current)
                FROM ({inner}) p
                LEFT JOIN ({_FORGOTTEN}) forgotten ON forgotten.id = p.person
                LEFT JOIN ({_DRAWN_IN}) drawn ON drawn.id = p.person
                GROUP BY {keys} HAVING SUM(p.current) > 0
            ) s {joins}
            ORDER BY {counts}{by_name}
        """  # noqa: S608
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        rows = [
            {
                "key_id": row[0],
                "key_name": row[-2] or "",
                **({"antagonist_key": row[1], "antagonist_name": row[-1]} if site else {}),
                "grievances": (grievances := int(row[-7])),
                "contacts": row[-6],
                "drawn_in": row[-5],
                "mean_severity": int(row[-4]) / grievances,
                "previous_grievances": int(row[-3]),
                "change": grievances - int(row[-3]),
            }
            for row in found
        ]
        return rows

    def categories_at(self, *, base_area_id: int, antagonist_id: int | None):
        """The categories of the grievances still open (or being organized) at a site, the
        most frequent first, each with its count: what a committee formed there takes up."""
        return (
            GrievanceCategory.objects.filter(
                grievances__base_area_id=base_area_id,
                grievances__antagonist_id=antagonist_id,
                grievances__status__in=(Grievance.Status.OPEN, Grievance.Status.ORGANIZING),
            )
            .annotate(count=Count("grievances"))
            .order_by("-count", "position", "name")
        )

    # For the summation.
    def recorded_between(self, start: date, end: date):
        """Grievances recorded (dated) between two dates, inclusive."""
        return self.filter(recorded_on__range=(start, end))


class Grievance(AboutAContact, models.Model):
    """A concrete problem a contact raised, in a base area, against an antagonist if any.
    The contact is optional: anonymous grievances are allowed, and a forgotten contact leaves
    its grievances in place, tied to a record with no personal data, so the counts stay true."""

    class Severity(models.IntegerChoices):
        LOW = 1, _("1 · Low")
        MEDIUM = 2, _("2 · Serious")
        HIGH = 3, _("3 · Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ORGANIZING = "organizing", _("Being organized")
        RESOLVED = "resolved", _("Resolved")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    base_area = models.ForeignKey(
        BaseArea, verbose_name=_("base area"), on_delete=models.PROTECT, related_name="grievances"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grievances",
    )
    category = models.ForeignKey(
        GrievanceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="grievances",
    )
    antagonist = models.ForeignKey(
        Antagonist,
        verbose_name=_("against"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grievances",
    )
    description = EncryptedTextField(_("description"), blank=True)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    recorded_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GrievanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        ordering = ["-recorded_on", "-id"]
        indexes = [
            models.Index(fields=["base_area", "recorded_on"]),
            models.Index(fields=["antagonist", "recorded_on"]),
            # A base area's grievances by category (its page), read from the index alone.
            models.Index(fields=["base_area", "category", "id"], name="grievance_area_category"),
            # A period's grievances as the sites-of-struggle ranking sums them, read from the
            # index alone (PostgreSQL; other databases index the date only).
            models.Index(
                fields=["recorded_on"],
                include=["base_area", "antagonist", "contact", "severity", "category"],
                name="grievance_recorded_ranking",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.base_area} ({self.recorded_on})"


class CampaignQuerySet(models.QuerySet):
    def for_campaign_list(self):
        return (
            self.select_related("base_area", "antagonist")
            .annotate(
                demand_count=Count("demands", distinct=True),
                won_count=Count("demands", filter=Q(demands__status="won"), distinct=True),
            )
            .order_by("-started_on", "-id")
        )

    def committees_by_site(self) -> dict[tuple[int, int | None], dict]:
        """The active popular committees of every site, with their open and won demands,
        keyed by (base area, antagonist). One query, whatever the number of sites."""
        rows = (
            self.filter(status=Campaign.Status.ACTIVE)
            .values("base_area_id", "antagonist_id")
            .annotate(
                committees=Count("id", distinct=True),
                open_demands=Count("demands", filter=Q(demands__status="pending"), distinct=True),
                won_demands=Count("demands", filter=Q(demands__status="won"), distinct=True),
            )
            .order_by()
        )
        return {(row.pop("base_area_id"), row.pop("antagonist_id")): row for row in rows}

    # For the summation.
    def formed_between(self, start: date, end: date):
        """Campaigns (popular committees) formed between two dates, inclusive."""
        return self.filter(started_on__range=(start, end))


class Campaign(models.Model):
    """A popular committee at a site of struggle, with its program of demands and actions."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120)
    base_area = models.ForeignKey(
        BaseArea, verbose_name=_("base area"), on_delete=models.PROTECT, related_name="campaigns"
    )
    antagonist = models.ForeignKey(
        Antagonist,
        verbose_name=_("against"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    description = models.TextField(_("what it is about"), blank=True)
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts in it"), blank=True, related_name="campaigns"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members in it"),
        blank=True,
        related_name="campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.name


class DemandQuerySet(models.QuerySet):
    def for_campaign_page(self):
        return self.prefetch_related("grievances__category").order_by("position", "id")

    # For the summation.
    def won_between(self, start: date, end: date):
        """Demands won between two dates, inclusive."""
        return self.filter(status=Demand.Status.WON, decided_on__range=(start, end))


class Demand(models.Model):
    """One demand of a campaign's program, linked to the grievances it answers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="demands"
    )
    text = models.CharField(_("demand"), max_length=240)
    grievances = models.ManyToManyField(
        Grievance, verbose_name=_("grievances it answers"), blank=True, related_name="demands"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_on = models.DateField(_("won or lost on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class CampaignActionQuerySet(models.QuerySet):
    def for_campaign_page(self):
        return self.order_by("-held_on", "-id")

    # For the summation.
    def held_between(self, start: date, end: date):
        """Campaign actions held between two dates, inclusive."""
        return self.filter(held_on__range=(start, end))

    def turnout_total(self) -> int:
        return self.aggregate(total=Sum("turnout"))["total"] or 0


class CampaignAction(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        PETITION = "petition", _("Petition")
        DELEGATION = "delegation", _("Delegation")
        PROTEST = "protest", _("Protest")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"), default=timezone.localdate)
    turnout = models.PositiveIntegerField(
        _("turnout"),
        default=0,
        help_text=_("How many people took part (signatures for a petition)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CampaignActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign action")
        verbose_name_plural = _("campaign actions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"
