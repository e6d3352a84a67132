"""The pages the benchmark measures: the ones organizers use at the table and in meetings.

Each page names the demo-role user who requests it and builds its URL from the targets, a few
ids looked up once in the seeded database by the same rule at every factor (the busiest
contact, the base area with the most grievances, ...), so that a page's queries are the same
at every factor and only the data behind them grows."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str
    user: str  # key into the seeded users: coordinator, lead, investigator, driver, member
    url: Callable[[dict], str]
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda targets: {})


def find_targets() -> dict:
    """Ids of the objects the pages open, picked the same way at every factor."""
    from contacts.models import Contact, DevelopmentLevel
    from investigation.models import BaseArea
    from summations.models import Summation

    busiest_contact = (
        Contact.objects.active()
        .annotate(n=Count("conversations"))
        .order_by("-n", "id")
        .values_list("id", flat=True)
        .first()
    )
    busiest_area = (
        BaseArea.objects.annotate(n=Count("grievances"))
        .order_by("-n", "id")
        .values_list("id", flat=True)
        .first()
    )
    most_contacts_area = (
        BaseArea.objects.annotate(n=Count("contacts"))
        .order_by("-n", "id")
        .values_list("id", flat=True)
        .first()
    )
    return {
        "contact": busiest_contact,
        "base_area": busiest_area,
        "contact_filter": {
            "base_area": most_contacts_area,
            "development_level": DevelopmentLevel.objects.order_by("rank")
            .values_list("id", flat=True)
            .first(),
        },
        "summation": Summation.objects.filter(state=Summation.State.ADOPTED)
        .order_by("-year", "-week")
        .values_list("id", flat=True)
        .first(),
    }


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(params)


FLOOR = Page("floor", "member", lambda t: reverse("dashboard:floor"))

PAGES: tuple[Page, ...] = (
    Page("dashboard", "coordinator", lambda t: reverse("dashboard:home")),
    Page(
        "contact list, filtered",
        "investigator",
        lambda t: reverse("contacts:list") + _query(t["contact_filter"]),
    ),
    Page(
        "contact detail", "investigator", lambda t: reverse("contacts:detail", args=[t["contact"]])
    ),
    Page(
        "sites of struggle, 12 months",
        "investigator",
        lambda t: reverse("investigation:sites_of_struggle") + "?period=365",
    ),
    Page(
        "base area detail",
        "investigator",
        lambda t: reverse("investigation:base_area_detail", args=[t["base_area"]]),
    ),
    Page(
        "decision log search",
        "member",
        lambda t: reverse("committees:decision_log") + "?q=site",
    ),
    Page(
        "summation",
        "member",
        lambda t: reverse("summations:detail", args=[t["summation"]]),
    ),
)
