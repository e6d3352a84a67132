"""Query expressions more than one app groups by."""

from django.db.models import Case, IntegerField, Value, When


def group_of(field: str, groups: dict[int, list[int]]) -> Case:
    """For each row, the key of the group whose members hold the row's `field` (an id), or
    NULL when none does: `{7: [7, 12, 13]}` puts rows with field 12 under 7. Grouping by it
    rolls many ids up into one row in a single aggregate query."""
    return Case(
        *(When(**{f"{field}__in": members}, then=Value(key)) for key, members in groups.items()),
        default=None,
        output_field=IntegerField(),
    )
