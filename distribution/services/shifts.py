"""Volunteers' shifts: signing up, can't make it (and telling the lead), checking in and out."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import audit, notices
from core.queue import enqueue_on_commit
from distribution.models import (
    DeliveryRequest,
    Serve,
    Shift,
)
from distribution.services.common import ServeClosed
from distribution.services.notices import cant_make_it_notice

# --- Shifts -----------------------------------------------------------------------------------


def shift_sign_up(
    *, volunteer: User, serve: Serve | None = None, run_date: date | None = None
) -> Shift:
    """Sign a member up ahead for a serve, or to drive on a day. Signing up again after
    "can't make it" restores the shift."""
    if serve is not None:
        if not serve.is_open:
            raise ServeClosed
        shift, _created = Shift.objects.get_or_create(
            kind=Shift.Kind.SERVE,
            serve=serve,
            volunteer=volunteer,
            defaults={"date": serve.date, "working_group_id": serve.working_group_id},
        )
    else:
        shift, _created = Shift.objects.get_or_create(
            kind=Shift.Kind.DELIVERY_RUN, serve=None, date=run_date, volunteer=volunteer
        )
    if shift.cancelled_at is not None:
        shift.cancelled_at = None
        shift.lead_notified_at = None
        shift.save(update_fields=["cancelled_at", "lead_notified_at"])
    return shift


def shift_cancel(*, shift: Shift, by: User) -> bool:
    """A volunteer can't make it: cancel a shift not yet started and tell the lead once the
    cancellation is saved. Returns False if it was already cancelled or started."""
    with transaction.atomic():
        cancelled = Shift.objects.filter(
            pk=shift.pk, cancelled_at__isnull=True, checked_in_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if cancelled:
            audit.record(by=by, kind=audit.Kind.SHIFT_CANCEL, obj=shift)
            enqueue_on_commit("distribution.tasks.notify_lead_of_cancellation", shift.pk)
    return bool(cancelled)


def _leads_for_shift(shift: Shift) -> list[User]:
    if shift.kind == Shift.Kind.SERVE:
        if shift.serve.lead_id and shift.serve.lead.is_active:
            return [shift.serve.lead]
        group_id = shift.serve.working_group_id or shift.working_group_id
        return list(
            User.objects.filter(
                is_active=True,
                memberships__group_id=group_id,
                memberships__is_lead=True,
            ).order_by("pk")
        )
    assigners = User.objects.filter(
        is_active=True,
        pk__in=DeliveryRequest.objects.filter(driver_id=shift.volunteer_id, date=shift.date).values(
            "assigned_by"
        ),
    )
    if assigners.exists():
        return list(assigners.order_by("pk"))
    return list(User.objects.filter(is_active=True, is_lead=True).order_by("pk"))


def shift_cancellation_notify(*, shift_id: int) -> int:
    """Tell the lead(s) that a volunteer can't make it, by each lead's own choice of email or
    text (core.notices); return how many leads were told.

    The shift is claimed first (a conditional UPDATE), so a task delivered twice sends once."""
    claimed = Shift.objects.filter(
        pk=shift_id, cancelled_at__isnull=False, lead_notified_at__isnull=True
    ).update(lead_notified_at=timezone.now())
    if not claimed:
        return 0
    shift = Shift.objects.select_related("serve__site", "serve__lead", "volunteer").get(pk=shift_id)
    told = 0
    for lead in _leads_for_shift(shift):
        if lead.pk == shift.volunteer_id:
            continue
        told += bool(
            notices.notify(
                lead,
                key=f"cant-make-it:{shift.pk}:lead:{lead.pk}:{int(shift.cancelled_at.timestamp())}",
                notice=cant_make_it_notice(shift, lead),
            )
        )
    return told


def shift_check_in(*, shift: Shift, by: User) -> bool:
    """Check a volunteer in (now). False if already in, cancelled or the serve is closed."""
    if shift.serve_id and not Serve.objects.filter(pk=shift.serve_id, status="open").exists():
        raise ServeClosed
    checked_in = Shift.objects.filter(
        pk=shift.pk, checked_in_at__isnull=True, cancelled_at__isnull=True
    ).update(checked_in_at=timezone.now())
    if checked_in:
        audit.record(by=by, kind=audit.Kind.SHIFT_CHECK_IN, obj=shift)
    return bool(checked_in)


def shift_check_out(*, shift: Shift, by: User) -> bool:
    checked_out = Shift.objects.filter(
        pk=shift.pk, checked_in_at__isnull=False, checked_out_at__isnull=True
    ).update(checked_out_at=timezone.now())
    if checked_out:
        audit.record(by=by, kind=audit.Kind.SHIFT_CHECK_OUT, obj=shift)
    return bool(checked_out)


@transaction.atomic
def serve_check_in(*, serve: Serve, volunteer: User, by: User) -> Shift:
    """A volunteer who turns up (signed up or not) starts their shift now."""
    shift = shift_sign_up(volunteer=volunteer, serve=serve)
    shift_check_in(shift=shift, by=by)
    shift.refresh_from_db()
    return shift
