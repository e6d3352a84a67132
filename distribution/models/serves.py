"""Serves: sites, the weekly schedule and each serve's tap counters."""

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedTextField


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Site(models.Model):
    """A public place where the table is set up (a plaza, a church hall, a parking lot)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    address = models.CharField(
        _("where"),
        max_length=200,
        blank=True,
        help_text=_("A public place, as volunteers would find it."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScheduleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, site__is_active=True)

    def for_setup_list(self):
        return self.select_related("site", "working_group", "lead").order_by(
            "site__name", "weekday", "start_time"
        )


class Schedule(models.Model):
    """A recurring serve: every <weekday> from <start> to <end> at a site. The beat job keeps
    the next four weeks of serves created from each active schedule."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="schedules"
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    working_group = models.ForeignKey(
        "committees.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Gets the email when a volunteer can't make it."),
    )
    starts_on = models.DateField(_("first serve on or after"), default=timezone.localdate)
    ends_on = models.DateField(_("last serve on or before"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="schedule_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.get_weekday_display()} {self.start_time:%H:%M}"

    def dates_between(self, first: date, last: date) -> list[date]:
        """The days in [first, last] on which this schedule has a serve."""
        first = max(first, self.starts_on)
        if self.ends_on:
            last = min(last, self.ends_on)
        if first > last:
            return []
        day = first + timedelta(days=(self.weekday - first.weekday()) % 7)
        days = []
        while day <= last:
            days.append(day)
            day += timedelta(days=7)
        return days


class ServeQuerySet(models.QuerySet):
    def for_serve_detail(self):
        """One serve's pages: every member who runs serves may open any serve (checked by
        the view)."""
        return self.select_related("site", "lead")

    def for_list(self):
        return self.select_related("site", "lead", "working_group").order_by("date", "start_time")

    def on(self, day: date):
        return self.filter(date=day)

    def between(self, start: date, end: date):
        """Serves held on a day in [start, end]."""
        return self.filter(date__range=(start, end))

    def held(self):
        """Serves that took place and were closed: their counts are final."""
        return self.filter(status=Serve.Status.CLOSED)

    def upcoming(self, today: date, days: int = 28):
        return self.filter(date__range=(today, today + timedelta(days=days)))

    def with_households(self):
        """Each serve's `households`: its counted household taps, new and returning (one
        subquery-free aggregate; distinct, so other counts may join beside it)."""
        counted = Q(taps__undone_at__isnull=True, taps__kind__in=Tap.HOUSEHOLD_KINDS)
        return self.annotate(households=Count("taps", filter=counted, distinct=True))

    def tonight(self, today: date) -> "Serve | None":
        """Today's serve for the table: the first one still open, else the first one."""
        serves = self.on(today).order_by("start_time", "pk")
        return serves.filter(status=Serve.Status.OPEN).first() or serves.first()


class Serve(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("serve status", "Open")
        CLOSED = "closed", pgettext_lazy("serve status", "Closed")

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="serves"
    )
    schedule = models.ForeignKey(
        Schedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="serves"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    working_group = models.ForeignKey(
        "committees.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    # Free text can name people: encrypted like every other note.
    notes = EncryptedTextField(_("notes"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ServeQuerySet.as_manager()

    class Meta:
        verbose_name = _("serve")
        verbose_name_plural = _("serves")
        ordering = ["date", "start_time"]
        constraints = [
            # The beat job may run twice; a schedule still gets one serve a day.
            models.UniqueConstraint(
                fields=["schedule", "date"], name="one_serve_per_schedule_and_day"
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.site} · {self.date:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def bags_counted(self) -> dict[int, int]:
        """{bag type id: bags given out} from the counted taps (one query)."""
        return {row["bag_type_id"]: row["bags"] for row in self.taps.all().bags_by_type()}

    def stock_lines(self) -> list:
        """What closing this serve takes out of stock, item by item, against the levels."""
        from distribution.models.stock import BagContent

        return BagContent.objects.stock_lines(self.bags_counted())

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.end_time))


class CountAtAServeQuerySet(models.QuerySet):
    """What every count at a serve is read by (bag taps, handouts given out)."""

    def counted(self):
        """Counts that stand: every one not undone."""
        return self.filter(undone_at__isnull=True)

    def between(self, start: date, end: date):
        """Counts made at a serve held on a day in [start, end]."""
        return self.filter(serve__date__range=(start, end))


class CountAtAServe(models.Model):
    """A count at a serve from a phone: the phone makes `key`, so a count sent twice counts once."""

    # Each concrete count has its own `serve` (the index below names it).
    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The phone that tapped (a random id it keeps): "undo" takes back that phone's last count.
    device = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        # The undo's lookup: this member's last count from this phone at this serve.
        indexes = [models.Index(fields=["serve", "by", "device"])]


class TapQuerySet(CountAtAServeQuerySet):
    def totals(self) -> dict[str, int]:
        """{counter key: count} for the counted taps, in one query."""
        rows = (
            self.counted()
            .values("kind", "bag_type_id", "language")
            .annotate(n=Count("id"))
            .order_by()
        )
        return {
            Tap.counter_key(row["kind"], row["bag_type_id"], row["language"]): row["n"]
            for row in rows
        }

    def households(self) -> dict[str, int]:
        """{"new": n, "returning": m, "total": n + m} for the counted taps."""
        rows = dict(
            self.counted()
            .filter(kind__in=Tap.HOUSEHOLD_KINDS)
            .values_list("kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        new = rows.get(Tap.Kind.HOUSEHOLD_NEW, 0)
        returning = rows.get(Tap.Kind.HOUSEHOLD_RETURNING, 0)
        return {"new": new, "returning": returning, "total": new + returning}

    def bags_by_type(self) -> list[dict]:
        """[{"bag_type_id", "bag_type__name", "bags"}] for the counted bag taps, by name."""
        return list(
            self.counted()
            .filter(kind=Tap.Kind.BAG)
            .values("bag_type_id", "bag_type__name")
            .annotate(bags=Count("id"))
            .order_by("bag_type__name")
        )

    def free_store_items(self) -> int:
        return self.counted().filter(kind=Tap.Kind.FREE_STORE).count()

    def languages(self) -> dict[str, int]:
        return dict(
            self.counted()
            .filter(kind=Tap.Kind.LANGUAGE)
            .values_list("language")
            .annotate(n=Count("id"))
            .order_by()
        )


class Tap(CountAtAServe):
    """One tap on a serve's counter. Counts are the number of taps not undone, so several
    phones tapping at once only ever insert rows: nothing is read, added and written back.
    A tap sent twice (a retry after a lost answer) is counted once (CountAtAServe's `key`)."""

    class Kind(models.TextChoices):
        HOUSEHOLD_NEW = "household_new", _("New household")
        HOUSEHOLD_RETURNING = "household_returning", _("Returning household")
        BAG = "bag", _("Bag")
        FREE_STORE = "free_store", _("Free-store item")
        LANGUAGE = "language", _("Language spoken")

    # The households a serve reached: a new and a returning household each count one.
    HOUSEHOLD_KINDS = (Kind.HOUSEHOLD_NEW, Kind.HOUSEHOLD_RETURNING)

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")
        HAITIAN_CREOLE = "ht", _("Haitian Creole")
        PORTUGUESE = "pt", _("Portuguese")
        CHINESE = "zh", _("Chinese")
        VIETNAMESE = "vi", _("Vietnamese")
        ARABIC = "ar", _("Arabic")
        OTHER = "other", _("Other language")

    serve = models.ForeignKey(Serve, on_delete=models.CASCADE, related_name="taps")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    bag_type = models.ForeignKey(
        "distribution.BagType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=8, choices=Language.choices, blank=True)

    objects = TapQuerySet.as_manager()

    class Meta(CountAtAServe.Meta):
        verbose_name = _("tap")
        verbose_name_plural = _("taps")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="bag", bag_type__isnull=False)
                | (~Q(kind="bag") & Q(bag_type__isnull=True)),
                name="tap_bag_type_only_for_bags",
            ),
            models.CheckConstraint(
                condition=(Q(kind="language") & ~Q(language=""))
                | (~Q(kind="language") & Q(language="")),
                name="tap_language_only_for_languages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serve} · {self.counter}"

    @property
    def counter(self) -> str:
        return self.counter_key(self.kind, self.bag_type_id, self.language)

    @classmethod
    def households_in(cls, totals: dict[str, int]) -> int:
        """The households in a serve's {counter key: count} totals."""
        return sum(totals.get(kind, 0) for kind in cls.HOUSEHOLD_KINDS)

    @staticmethod
    def counter_key(kind: str, bag_type_id: int | None = None, language: str = "") -> str:
        """The name the serve page and its script use for one counter."""
        if kind == Tap.Kind.BAG:
            return f"bag:{bag_type_id}"
        if kind == Tap.Kind.LANGUAGE:
            return f"language:{language}"
        return kind
