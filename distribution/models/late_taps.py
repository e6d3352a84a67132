"""Late taps: a tap that reached the server after its serve was closed (a phone without
signal sent it when the signal came back). It is kept, not counted, until the lead adds it
to the closed serve's counts (stock adjusted then, once) or discards it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from distribution.models.serves import Serve, Tap


class LateTapQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=LateTap.Status.WAITING)

    def added(self):
        return self.filter(status=LateTap.Status.ADDED)

    def for_serve_page(self, serve: Serve):
        """The late taps the lead still has to decide on, oldest first, with their bags."""
        return self.waiting().filter(serve=serve).select_related("bag_type").order_by("pk")


class LateTap(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the lead")
        ADDED = "added", _("Added to the counts")
        DISCARDED = "discarded", _("Discarded")

    serve = models.ForeignKey(Serve, on_delete=models.CASCADE, related_name="late_taps")
    kind = models.CharField(max_length=24, choices=Tap.Kind.choices)
    bag_type = models.ForeignKey(
        "distribution.BagType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=8, choices=Tap.Language.choices, blank=True)
    # The phone's key: a late tap sent twice is kept once, and becomes the tap's key if added.
    key = models.UUIDField(unique=True, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    device = models.CharField(max_length=64, blank=True)
    arrived_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = LateTapQuerySet.as_manager()

    class Meta:
        verbose_name = _("late tap")
        verbose_name_plural = _("late taps")
        indexes = [models.Index(fields=["serve", "status"])]

    def __str__(self) -> str:
        return f"{self.serve} · {self.counter} · {self.get_status_display()}"

    @property
    def counter(self) -> str:
        return Tap.counter_key(self.kind, self.bag_type_id, self.language)

    @property
    def label(self) -> str:
        if self.bag_type_id:
            return self.bag_type.label
        return self.get_language_display() or self.get_kind_display()
