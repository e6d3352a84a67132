from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextingConfig(AppConfig):
    name = "texting"
    verbose_name = _("Texts")
