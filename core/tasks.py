"""Enqueueing background work so that a broker outage never costs a page or a piece of work.

Every enqueue in Basework goes through enqueue_on_commit, naming the task ("app.tasks.name"):
services never import their app's tasks module, which imports them (no services <-> tasks
import cycle; tests/core/test_architecture.py fails on any). The task is sent once the caller's
transaction commits (a worker never reads rows that are not there yet), and if Redis cannot
be reached the page still answers: the task is written to PendingTask instead, and beat's
send_pending_tasks sends it once the broker is back."""

import logging

from celery import current_app, shared_task
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

from core import audit
from core.models import PendingTask

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *args, **kwargs) -> None:
    """Send the task named `task_name` with these arguments (ids only) once the current
    transaction commits."""

    def send() -> None:
        if not _send(current_app.tasks[task_name], args, kwargs):
            PendingTask.objects.create(task=task_name, args=list(args), kwargs=kwargs)

    transaction.on_commit(send)


def _send(task, args, kwargs) -> bool:
    try:
        task.delay(*args, **kwargs)
    except BrokerUnavailable:
        # The task name only: arguments are ids, but a log line needs none of them.
        logger.warning("Broker unavailable: %s kept to send when it is back", task.name)
        return False
    return True


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
            elif _send(task, pending.args, pending.kwargs):
                sent += 1
            else:
                return sent  # still down: the rows stay for the next run
            pending.delete()


@shared_task
def purge_audit_trail() -> int:
    """Beat, nightly: delete audit rows past AUDIT_RETENTION_DAYS. A second run finds none."""
    return audit.purge()
