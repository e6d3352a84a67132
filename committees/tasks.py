"""Background jobs of committees. Each takes ids and calls a service."""

from celery import shared_task
from django.utils import timezone

from committees import services


@shared_task
def send_meeting_notice(meeting_id: int) -> int:
    return services.meeting_notice_deliver(meeting_id=meeting_id)


@shared_task
def send_action_item_assigned(action_item_id: int) -> int:
    return services.action_item_assigned_notify(item_id=action_item_id)


@shared_task
def send_action_item_notices() -> list[int]:
    """Daily (CELERY_BEAT_SCHEDULE): reminders to assignees, overdue flags to leads."""
    reminders, flags = services.action_items_send_due_notices(today=timezone.localdate())
    return [reminders, flags]
