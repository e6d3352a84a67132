from celery import shared_task
from django.conf import settings
from django.utils import timezone

from core.weeks import Week
from summations import services


@shared_task(bind=True, acks_late=True)
def build_summation(self, summation_id: int) -> str:
    """Build one summation. acks_late: if the worker dies mid-build the message is delivered
    again, finds the dead worker's lease, and comes back to take the build over once that
    lease has run out. A failed build is retried with exponential backoff."""
    retry_planned = self.request.retries < settings.SUMMATION_BUILD_MAX_RETRIES
    try:
        result = services.summation_build(summation_id=summation_id, retry_planned=retry_planned)
    except services.SummationBuildFailed as exc:
        if not retry_planned:
            return "failed"
        countdown = settings.SUMMATION_BUILD_RETRY_SECONDS * 2**self.request.retries
        raise self.retry(
            exc=exc, countdown=countdown, max_retries=settings.SUMMATION_BUILD_MAX_RETRIES
        ) from exc
    if result.outcome == services.Outcome.BUSY:
        build_summation.apply_async((summation_id,), countdown=result.retry_in + 1)
    return str(result.outcome)


@shared_task
def build_weekly_summation() -> int:
    """Beat, once a week: the summation of the week just ended. Idempotent: a second run
    finds it built (or being built) and does nothing."""
    week = Week.last_completed(timezone.now())
    return services.summation_request_build(week=week, force=False).pk


@shared_task(autoretry_for=(OSError,), max_retries=3, retry_backoff=60, retry_backoff_max=600)
def send_summation_ready(summation_id: int) -> int:
    """Tell the members a summation is ready (once: the service claims the send). A mail
    server that is down (OSError, SMTP errors included) is tried again later."""
    return services.summation_ready_notify(summation_id=summation_id)
