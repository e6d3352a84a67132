"""Enqueueing background work so that a broker outage never costs a page or a piece of work.

Every enqueue in Basework goes through enqueue_on_commit (or offer_on_commit, for work only
saving a reader's time), naming the task ("app.tasks.name"):
services never import their app's tasks module, which imports them (no services <-> tasks
import cycle; tests/core/test_architecture.py fails on any). The task is sent once the caller's
transaction commits (a worker never reads rows that are not there yet), and if Redis cannot
be reached the page still answers: the task is written to PendingTask instead, and beat's
send_pending_tasks sends it once the broker is back."""

import importlib
import logging

from celery import current_app
from celery.exceptions import NotRegistered
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

from core.models import PendingTask

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, *args, **kwargs) -> None:
    """Send the task named `task_name` with these arguments (ids only) once the current
    transaction commits."""

    def send() -> None:
        if not send_now(task_named(task_name), args, kwargs):
            PendingTask.objects.create(task=task_name, args=list(args), kwargs=kwargs)

    transaction.on_commit(send)


def offer_on_commit(task_name: str, *args, **kwargs) -> None:
    """Like enqueue_on_commit, for work that only saves a reader's time (figures computed
    ahead into the cache): if the broker cannot be reached nothing is kept to send later,
    since the reader computes the same figures."""
    transaction.on_commit(lambda: send_now(task_named(task_name), args, kwargs))


def task_named(name: str):
    """The task called `name` ("summations.tasks.build_summation"). A web process has not
    necessarily imported that app's tasks module (the worker imports every one at start):
    it is imported here, by name, the first time one of its tasks is sent."""
    try:
        return current_app.tasks[name]
    except NotRegistered:
        importlib.import_module(name.rpartition(".")[0])
        return current_app.tasks[name]


def send_now(task, args, kwargs) -> bool:
    try:
        task.delay(*args, **kwargs)
    except BrokerUnavailable:
        # The task name only: arguments are ids, but a log line needs none of them.
        logger.warning("Broker unavailable: %s kept to send when it is back", task.name)
        return False
    return True
