"""Background work for texting. Tasks take ids and call a service; distribution enqueues them
by name (core.queue), never importing texting."""

from celery import shared_task

from texting import reminders


@shared_task
def text_serve_reminders() -> int:
    """Beat, daily: tomorrow's serves, to the consenting contacts of each site."""
    return reminders.serve_reminders_text()


@shared_task
def text_deliveries_on_the_way(delivery_ids: list[int]) -> int:
    return reminders.deliveries_on_the_way_text(delivery_ids=delivery_ids)
