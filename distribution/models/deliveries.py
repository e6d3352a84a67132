"""Deliveries: a bag brought to someone who can't come to the serve, and the drivers who bring
it. The address and phone are encrypted, shown only to the assigned driver, and erased as soon
as the bag is delivered (or two weeks after a failed attempt)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from contacts.models import AboutAContact
from core.fields import EncryptedTextField, SealedQuerySet
from distribution.models.serves import Tap

# How long a failed request keeps its address for the lead to try again.
FAILED_ADDRESS_KEPT_FOR = timedelta(days=14)


class DeliveryRequestQuerySet(SealedQuerySet):
    def open(self):
        return self.filter(status__in=DeliveryRequest.OPEN_STATUSES)

    def for_board(self):
        """The lead's board: never loads addresses, phones or notes."""
        return (
            self.select_related("contact", "area", "bag_type", "driver", "assigned_by")
            .defer(*DeliveryRequest.PRIVATE_FIELDS, "contact__phone", "contact__address")
            .defer("contact__notes", "contact__dietary_needs")
            .order_by("date", F("window_start").asc(nulls_last=True), "id")
        )

    def for_run(self, *, driver, day: date):
        """The driver's deliveries still to do on a day, in the order of the run."""
        return (
            self.filter(driver=driver, date=day, status__in=DeliveryRequest.ON_RUN_STATUSES)
            .select_related("contact", "bag_type")
            .only(
                "id",
                "status",
                "date",
                "window_start",
                "window_end",
                "position",
                "address",
                "phone",
                "notes",
                "dietary",
                "no_kitchen",
                "language",
                "bag_count",
                "contact__id",
                "contact__name",
                "bag_type__id",
                "bag_type__name",
                "bag_type__name_es",
            )
            .order_by(F("window_start").asc(nulls_last=True), "position", "id")
        )

    def marked_by(self, driver):
        """The requests this driver marked delivered or could-not-deliver (what an undo finds)."""
        return self.filter(driver=driver, status__in=DeliveryRequest.MARKED_STATUSES)

    def mark_to_undo(self, *, driver, day: date, within: int):
        """The driver's last mark on this day's run if made in the last `within` seconds: the
        run offers its Undo (a page, not a session, so a second fetch of the page shows it too)."""
        return (
            self.marked_by(driver)
            .filter(
                date=day,
                mark_key__isnull=False,
                finished_at__gte=timezone.now() - timedelta(seconds=within),
            )
            .only("pk", "mark_key")
            .order_by("-finished_at", "-pk")
            .first()
        )

    def finished_on_run(self, *, driver, day: date):
        """What the driver already did that day: no address, phone or notes are loaded."""
        return (
            self.filter(
                driver=driver,
                date=day,
                status__in=DeliveryRequest.MARKED_STATUSES,
            )
            .select_related("contact")
            .only("id", "status", "finished_at", "failure_reason", "contact__id", "contact__name")
            .order_by("finished_at", "id")
        )

    def between(self, start: date, end: date):
        """Requests finished (delivered, failed or cancelled) on a day in [start, end]."""
        return self.filter(finished_at__date__range=(start, end))

    def dated_between(self, start: date, end: date):
        """Requests for a delivery day in [start, end] (read through the (status, date)
        index when filtered by status too)."""
        return self.filter(date__range=(start, end))

    def done(self):
        return self.filter(status=DeliveryRequest.Status.DELIVERED)

    def failed(self):
        return self.filter(status=DeliveryRequest.Status.FAILED)

    def outcome_counts(self) -> dict[str, int]:
        """{"delivered": n, "failed": m} in one query."""
        row = self.aggregate(
            delivered=Count("id", filter=Q(status=DeliveryRequest.Status.DELIVERED)),
            failed=Count("id", filter=Q(status=DeliveryRequest.Status.FAILED)),
        )
        return {"delivered": row["delivered"], "failed": row["failed"]}

    def addresses_to_erase(self, now):
        """Delivered or cancelled requests, failed ones older than two weeks, and any request
        for a contact who was forgotten, that still hold an address, a phone or notes."""
        has_data = ~Q(address="") | ~Q(phone="") | ~Q(notes="") | ~Q(dietary="")
        finished = (
            Q(status__in=[DeliveryRequest.Status.DELIVERED, DeliveryRequest.Status.CANCELLED])
            | Q(status=DeliveryRequest.Status.FAILED, finished_at__lt=now - FAILED_ADDRESS_KEPT_FOR)
            | Q(contact__forgotten_at__isnull=False)
        )
        return self.filter(finished, address_erased_at__isnull=True).filter(has_data)


