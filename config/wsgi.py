import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Refuse to start with a FIELD_ENCRYPTION_KEY that does not open this database's data.
from core import crypto  # noqa: E402

crypto.check_keys()
