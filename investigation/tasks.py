"""Background work for the investigation. Tasks take ids and call a service."""

from celery import shared_task

from investigation import ranking


@shared_task
def refresh_rankings() -> int:
    """After every change to the grievances: the rankings readers open first, computed into
    the cache (idempotent; a second run computes nothing)."""
    return ranking.refresh()
