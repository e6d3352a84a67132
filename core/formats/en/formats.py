# The project's own date formats (settings.FORMAT_MODULE_PATH), named so that a template says
# what it wants ("a day") and each language says how it is written. Django's own formats
# (DATE_FORMAT, SHORT_DATE_FORMAT...) still come from Django.
DAY_FORMAT = "l j F"  # Monday 7 December
SHORT_DAY_FORMAT = "D j M"  # Mon 7 Dec
LONG_DAY_FORMAT = "l j F Y"  # Monday 7 December 2026
