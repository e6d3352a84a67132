"""The benchmark's settings with production's static files: whitenoise's compressed manifest
storage (hashed names, precompressed .gz/.br), as a phone gets them."""

from config.settings.bench import *  # noqa: F403
from config.settings.bench import BASE_DIR

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_ROOT = BASE_DIR / ".bench-static"
