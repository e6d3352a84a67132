import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Invitation
from accounts.tasks import purge_expired_invitations


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_from_redis(celery_worker, coordinator):
    Invitation.objects.create(
        email="old@example.org",
        token_digest="c" * 64,
        invited_by=coordinator,
        expires_at=timezone.now() - timedelta(days=9),
    )
    result = purge_expired_invitations.apply_async()
    # No result backend: wait for the effect in the database instead.
    deadline = timezone.now() + timedelta(seconds=20)
    while Invitation.objects.exists() and timezone.now() < deadline:
        pass
    assert result.id
    assert not Invitation.objects.exists()


def test_every_periodic_job_names_a_registered_task(settings, celery_app_for_tests):
    celery_app_for_tests.loader.import_default_modules()
    registered = set(celery_app_for_tests.tasks)
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in registered, name


def test_a_web_process_finds_a_task_by_name_before_its_module_was_imported():
    """Services enqueue by name (core.queue); a web process imports no app's tasks module
    (only the worker imports them all at start), so the name alone must find the task."""
    probe = (
        "import django; django.setup()\n"
        "from celery import current_app\n"
        "name = 'summations.tasks.send_summation_ready'\n"
        "assert name not in current_app.tasks, 'imported already: the probe proves nothing'\n"
        "from core.queue import task_named\n"
        "print(task_named(name).name)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "summations.tasks.send_summation_ready"
