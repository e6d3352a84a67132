"""Core keeps no domain data. Its one table is the queue's fallback: background work the
broker could not take while Redis was down, sent again once it is back."""

from django.db import models


class PendingTask(models.Model):
    """A task enqueued while the broker was unreachable (core.tasks.enqueue_on_commit). Only a
    task name and its arguments (ids), never personal data. core.tasks.send_pending_tasks
    sends it again from beat; the tasks are idempotent, so a second delivery does nothing."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"
