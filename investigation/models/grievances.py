"""Grievances, their categories, and the rankings of sites of struggle built from them."""

from datetime import date

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Case, Count, F, IntegerField, Q, Sum, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import AboutAContact, BaseArea, Contact
from core.expressions import group_of
from core.fields import EncryptedTextField, SealedQuerySet
from core.i18n import BilingualName
from investigation.models.places import Antagonist


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


def _figures(grievances: int, people: int, drawn_in: int, severity: int, previous: int) -> dict:
    """A ranking row's figures, as the ranking's SQL sums them (the mean not yet rounded)."""
    return {
        "grievances": grievances,
        "contacts": people,
        "drawn_in": drawn_in,
        "mean_severity": severity / grievances,
        "previous_grievances": previous,
        "change": grievances - previous,
    }


class GrievanceQuerySet(SealedQuerySet):
    def for_grievance_page(self):
        """One grievance's page (investigators only, checked by the view)."""
        return self.select_related("base_area", "category", "antagonist", "contact", "recorded_by")

    def for_grievance_list(self):
        return self.select_related("base_area", "category", "antagonist", "contact").order_by(
            "-recorded_on", "-id"
        )

    def for_contact_page(self):
        return self.select_related("base_area", "category", "antagonist").order_by(
            "-recorded_on", "-id"
        )

    def answerable_by(self, campaign):
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
        threshold: int | None = None,
        watched: int | None = None,
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
        caller names the rows.

        With `threshold` and `watched`, a page's worth instead of every place: the rows with at
        least `threshold` people and the first `watched` of the others (to watch), in the
        same order, returned as (rows, how many there are to watch). A year's ranking has
        some 30,000 sites and a page shows a hundred: the rest are summed but never sorted by
        name, sent, unpacked or cached (docs/benchmarks.md)."""
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
            if not any(groups.values()):  # no area to roll up
                return []
            rows = rows.alias(group=group_of("base_area_id", groups)).filter(group__isnull=False)
            place = {"key_id": F("group")}
        else:
            place = {"key_id": F("base_area_id")}
        # First each place's grievances person by person (anonymous ones as one "nobody"),
        # then the places: every person counted once without COUNT(DISTINCT)'s sort. The
        # previous period is only counted, so its grievances go to the place's "nobody" too.
        # Counted on recorded_on (never empty) rather than the id, so the period is read from
        # the covering index alone; as integers, so the places' sums add integers, not
        # numerics (a third of the query's time at factor 1, docs/benchmarks.md).
        person = Case(When(current, then=F("contact_id")), default=None)
        by_person = (
            rows.order_by()
            .values(**place, person=person)
            .annotate(
                current=Cast(Count("recorded_on", filter=current), IntegerField()),
                total=Cast(Count("recorded_on"), IntegerField()),
                severity=Cast(Sum("severity", filter=current), IntegerField()),
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
            "antagonist": (
                f"LEFT JOIN {antagonist} k ON k.id = s.key_id",
                "k.name AS key_name, NULL AS antagonist_name",
            ),
            "site": (
                f"LEFT JOIN {area} k ON k.id = s.key_id"
                f" LEFT JOIN {antagonist} a ON a.id = s.antagonist_key",
                "k.name AS key_name, a.name AS antagonist_name",
            ),
            "base_area": (
                f"LEFT JOIN {area} k ON k.id = s.key_id",
                "k.name AS key_name, NULL AS antagonist_name",
            ),
        }
        joins, names = (
            ("", "'' AS key_name, NULL AS antagonist_name") if groups is not None else named[by]
        )
        site = by == "site"
        counts = "s.grievances DESC, s.people DESC, s.drawn_in DESC"
        if order != "grievances":
            counts = "s.people DESC, s.drawn_in DESC, s.grievances DESC"
        by_name = (", k.name" if joins else "") + (", a.name" if site else "") + f", {ties}"
        # Only our own SQL is put together here; the values go as parameters.
        summed = f"""
            SELECT {keys}, SUM(p.current) AS grievances,
                COUNT(p.person) FILTER (WHERE p.current > 0 AND forgotten.id IS NULL) AS people,
                COUNT(drawn.id) FILTER (WHERE p.current > 0) AS drawn_in,
                SUM(p.severity) AS severity, SUM(p.total) - SUM(p.current) AS previous
            FROM ({inner}) p
            LEFT JOIN ({_FORGOTTEN}) forgotten ON forgotten.id = p.person
            LEFT JOIN ({_DRAWN_IN}) drawn ON drawn.id = p.person
            GROUP BY {keys} HAVING SUM(p.current) > 0
        """  # noqa: S608
        if threshold is None:
            sql = f"SELECT s.*, {names} FROM ({summed}) s {joins}"  # noqa: S608
            sql += f" ORDER BY {counts}{by_name}"
        else:
            # The places summed once (a CTE read three times is computed once), then the
            # ranked ones whole and only the first of the others, sorted among themselves;
            # the count of those to watch is on every row, and alone on an empty ranking's.
            named = ", s.key_name" if joins else ""
            named += (", s.antagonist_name" if site else "") + f", {ties}"
            sql = f"""
                WITH s AS ({summed})
                SELECT s.*, w.watched FROM (
                    SELECT COUNT(*) AS watched FROM s WHERE s.people < %s
                ) w LEFT JOIN (
                    SELECT * FROM (SELECT s.*, {names} FROM s {joins} WHERE s.people >= %s) r
                    UNION ALL
                    SELECT * FROM (
                        SELECT s.*, {names} FROM s {joins} WHERE s.people < %s
                        ORDER BY {counts}{by_name} LIMIT %s
                    ) t
                ) s ON 1 = 1
                ORDER BY {counts}{named}
            """  # noqa: S608
            params = (*params, threshold, threshold, threshold, watched)
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if threshold is None:
            return self._ranking_rows(found, site=site)
        shown = [row[:-1] for row in found if row[0] is not None]  # none: an empty ranking
        return self._ranking_rows(shown, site=site), found[0][-1]

    @staticmethod
    def _ranking_rows(found: list[tuple], *, site: bool) -> list[dict]:
        # Thousands of rows at factor 1: unpacked once each, by position.
        if site:
            return [
                {
                    "key_id": key,
                    "key_name": name or "",
                    "antagonist_key": antagonist_key,
                    "antagonist_name": antagonist_name,
                    **_figures(*figures),
                }
                for (key, antagonist_key, *figures, name, antagonist_name) in found
            ]
        return [
            {"key_id": key, "key_name": name or "", **_figures(*figures)}
            for key, *figures, name, _none in found
        ]

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
