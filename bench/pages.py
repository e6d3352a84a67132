"""The pages the benchmark measures: the ones organizers use at the table and in meetings.

Each page names the demo-role user who requests it and builds its URL from `Targets`, a few
ids looked up once in the seeded database (so a page's query is the same at every factor)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str
    user: str  # key into the seeded users: coordinator, lead, investigator, driver, member
    url: Callable[[dict], str]
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda targets: {})


def find_targets() -> dict:
    """Ids of the objects the pages open: picked the same way at every factor."""
    return {}


FLOOR = Page("floor", "member", lambda t: reverse("dashboard:floor"))

PAGES: tuple[Page, ...] = (Page("dashboard", "coordinator", lambda t: reverse("dashboard:home")),)
