"""Django's own user-facing strings that its Spanish catalog leaves untranslated (new in
Django 6.1). Marked here so that `make messages` keeps them in the project's catalog
(locale/), which Django reads before its own. tests/core/test_translations.py fails when a
Django upgrade leaves another one untranslated."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    # The empty choice of every optional dropdown (BLANK_CHOICE_LABEL, ModelChoiceField).
    gettext_noop("- Select an option -"),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("No %s matches the given query."),
]
