"""Investigation: social investigation and class analysis (SICA).

A base area is a concretely bounded place where people can be organized: a neighbourhood, a
building, a workplace, a school. Contacts are tied to base areas; the grievances raised there,
and the antagonists they are raised against, show where the organization should put its
strength."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseArea(models.Model):
    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        BUILDING = "building", _("Building")
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

    class Meta:
        verbose_name = _("base area")
        verbose_name_plural = _("base areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
