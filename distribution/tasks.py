"""Background work for distribution. Tasks take ids and call a service."""

from celery import shared_task

from distribution import reach, services


@shared_task
def create_upcoming_serves() -> int:
    """Periodic: keep the next four weeks of serves created (idempotent)."""
    return services.serves_schedule_ahead()


@shared_task
def erase_delivery_addresses() -> int:
    """Periodic: erase addresses and phones finished requests no longer need (idempotent)."""
    return services.deliveries_erase_addresses()


@shared_task
def carry_stock_forward() -> int:
    """Periodic: carry each item's stock level forward (idempotent)."""
    return services.stock_carry_forward()


@shared_task
def notify_lead_of_cancellation(shift_id: int) -> int:
    return services.shift_cancellation_notify(shift_id=shift_id)


@shared_task
def send_shift_reminders() -> int:
    """Beat, daily: remind volunteers of tomorrow's shifts (once per shift and day)."""
    return services.shift_reminders_send()


@shared_task
def notify_driver_of_assignment(driver_id: int, delivery_ids: list[int]) -> int:
    return services.delivery_assignment_notify(driver_id=driver_id, delivery_ids=delivery_ids)


@shared_task
def refresh_reach() -> int:
    """Beat, every few minutes: the reach page's default figures computed into the cache."""
    return len(reach.refresh().areas)
