"""The embedded default: runs on a laptop with no services (SQLite, Celery eager, console email)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# A fixed key so that the demo database survives restarts; production requires its own.
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEY", default=["bG9jYWwtZGVtby1rZXktbm90LWZvci1wcm9kdWN0aW8="]
)
# No broker needed: tasks run in the request that enqueues them.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# Texts are printed to the console, like email.
TEXT_BACKEND = env("TEXT_BACKEND", default="console")
