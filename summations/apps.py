from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummationsConfig(AppConfig):
    name = "summations"
    verbose_name = _("Summations")
