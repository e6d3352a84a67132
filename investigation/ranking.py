"""The sites-of-struggle ranking, kept in the cache between grievances.

A year's ranking aggregates tens of thousands of grievances (hundreds of milliseconds), yet
it changes only when a grievance is recorded, changed or imported. The services that do that
call `ranking_changed()`, which moves every ranking to a new cache version, so a grievance
shows at once. A base area or antagonist renamed, or a contact's new development level, shows
within RANKING_SECONDS. Counts and place names only: nothing personal is cached."""

from datetime import date

from django.core.cache import cache
from django.db import transaction

from investigation.models import Grievance, GrievanceCategory

RANKING_SECONDS = 600
_VERSION = "investigation:ranking:version"


def _bump() -> None:
    try:
        cache.incr(_VERSION)
    except ValueError:
        cache.set(_VERSION, 1, None)


def ranking_changed() -> None:
    """Grievances changed: rankings are computed afresh from the next request on. Bumped now
    (the caller's own next read sees it) and again once the caller's transaction commits, in
    case another request cached the figures from before the commit meanwhile."""
    _bump()
    transaction.on_commit(_bump)


def _key(*, by: str, start: date, end: date, previous_start: date, category=None) -> str:
    version = cache.get(_VERSION, 0)
    category_id = category.pk if isinstance(category, GrievanceCategory) else category
    return f"investigation:ranking:{version}:{by}:{start}:{end}:{previous_start}:{category_id}"


def sites_of_struggle(
    *, by: str, start: date, end: date, previous_start: date, category=None
) -> list[dict]:
    """`Grievance.objects.sites_of_struggle(...)` as a list, from the cache when it is there."""
    key = _key(by=by, start=start, end=end, previous_start=previous_start, category=category)
    rows = cache.get(key)
    if rows is None:
        rows = list(
            Grievance.objects.sites_of_struggle(
                by=by, start=start, end=end, previous_start=previous_start, category=category
            )
        )
        cache.set(key, rows, RANKING_SECONDS)
    return rows


def table_key(*, page: int, language: str, drill_down: bool, **ranking) -> str:
    """The cache key of one page of the ranking's table as rendered: the ranking's own key
    (so it changes with every grievance), the page, the language, and whether the reader gets
    the links to the grievances behind each row."""
    return f"{_key(**ranking)}:table:{page}:{language}:{int(drill_down)}"
