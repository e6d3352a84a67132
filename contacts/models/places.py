"""Base areas: concretely bounded places where people can be organized (a neighbourhood, a
building, a workplace, a school), nested at any depth. Every contact is tied to one; the
investigation's grievances, campaigns and notes, and the distribution's deliveries, point here
(docs/decisions/0010-base-areas-live-in-contacts.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.trees import children_by_parent, subtree


class BaseAreaQuerySet(models.QuerySet):
    def for_area_page(self):
        """One area's page (investigators only, checked by the view): with its parent."""
        return self.select_related("parent")

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