class DeliveryRequest(AboutAContact, models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ASSIGNED = "assigned", _("Assigned")
        OUT = "out", _("Out for delivery")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class FailureReason(models.TextChoices):
        NO_ANSWER = "no_answer", _("Nobody answered")
        WRONG_ADDRESS = "wrong_address", _("Wrong or incomplete address")
        NOT_WANTED = "not_wanted", _("They no longer wanted it")
        UNSAFE = "unsafe", _("Not safe to deliver")
        NO_TIME = "no_time", _("Ran out of time")
        OTHER = "other", _("Other")

    OPEN_STATUSES = (Status.REQUESTED, Status.ASSIGNED, Status.OUT)
    ON_RUN_STATUSES = (Status.ASSIGNED, Status.OUT)
    MARKED_STATUSES = (Status.DELIVERED, Status.FAILED)  # a driver's mark (it may be undone)
    # Personal data only the assigned driver sees.
    PRIVATE_FIELDS = ("address", "phone", "notes", "dietary")

    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("for"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="delivery_requests",
    )
    address = EncryptedTextField(_("delivery address"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    area = models.ForeignKey(
        "contacts.BaseArea",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bag_type = models.ForeignKey(
        "distribution.BagType", verbose_name=_("bag"), on_delete=models.PROTECT, related_name="+"
    )
    bag_count = models.PositiveSmallIntegerField(_("number of bags"), default=1)
    no_kitchen = models.BooleanField(_("no kitchen"), default=False)
    dietary = EncryptedTextField(_("dietary needs"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Tap.Language.choices, default=Tap.Language.ENGLISH
    )
    notes = EncryptedTextField(
        _("notes for the driver"), blank=True, help_text=_("Buzzer, floor, best time to call.")
    )
    date = models.DateField(_("delivery date"))
    window_start = models.TimeField(_("from"), null=True, blank=True)
    window_end = models.TimeField(_("until"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("driver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    position = models.PositiveIntegerField(default=0)
    # Every change of status or driver bumps the version; a change made from a stale page
    # (another lead got there first) matches no row and is refused.
    version = models.PositiveIntegerField(default=0)
    failure_reason = models.CharField(
        _("why it failed"), max_length=16, choices=FailureReason.choices, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # When the driver was told of this assignment (core.notices); every assignment clears it,
    # and the notice task claims it, so a task run twice tells the driver once.
    driver_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Text the contact when the driver sets off (only with their consent to reminders).
    text_on_the_way = models.BooleanField(
        _("text them when the driver sets off"), default=False, db_default=False
    )
    out_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    address_erased_at = models.DateTimeField(null=True, blank=True)
    # The key the driver's phone made for its delivered / could-not-deliver mark: a mark sent
    # again from the phone's outbox (its answer was lost) is refused, never applied twice.
    mark_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    objects = DeliveryRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery request")
        verbose_name_plural = _("delivery requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="requested", driver__isnull=True)
                | Q(status__in=["assigned", "out", "delivered"], driver__isnull=False)
                | Q(status__in=["failed", "cancelled"]),
                name="delivery_driver_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_end__gt=F("window_start")),
                name="delivery_window_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(bag_count__gt=0), name="delivery_bag_count_gt_0"),
        ]
        indexes = [
            models.Index(fields=["status", "date"]),
            models.Index(fields=["driver", "date"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.date:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def recipient_name(self) -> str:
        return self.contact.name if self.contact_id else "—"


class DriverCoverageQuerySet(models.QuerySet):
    def for_suggestions(self):
        return (
            self.filter(driver__is_active=True, driver__is_driver=True)
            .select_related("driver")
            .prefetch_related("areas")
        )


class DriverCoverage(models.Model):
    """The areas and days a driver says they cover; the delivery board suggests them."""

    driver = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="driver_coverage"
    )
    areas = models.ManyToManyField(
        "contacts.BaseArea", verbose_name=_("areas"), blank=True, related_name="+"
    )
    # Days of the week as digits (Monday is 0), e.g. "056": portable across databases.
    weekdays = models.CharField(_("days"), max_length=7, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DriverCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("driver coverage")
        verbose_name_plural = _("driver coverage")

    def __str__(self) -> str:
        return str(self.driver)

    @property
    def weekday_list(self) -> list[int]:
        return [int(d) for d in self.weekdays]

    def covers(self, *, area_ids: set[int], day: date) -> bool:
        """Covers the day, and the area (or any area, when the driver named none)."""
        if str(day.weekday()) not in self.weekdays:
            return False
        return not self.area_ids or bool(self.area_ids & area_ids)

    @cached_property
    def area_ids(self) -> frozenset[int]:
        """The ids of the areas it covers (read once from the prefetched areas)."""
        return frozenset(area.pk for area in self.areas.all())
