"""Views of committees, one module per area: groups (and spokes, the general body, weekly
reports), meetings, proposals and decisions, action items. Lookups live in `access`."""

from django import forms

from committees.services import Refused


def refuse(form: forms.Form, error: Refused) -> None:
    """Put a service's refusal next to its field, or on top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
