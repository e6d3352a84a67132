"""The date and time inputs and limits every distribution form uses."""

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# The most units one line or one adjustment may move. The ledger stores quantities as 32-bit
# integers: without a bound, a mistyped number was a database error (a 500), not a form error.
MAX_UNITS = 100_000
