"""Campaigns (popular committees), their demands and the actions taken to win them."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import BaseArea, Contact
from investigation.models.places import Antagonist


class CampaignQuerySet(models.QuerySet):
    def for_campaign_detail(self):
        """One campaign's pages (investigators only, checked by the view)."""
        return self.select_related("base_area", "antagonist")

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
        "Grievance", verbose_name=_("grievances it answers"), blank=True, related_name="demands"
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
