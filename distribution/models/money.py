"""Money: cash donations, purchases, reimbursements and the cash balance they make."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from distribution.models.stock import ZERO, money_sum


class DonationQuerySet(models.QuerySet):
    def between(self, start: date, end: date):
        return self.filter(received_on__range=(start, end))

    def cash_in(self) -> Decimal:
        """Total cash donated."""
        return self.filter(kind=Donation.Kind.CASH).aggregate(t=money_sum())["t"]

    def for_list(self):
        return (
            self.select_related("recorded_by")
            .annotate(lines=Count("stock_movements"), units=Sum("stock_movements__quantity"))
            .order_by("-received_on", "-id")
        )


class Donation(models.Model):
    """Goods or cash given to the organization. Donors are anonymous unless named."""

    class Kind(models.TextChoices):
        IN_KIND = "in_kind", _("In kind")
        CASH = "cash", _("Cash")

    class Source(models.TextChoices):
        MARKET = "market", _("Market or shop")
        NEIGHBOUR = "neighbour", _("Neighbour")
        ORGANIZATION = "organization", _("Organization")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    donor_name = EncryptedTextField(
        _("donor's name"), blank=True, help_text=_("Leave empty to keep the donation anonymous.")
    )
    amount = models.DecimalField(
        _("amount ($)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DonationQuerySet.as_manager()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cash", amount__gt=0) | Q(kind="in_kind", amount__isnull=True),
                name="donation_amount_only_for_cash",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.received_on:%Y-%m-%d}"

    @property
    def is_anonymous(self) -> bool:
        return not self.donor_name


class PurchaseQuerySet(models.QuerySet):
    def between(self, start: date, end: date):
        return self.filter(purchased_on__range=(start, end))

    def cash_out(self) -> Decimal:
        """Purchases paid from the organization's cash (not by a volunteer)."""
        return self.filter(paid_by__isnull=True).aggregate(t=money_sum())["t"]

    def paid_by_volunteers(self) -> Decimal:
        return self.filter(paid_by__isnull=False).aggregate(t=money_sum())["t"]

    def with_reimbursed(self):
        return self.annotate(
            reimbursed=money_sum("reimbursements__amount"),
        )

    def awaiting_reimbursement(self):
        """Volunteer-paid purchases not yet fully paid back."""
        return (
            self.filter(paid_by__isnull=False)
            .with_reimbursed()
            .filter(reimbursed__lt=F("amount"))
            .select_related("paid_by")
            .order_by("purchased_on", "id")
        )

    def for_list(self):
        return (
            self.select_related("paid_by", "recorded_by")
            .with_reimbursed()
            .order_by("-purchased_on", "-id")
        )


class Purchase(models.Model):
    """Groceries or supplies bought. Paid from the organization's cash, or by a volunteer out
    of pocket, who is then owed a reimbursement."""

    purchased_on = models.DateField(_("bought on"), default=timezone.localdate)
    vendor = models.CharField(_("shop"), max_length=120)
    amount = models.DecimalField(_("amount ($)"), max_digits=10, decimal_places=2)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid out of pocket by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchases_paid",
        help_text=_("Leave empty if it was paid from the organization's cash."),
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="purchase_amount_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.vendor} · {self.purchased_on:%Y-%m-%d} · ${self.amount}"


class ReimbursementQuerySet(models.QuerySet):
    def between(self, start: date, end: date):
        return self.filter(paid_on__range=(start, end))

    def cash_out(self) -> Decimal:
        return self.aggregate(t=money_sum())["t"]

    def for_list(self):
        return self.select_related("volunteer", "purchase").order_by("-paid_on", "-id")


class Reimbursement(models.Model):
    """Cash paid back to a volunteer who bought something for the organization."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="reimbursements",
    )
    amount = models.DecimalField(_("amount ($)"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("paid on"), default=timezone.localdate)
    purchase = models.ForeignKey(
        Purchase,
        verbose_name=_("for the purchase"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reimbursements",
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReimbursementQuerySet.as_manager()

    class Meta:
        verbose_name = _("reimbursement")
        verbose_name_plural = _("reimbursements")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reimbursement_amount_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · ${self.amount}"


@dataclass(frozen=True)
class CashBalance:
    """Cash in (donations) and out (purchases from cash, reimbursements), and what is still
    owed to volunteers who paid out of pocket."""

    donations: Decimal
    purchases: Decimal
    reimbursements: Decimal
    owed_to_volunteers: Decimal

    @property
    def cash_in(self) -> Decimal:
        return self.donations

    @property
    def cash_out(self) -> Decimal:
        return self.purchases + self.reimbursements

    @property
    def balance(self) -> Decimal:
        return self.cash_in - self.cash_out

    @classmethod
    def between(cls, start: date | None = None, end: date | None = None) -> "CashBalance":
        """The whole history when no dates are given (five queries, whatever the data size)."""
        donations, purchases, reimbursements = (
            Donation.objects.all(),
            Purchase.objects.all(),
            Reimbursement.objects.all(),
        )
        if start and end:
            donations = donations.between(start, end)
            purchases = purchases.between(start, end)
            reimbursements = reimbursements.between(start, end)
        reimbursed = reimbursements.cash_out()
        return cls(
            donations=donations.cash_in(),
            purchases=purchases.cash_out(),
            reimbursements=reimbursed,
            owed_to_volunteers=max(
                purchases.paid_by_volunteers()
                - reimbursements.filter(purchase__isnull=False).cash_out(),
                ZERO,
            ),
        )
