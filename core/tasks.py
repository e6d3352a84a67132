"""Basework's own background jobs: sending again what waited for the broker, purging the audit
trail, and sending texts. Enqueueing is core.queue's."""

import logging

from celery import current_app, shared_task
from django.conf import settings
from django.db import transaction

from core import audit
from core.models import PendingTask
from core.queue import send_now

logger = logging.getLogger(__name__)


@shared_task
def send_pending_tasks() -> int:
    """Beat, every few minutes: send again what was enqueued while the broker was down.
    Each row is claimed (locked, skipped by a concurrent run) and deleted once sent."""
    sent = 0
    while True:
        with transaction.atomic():
            pending = PendingTask.objects.select_for_update(skip_locked=True).first()
            if pending is None:
                return sent
            task = current_app.tasks.get(pending.task)
            if task is None:  # renamed or removed since: nothing left to run it
                logger.warning("Pending task %s is no longer known; dropped", pending.task)
            elif send_now(task, pending.args, pending.kwargs):
                sent += 1
            else:
                return sent  # still down: the rows stay for the next run
            pending.delete()


@shared_task
def purge_audit_trail() -> int:
    """Beat, nightly: delete audit rows past AUDIT_RETENTION_DAYS. A second run finds none."""
    return audit.purge()


@shared_task(
    bind=True,
    max_retries=settings.TEXT_MAX_RETRIES,
    # The phone sends one text at a time, and carriers block a number that sends in bursts.
    rate_limit=settings.TEXT_RATE_LIMIT,
)
def send_text(self, text_id: int) -> bool:
    """Send one queued text (core.texts). Run twice, it sends once; a gateway that cannot
    take it now is tried again with a growing wait, then the text is marked failed."""
    from core import texts

    try:
        return texts.send_queued(text_id=text_id)
    except texts.GatewayUnavailable as exc:
        if self.request.retries >= self.max_retries:
            texts.give_up(text_id=text_id, reason=str(exc))
            return False
        raise self.retry(countdown=settings.TEXT_RETRY_SECONDS * 2**self.request.retries) from exc


@shared_task
def purge_texts() -> int:
    """Beat, nightly: delete texts settled more than TEXT_RETENTION_DAYS ago."""
    from core import texts

    return texts.purge()
