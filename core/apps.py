from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from celery.signals import task_postrun, task_prerun, worker_init
        from django.core.signals import request_finished, request_started

        from core import crypto

        # No unwrapped data key outlives the request or the task that opened it.
        for signal in (request_started, request_finished, task_prerun, task_postrun):
            signal.connect(crypto.forget_opened_keys, dispatch_uid=f"core.keys.{id(signal)}")
        worker_init.connect(_check_keys_at_start, dispatch_uid="core.keys.worker")
        checks.register(_keys_open_this_database, checks.Tags.security)


def _check_keys_at_start(**kwargs) -> None:
    from core import crypto

    crypto.check_keys()


def _keys_open_this_database(app_configs, **kwargs):
    """`manage.py runserver`, `check` and `migrate` refuse a key that opens nothing here."""
    from django.core.exceptions import ImproperlyConfigured

    from core import crypto

    try:
        crypto.check_keys()
    except ImproperlyConfigured as exc:
        return [checks.Critical(str(exc), id="core.E001")]
    return []
