import pytest


@pytest.fixture
def celery_worker(transactional_db, celery_app_for_tests):
    """The shared fixture's ping check waits for a task result, and Basework keeps no results
    (CELERY_RESULT_BACKEND is None): start the real worker without it. Tests then watch the
    database for the task's effect."""
    import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping)
    from celery.contrib.testing.worker import start_worker

    celery_app_for_tests.control.purge()
    with start_worker(celery_app_for_tests, pool="solo", perform_ping_check=False) as worker:
        yield worker
