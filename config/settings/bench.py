"""The scale benchmark: production-like (DEBUG off, PostgreSQL with persistent connections,
the Redis cache with its fallback, sessions in the database as in production) on this
machine. `make bench` sets BENCH_DATABASE_NAME per seeded factor."""

from .base import *  # noqa: F403
from .base import env

# The scale seed's `manage.py seed_scale` lives in bench, installed only here.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
DEBUG = False
SECRET_KEY = "bench-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": env("BENCH_DATABASE_NAME", default="basework_bench"),
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": 5432,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
}
FIELD_ENCRYPTION_KEYS = ["dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LWs="]
REDIS_URL = env("BENCH_REDIS_URL", default="redis://127.0.0.1:6379/3")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = True  # the benchmark times a build in-process
CACHES = {
    "default": {
        "BACKEND": "core.cache.FailoverRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        # The big and the small database share this Redis db: keep their entries apart.
        "KEY_PREFIX": DATABASES["default"]["NAME"],
    }
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
MEDIA_ROOT = BASE_DIR / ".bench-media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
