"""What several distribution pages share: the object lookups that check who may see what, and
small helpers. Each lookup answers 404 for an object the member may not see."""

from datetime import date

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.permissions import Perm, can
from distribution.models import DeliveryRequest, Shift


def _get_shift_for_user(request: HttpRequest, pk: int, *, own: bool = False) -> Shift:
    """A shift at a serve may be checked in and out from the table's phone by any member
    running it; a delivery-run shift, and "can't make it" (own=True), only by its volunteer."""
    shift = get_object_or_404(Shift.objects.select_related("serve", "volunteer"), pk=pk)
    if (own or shift.kind == Shift.Kind.DELIVERY_RUN) and shift.volunteer_id != request.user.pk:
        raise Http404
    return shift


def _get_delivery_for_user(request: HttpRequest, pk: int) -> DeliveryRequest:
    """Leads get any request without its address, phone or notes; a driver gets only their own
    requests still on their run, with them. Everyone else: 404."""
    deliveries = DeliveryRequest.objects.select_related("contact", "bag_type", "area", "driver")
    if can(request.user, Perm.MANAGE_DELIVERIES):
        return get_object_or_404(deliveries.defer(*DeliveryRequest.PRIVATE_FIELDS), pk=pk)
    if can(request.user, Perm.DRIVE):
        return get_object_or_404(
            deliveries,
            pk=pk,
            driver=request.user,
            status__in=DeliveryRequest.ON_RUN_STATUSES,
        )
    raise Http404


def wants_json(request: HttpRequest) -> bool:
    """The page's script (and any client that doesn't ask for a page) gets JSON; a browser
    posting the form without the script (it accepts text/html) gets the page back."""
    accept = request.headers.get("Accept", "")
    return "application/json" in accept or "text/html" not in accept


class RunDayConverter:
    """A day in a URL, as 2025-03-17."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError: no match, a 404

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value
