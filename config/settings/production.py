"""Production: everything that differs from base comes from the environment, and a missing
variable stops the process at start-up rather than running with an unsafe default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SITE_URL = env("SITE_URL")  # e.g. https://basework.example.org, for links in emails
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY")
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must hold at least one key.")

REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
# Redis also backs the cache, so allauth's login rate limits hold across gunicorn workers. If
# Redis stops answering, core.cache falls back to a memory cache per worker (pages keep
# working, sign-in stays rate-limited) and tries Redis again after 30 seconds.
CACHES = {
    "default": {
        "BACKEND": "core.cache.FailoverRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# Sessions stay in the database only (base.py), not cached_db: ending a member's sessions
# (logout, deactivation, a lost phone) must take effect in every worker at once, also while
# Redis is down and each worker falls back to its own memory cache.

_email = env.email_url("EMAIL_URL")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            "host": _email.get("EMAIL_HOST"),
            "port": _email.get("EMAIL_PORT"),
            "username": _email.get("EMAIL_HOST_USER"),
            "password": _email.get("EMAIL_HOST_PASSWORD"),
            "use_tls": _email.get("EMAIL_USE_TLS", False),
            "use_ssl": _email.get("EMAIL_USE_SSL", False),
            "timeout": 10,
        },
    }
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Texts go through the organization's own phone or not at all: the console and test backends
# would print or keep contacts' numbers.
TEXT_BACKEND = env("TEXT_BACKEND", default="disabled")
if TEXT_BACKEND not in ("android", "disabled"):
    raise ImproperlyConfigured("TEXT_BACKEND must be 'android' or 'disabled' in production.")
if TEXT_BACKEND == "android":
    TEXT_GATEWAY_URL = env("TEXT_GATEWAY_URL")
    TEXT_GATEWAY_LOGIN = env("TEXT_GATEWAY_LOGIN")
    TEXT_GATEWAY_PASSWORD = env("TEXT_GATEWAY_PASSWORD")
    TEXT_WEBHOOK_SECRET = env("TEXT_WEBHOOK_SECRET")
