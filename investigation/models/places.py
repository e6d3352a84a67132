"""Base areas (nested places), the notes investigators keep on them, and antagonists."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.models import Contact
from core.trees import children_by_parent, subtree


def _count_of(queryset, field: str):
    """A correlated COUNT(*) subquery: counts from two relations without multiplying rows."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(counted.annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


class BaseAreaQuerySet(models.QuerySet):
    def for_area_page(self):
        """One area's page (investigators only, checked by the view): with its parent."""
        return self.select_related("parent")

    def for_base_area_list(self):
        return self.select_related("parent").annotate(
            contact_count=_count_of(Contact.objects.active(), "base_area"),
            # Grievances are a model above places: named by label, not imported.
            grievance_count=_count_of(
                apps.get_model("investigation", "Grievance").objects.all(), "base_area"
            ),
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
