"""What distribution tells its volunteers, through core.notices (each member's own choice of
email, text or both): a shift tomorrow, a volunteer who can't make it (to the lead), new
deliveries to drive. Each notice is claimed first with a conditional UPDATE on the row it is
about, so a task run twice (or the broker delivering it twice) notifies once; the text's
idempotency key says the same again.

Texts to contacts (a serve tomorrow, a delivery on its way) are texting's: it checks their
consent and opt-out. Distribution only enqueues those tasks by name."""

from datetime import date, timedelta

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core import notices
from distribution.models import DeliveryRequest, Serve, Shift


def _subject(template: str, context: dict):
    return lambda: render_to_string(template, context)


def shift_reminders_send(*, today: date | None = None) -> int:
    """Beat, daily: remind every volunteer with a shift tomorrow (a serve, or a delivery run),
    once per shift and day. Returns how many were reminded."""
    day = (today or timezone.localdate()) + timedelta(days=1)
    due = (
        Shift.objects.filter(
            date=day,
            cancelled_at__isnull=True,
            checked_in_at__isnull=True,
            volunteer__is_active=True,
        )
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=day))
        .filter(Q(serve__isnull=True) | Q(serve__status=Serve.Status.OPEN))
        .values_list("pk", flat=True)
    )
    reminded = 0
    for shift_id in list(due):
        reminded += shift_remind(shift_id=shift_id, day=day)
    return reminded


def shift_remind(*, shift_id: int, day: date) -> int:
    """Remind one volunteer of their shift on `day`, if nobody did yet (1) or not (0)."""
    claimed = (
        Shift.objects.filter(pk=shift_id, date=day, cancelled_at__isnull=True)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=day))
        .update(reminded_for=day)
    )
    if not claimed:
        return 0
    shift = Shift.objects.select_related("serve__site", "volunteer").get(pk=shift_id)
    if shift.serve_id:
        path = reverse("distribution:serve_detail", args=[shift.serve_id])
    else:
        path = reverse("distribution:run_day", args=[day])
    context = {"shift": shift}
    notices.notify(
        shift.volunteer,
        key=f"shift-reminder:{shift.pk}:member:{shift.volunteer_id}:{day.isoformat()}",
        notice=notices.Notice(
            subject=_subject("distribution/email/shift_reminder_subject.txt", context),
            email_template="distribution/email/shift_reminder.txt",
            text_template="distribution/texts/shift_reminder.txt",
            context=context,
            path=path,
        ),
    )
    return 1


def cant_make_it_notice(shift: Shift, lead: User) -> notices.Notice:
    """The lead's notice that a volunteer can't make it. The email names the volunteer; the
    text does not (another person's name has no place on the lead's lock screen)."""
    context = {"shift": shift, "lead": lead}
    if shift.serve_id:
        path = reverse("distribution:serve_detail", args=[shift.serve_id])
    else:
        path = reverse("distribution:delivery_board")
    return notices.Notice(
        subject=_subject("distribution/email/cant_make_it_subject.txt", context),
        email_template="distribution/email/cant_make_it.txt",
        text_template="distribution/texts/cant_make_it.txt",
        context=context,
        path=path,
    )


def delivery_assignment_notify(*, driver_id: int, delivery_ids: list[int]) -> int:
    """Tell a driver of the deliveries just given to them: one notice per day of their run,
    a link to the run, never an address. The requests are claimed (driver_notified_at), so a
    second run tells nobody; a request taken off them meanwhile is left out. Returns how many
    requests the driver was told of."""
    now = timezone.now()
    claimed = DeliveryRequest.objects.filter(
        pk__in=delivery_ids,
        driver_id=driver_id,
        status=DeliveryRequest.Status.ASSIGNED,
        driver_notified_at__isnull=True,
    ).update(driver_notified_at=now)
    if not claimed:
        return 0
    driver = User.objects.get(pk=driver_id)
    days: dict[date, list[int]] = {}
    rows = DeliveryRequest.objects.filter(
        pk__in=delivery_ids, driver_id=driver_id, driver_notified_at=now
    )
    for pk, day in rows.order_by("date", "pk").values_list("pk", "date"):
        days.setdefault(day, []).append(pk)
    for day, ids in days.items():
        context = {"day": day, "count": len(ids), "driver": driver}
        notices.notify(
            driver,
            key=f"assignment:{driver_id}:{day.isoformat()}:{ids[0]}:{int(now.timestamp())}",
            notice=notices.Notice(
                subject=_subject("distribution/email/new_assignment_subject.txt", context),
                email_template="distribution/email/new_assignment.txt",
                text_template="distribution/texts/new_assignment.txt",
                context=context,
                path=reverse("distribution:run_day", args=[day]),
            ),
        )
    return sum(len(ids) for ids in days.values())
