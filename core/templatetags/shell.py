"""Template helpers of the phone-first shell."""

from django import template

register = template.Library()

NOT_A_FILTER = {"page", "csrfmiddlewaretoken"}


@register.filter
def filters_set(filterset) -> int:
    """How many of a FilterSet's fields the request set (what the folded "Filter" shows)."""
    data = filterset.data or {}
    return sum(
        1
        for name in filterset.form.fields
        if name not in NOT_A_FILTER and any(v.strip() for v in _values(data, name))
    )


def _values(data, name) -> list[str]:
    values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    return [str(v) for v in values if v is not None]
