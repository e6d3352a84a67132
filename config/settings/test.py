"""Tests run against real PostgreSQL and real Redis (their own db numbers, so that a development
worker never steals a test's tasks). Override with TEST_DATABASE_URL / TEST_REDIS_URL."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES = {
    "default": env.db("TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/basework")
}
FIELD_ENCRYPTION_KEYS = [
    "dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LWs=",
    "dGVzdC1rZXktdHdvLXRlc3Qta2V5LXR3by10ZXN0LWs=",
]
REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {
    "default": {
        "BACKEND": "core.cache.FailoverRedisCache",
        "LOCATION": env("TEST_CACHE_URL", default="redis://127.0.0.1:6379/14"),
    }
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only  # noqa: S303
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
TEXT_BACKEND = "locmem"
TEXT_WEBHOOK_SECRET = "test-webhook-signing-key"  # noqa: S105
TEXT_RETRY_SECONDS = 0  # retries at once: the tests wait for the worker, not the backoff
TEXT_RATE_LIMIT = None
