"""Settings shared by every environment. Environment-specific files override only what differs."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Basework, lowest layer first; an app may import only from apps above it in this list.
    "core",
    "accounts",
    "committees",
    # Contacts and the base areas they are tied to; investigation (SICA) builds on both.
    "contacts",
    "investigation",
    "distribution",
    # Texts with contacts: consent, opt-out and replies through the gateway's webhook. Reads
    # contacts; the contact page reads its consent row by relation name only.
    "texting",
    # What goes into every bag: depends on committees (adoption) and distribution (serves).
    "handouts",
    "summations",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.permissions_policy",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.limit_request_body",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.user_language",
    "core.middleware.session_idle_refresh",
    "core.middleware.private_pages",
    "accounts.middleware.require_mfa",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# A <select> with a thousand options is written in one pass (core/widgets.py).
FORM_RENDERER = "core.widgets.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Deleted and overwritten content is zeroed on disk, not left in freed pages: a forgotten
    # contact's data key is gone from the file itself (docs/security.md).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA secure_delete=ON;"
    # The ranking's covering indexes are PostgreSQL's; SQLite indexes their key columns only.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DATABASES["default"]["ATOMIC_REQUESTS"] = False

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard:home"

# Sessions: server-side, expire after 8 hours without activity (core.middleware refreshes them).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# allauth: email login, no open sign-up (members are invited), rate limits from the cache.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A reset asked for an unknown address sends nothing (and shows the same page): the form can't
# be used to mail strangers, and there is no sign-up page to point them to.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# A password reset never signs anyone in: the member signs in afterwards, second factor included.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    # The 6th failed login for one account within 5 minutes is refused.
    "login_failed": "20/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Basework"
# The same forms, saying "used already" for a right code taken twice in one 30-second window.
MFA_FORMS = {
    "authenticate": "accounts.mfa_forms.AuthenticateForm",
    "reauthenticate": "accounts.mfa_forms.ReauthenticateForm",
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Named day formats per language (DAY_FORMAT, SHORT_DAY_FORMAT, LONG_DAY_FORMAT): Spanish
# writes month and weekday names in lowercase, which Django's "M" does not.
FORMAT_MODULE_PATH = ["core.formats"]
# A list filter left unset reads "Any", in the reader's language (django-filter's own default
# is an untranslated "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("Any")
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="America/New_York")
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Refuse oversized bodies early (a CSV import is the largest legitimate request). Form data
# over DATA_UPLOAD_MAX_MEMORY_SIZE, or with too many fields, gets 413 (core.views.bad_request);
# any body over REQUEST_BODY_MAX_SIZE, files included, gets 413 before it is read
# (core.middleware.limit_request_body).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
REQUEST_BODY_MAX_SIZE = 5 * 1024 * 1024

# Content Security Policy: only our own scripts, styles and images; nothing inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses, refused to every origin, ours included (Permissions-Policy,
# core.middleware.permissions_policy): an injected script could not ask for a location, a
# camera or a microphone. (Chrome's current name for interest-cohort is browsing-topics;
# fullscreen stays allowed: the PDF viewer's presentation mode, at a general body meeting.)
PERMISSIONS_POLICY = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

# Personal data (phones, addresses, notes, MFA secrets) is encrypted with these Fernet keys.
# The first key encrypts; every key decrypts, so a new key can be put first to rotate.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY", default=[])

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="basework@localhost")

# A driver's delivered / could-not-deliver mark shows an Undo for DELIVERY_UNDO_SHOWN_SECONDS;
# the server takes the undo for DELIVERY_UNDO_SECONDS (a mark made offline and its undo reach
# it one after the other, whenever the signal comes back).
DELIVERY_UNDO_SHOWN_SECONDS = 10
DELIVERY_UNDO_SECONDS = 120

# Text messages (core.texts, docs/texts.md): "android" (the organization's own phone running
# SMS Gateway for Android, local-server mode), "console", "locmem" (tests) or "disabled".
TEXT_BACKEND = env("TEXT_BACKEND", default="disabled")
TEXT_GATEWAY_URL = env("TEXT_GATEWAY_URL", default="")  # e.g. http://192.168.1.20:8080
TEXT_GATEWAY_LOGIN = env("TEXT_GATEWAY_LOGIN", default="")
TEXT_GATEWAY_PASSWORD = env("TEXT_GATEWAY_PASSWORD", default="")
# The phone's webhook signing key (Settings > Webhooks > Signing Key in the app).
TEXT_WEBHOOK_SECRET = env("TEXT_WEBHOOK_SECRET", default="")
# A webhook signed longer ago than this is a replay (the phone's clock may drift a little).
TEXT_WEBHOOK_MAX_AGE_SECONDS = env.int("TEXT_WEBHOOK_MAX_AGE_SECONDS", default=5 * 60)
TEXT_WEBHOOK_MAX_BYTES = 16 * 1024  # an SMS webhook is well under 2 KiB
TEXT_GATEWAY_TIMEOUT = 10  # seconds; the client sets none
# One phone: the gateway's default limit is a few texts a minute before carriers object.
TEXT_RATE_LIMIT = env("TEXT_RATE_LIMIT", default="10/m")
TEXT_MAX_RETRIES = 5
TEXT_RETRY_SECONDS = 30  # backoff: 30 s, 60 s, 120 s, ...
TEXT_CLAIM_SECONDS = 5 * 60  # a claim older than this belongs to a worker that died
TEXT_RETENTION_DAYS = env.int("TEXT_RETENTION_DAYS", default=30)
# A reply from +1 617 555 0101 finds the contact whose phone was typed as 617-555-0101.
TEXT_COUNTRY_CODE = env("TEXT_COUNTRY_CODE", default="1")

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies mid-run is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The weekly summation is built for the week just ended (ISO weeks, Monday to Sunday, in
# TIME_ZONE) at this weekday (crontab numbering: 0 = Sunday, 1 = Monday) and time.
SUMMATION_BUILD_WEEKDAY = env.int("SUMMATION_BUILD_WEEKDAY", default=1)
SUMMATION_BUILD_TIME = env("SUMMATION_BUILD_TIME", default="23:00")
_summation_hour, _summation_minute = (int(part) for part in SUMMATION_BUILD_TIME.split(":"))
# A build longer than the task's hard time limit cannot be alive: its lease may be taken over.
SUMMATION_BUILD_LEASE_SECONDS = CELERY_TASK_TIME_LIMIT + 60
SUMMATION_BUILD_MAX_RETRIES = 3
SUMMATION_BUILD_RETRY_SECONDS = 30  # backoff: 30 s, 60 s, 120 s between attempts

# Every periodic job, in one place. Apps add their tasks here, not in code.
CELERY_BEAT_SCHEDULE: dict = {
    # Sends again what was enqueued while Redis was down (core.queue.enqueue_on_commit).
    "send-pending-tasks": {
        "task": "core.tasks.send_pending_tasks",
        "schedule": crontab(minute="*/5"),
    },
    "purge-expired-invitations": {
        "task": "accounts.tasks.purge_expired_invitations",
        "schedule": crontab(hour=3, minute=0),
    },
    # Keeps the next four weeks of serves created; hourly so a new week never waits a day.
    "create-upcoming-serves": {
        "task": "distribution.tasks.create_upcoming_serves",
        "schedule": crontab(minute=5),
    },
    "erase-delivery-addresses": {
        "task": "distribution.tasks.erase_delivery_addresses",
        "schedule": crontab(hour=3, minute=30),
    },
    # The reach page's default figures, computed again before their five minutes in the
    # cache are up (distribution.reach.REACH_SECONDS).
    "refresh-reach": {
        "task": "distribution.tasks.refresh_reach",
        "schedule": 240.0,
    },
    # Stock levels read only the ledger lines since the last carry-forward.
    "carry-stock-forward": {
        "task": "distribution.tasks.carry_stock_forward",
        "schedule": crontab(hour=2, minute=45),
    },
    # Outgoing texts' numbers and bodies go once settled and TEXT_RETENTION_DAYS old.
    "purge-texts": {
        "task": "core.tasks.purge_texts",
        "schedule": crontab(hour=3, minute=50),
    },
    "purge-audit-trail": {
        "task": "core.tasks.purge_audit_trail",
        "schedule": crontab(hour=3, minute=45),
    },
    "forget-inactive-contacts": {
        "task": "contacts.tasks.forget_inactive_contacts",
        "schedule": crontab(hour=3, minute=30),
    },
    # Reminds assignees of action items due soon and flags overdue ones to the group's lead;
    # each notice is claimed per due date, so a second run the same day sends nothing.
    "committees-action-item-notices": {
        "task": "committees.tasks.send_action_item_notices",
        "schedule": crontab(hour=7, minute=0),
    },
    # The day before: volunteers hear of their shift (core.notices, their own channel) and
    # consenting contacts of tomorrow's serves get a text. Claimed per shift / text key, so a
    # second run the same day sends nothing. Late morning: a text at 7am wakes people.
    "send-shift-reminders": {
        "task": "distribution.tasks.send_shift_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    "text-serve-reminders": {
        "task": "texting.tasks.text_serve_reminders",
        "schedule": crontab(hour=10, minute=15),
    },
    "build-weekly-summation": {
        "task": "summations.tasks.build_weekly_summation",
        "schedule": crontab(
            day_of_week=SUMMATION_BUILD_WEEKDAY, hour=_summation_hour, minute=_summation_minute
        ),
    },
}

# Organization-level settings.
ORGANIZATION_NAME = env("ORGANIZATION_NAME", default="Basework")
# Where members reach Basework; links in emails sent by background jobs (no request) use it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
INVITATION_LIFETIME = timedelta(days=7)
# Personal data of a contact with no activity for this many months is forgotten (nightly job).
CONTACT_RETENTION_MONTHS = env.int("CONTACT_RETENTION_MONTHS", default=12)
# Sites of struggle: a site fewer than this many different people raised grievances at is
# listed apart, to watch, not ranked (the ranking's form can lower or raise it, never below 1).
SITES_OF_STRUGGLE_MIN_PEOPLE = env.int("SITES_OF_STRUGGLE_MIN_PEOPLE", default=3)
# Audit trail rows older than this many days are purged nightly (core.tasks.purge_audit_trail);
# never fewer than 30, which the database itself holds (docs/security.md).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)

# Committees. Quorum of a general body meeting: this share of the active members must be
# present (rounded up) before it can make a steering decision. 0.5 = half the membership.
GENERAL_BODY_QUORUM = env.float("GENERAL_BODY_QUORUM", default=0.5)
# The vote rule in force at the two organization-wide bodies ("majority" or
# "consensus_minus_one"); each working group sets its own rule on its page.
GENERAL_BODY_VOTE_RULE = env("GENERAL_BODY_VOTE_RULE", default="majority")
SPOKES_COUNCIL_VOTE_RULE = env("SPOKES_COUNCIL_VOTE_RULE", default="consensus_minus_one")
# Assignees hear about an open action item this many days before it is due.
ACTION_ITEM_REMINDER_DAYS = env.int("ACTION_ITEM_REMINDER_DAYS", default=2)

# Error reports (mail to ADMINS, the DEBUG page) show no POST value, no local variable and no
# setting that can hold a key: see core.reporting.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.reporting.PrivateExceptionReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports every layout step at INFO: keep the worker's log readable.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
