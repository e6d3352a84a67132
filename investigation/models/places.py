"""What investigators keep on base areas (their notes, the list of areas with their counts),
and antagonists. The base area itself is contacts' (contacts.models.places)."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import BaseArea, Contact


def _count_of(queryset, field: str):
    """A correlated COUNT(*) subquery: counts from two relations without multiplying rows."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(counted.annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


def base_areas_for_list():
    """Every base area with its parent, and how many contacts and grievances are tied to it
    (not to the places inside it): the investigators' list of areas."""
    return BaseArea.objects.select_related("parent").annotate(
        contact_count=_count_of(Contact.objects.active(), "base_area"),
        # Grievances are a model above this module's: named by label, not imported.
        grievance_count=_count_of(
            apps.get_model("investigation", "Grievance").objects.all(), "base_area"
        ),
    )


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
