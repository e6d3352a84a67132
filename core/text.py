"""Text more than one app builds: sentences kept lazy until they are read."""

from django.utils.functional import Promise, lazy


def interpolate(text, **params) -> Promise:
    """`text % params`, kept lazy so that it is translated where it is read: a page in its
    reader's language, a summation's snapshot in every language (Django's own `%` on a lazy
    string translates at once, in the current language)."""
    return lazy(lambda: str(text) % params, str)()
