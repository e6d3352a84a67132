"""Background work for the investigation. Tasks take ids and call a service."""

from celery import shared_task

from investigation import presentation, ranking


@shared_task
def refresh_rankings() -> int:
    """After every change to the grievances: the rankings readers open first, computed into
    the cache, and the sites tab's first page rendered (idempotent; a second run computes
    and renders nothing). Returns how many rankings and tables were made."""
    return ranking.refresh() + presentation.first_tables_render()
