"""The pages the benchmark measures: the ones organizers use at the table and in meetings.

Each page names the demo-role user who requests it and builds its URL from the targets, a few
ids looked up once in the seeded database by the same rule at every factor (the busiest
contact, the base area with the most grievances, ...), so that a page's queries are the same
at every factor and only the data behind them grows."""

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, When
from django.urls import reverse
from django.utils import timezone


@dataclass(frozen=True)
class Page:
    name: str
    user: str  # key into the seeded users: coordinator, lead, investigator, driver, member
    url: Callable[[dict], str]
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda targets: {})
    # Run before each request, outside the timing: a cold page empties its cache here.
    before: Callable[[], object] = field(default=lambda: None)

    def body(self, targets: dict) -> str:
        """The form-encoded body of a POST (a fresh idempotency key each time, for a tap)."""
        return urlencode(self.data(targets))


def find_targets() -> dict:
    """Ids of the objects the pages open, picked the same way at every factor."""
    from contacts.models import BaseArea, Contact, DevelopmentLevel
    from distribution.models import BagType, Serve
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
    # The top-level area with the most areas inside it: the deepest drill-down's first step.
    top_area = (
        BaseArea.objects.filter(parent__isnull=True)
        .annotate(n=Count("children"))
        .order_by("-n", "id")
        .values_list("id", flat=True)
        .first()
    )
    return {
        "top_area": top_area,
        "serve": Serve.objects.tonight(timezone.localdate()).pk,
        "bag_type": BagType.objects.for_counters().values_list("id", flat=True).first(),
        "contact": busiest_contact,
        "base_area": busiest_area,
        "contact_filter": {
            "base_area": most_contacts_area,
            "development_level": DevelopmentLevel.objects.order_by("rank")
            .values_list("id", flat=True)
            .first(),
        },
        # The latest adopted summation (the latest one, when none was adopted yet).
        "summation": Summation.objects.order_by(
            Case(When(state=Summation.State.ADOPTED, then=0), default=1), "-year", "-week"
        )
        .values_list("id", flat=True)
        .first(),
    }


def _query(params: dict) -> str:
    return "?" + urlencode(params)


# A tap on tonight's serve, as the serve page's script sends it: households, bags and
# languages in turn, each with a new key (the phone makes one per tap).
_TAP_KINDS = itertools.cycle(
    [{"kind": "household_returning"}, {"kind": "bag"}, {"kind": "language", "language": "es"}]
)


def _tap(targets: dict) -> dict:
    data = dict(next(_TAP_KINDS), key=str(uuid.uuid4()), device="bench")
    if data["kind"] == "bag":
        data["bag_type"] = targets["bag_type"]
    return data


TAP = Page(
    "tap (POST)",
    "member",
    lambda t: reverse("distribution:serve_tap", args=[t["serve"]]),
    method="post",
    data=_tap,
)


def tap_cleanup(targets: dict) -> int:
    """Take the benchmark's own taps off tonight's serve again (device "bench")."""
    from distribution.models import Tap

    return Tap.objects.filter(serve_id=targets["serve"], device="bench").delete()[0]


def tap_count(targets: dict) -> int:
    """Taps counted on the serve the benchmark taps on."""
    from distribution.models import Tap

    return Tap.objects.filter(serve_id=targets["serve"]).counted().count()


FLOOR = Page("floor", "member", lambda t: reverse("dashboard:floor"))


def _after_a_grievance() -> None:
    """As after a grievance is recorded: every ranking's cache version moves and the worker
    computes the first readings again and renders the sites tab's first page
    (investigation.tasks.refresh_rankings; the benchmark's Celery is eager, so it runs here,
    before the request and outside its timing)."""
    from investigation.ranking import ranking_changed

    ranking_changed()


def _rankings_cold() -> None:
    """Every ranking computed afresh by the request itself: a reader ahead of the worker, or
    asking for a reading the worker does not compute (another period, category or area)."""
    from investigation.ranking import new_version

    new_version()


def _reach() -> str:
    return reverse("distribution:reach")


def _reach_cold() -> None:
    """The reach page's figures for its default period computed by the request (their
    cache entry deleted, and the rankings they read too), as when beat's refresh has not run:
    a reader without a worker, or the first of another period."""
    from django.core.cache import cache

    from distribution.forms import ReachForm
    from distribution.reach import cache_key

    choice = ReachForm().choices()
    cache.delete(cache_key(start=choice["start"], end=choice["end"]))
    _rankings_cold()


def _sites(**params) -> str:
    return reverse("investigation:sites_of_struggle") + (_query(params) if params else "")


PAGES: tuple[Page, ...] = (
    Page("dashboard", "coordinator", lambda t: reverse("dashboard:home")),
    Page("serve page", "lead", lambda t: reverse("distribution:serve_detail", args=[t["serve"]])),
    TAP,
    Page("delivery board", "lead", lambda t: reverse("distribution:delivery_board")),
    Page("driver run", "driver", lambda t: reverse("distribution:run")),
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
    # After a new grievance, as the worker leaves them: the first readings computed, the
    # sites tab's table rendered (the base areas' tab renders its own).
    Page(
        "sites by people, 30 days, after a grievance",
        "investigator",
        lambda t: _sites(),
        before=_after_a_grievance,
    ),
    Page(
        "base areas rolled up, 30 days, after a grievance",
        "investigator",
        lambda t: _sites(by="base_area"),
        before=_after_a_grievance,
    ),
    # The same rankings computed in the request, the cache emptied before each one.
    Page(
        "sites by people, 30 days, computed in the request",
        "investigator",
        lambda t: _sites(),
        before=_rankings_cold,
    ),
    Page(
        "base areas rolled up, 30 days, computed in the request",
        "investigator",
        lambda t: _sites(by="base_area"),
        before=_rankings_cold,
    ),
    Page(
        "base areas rolled up, opened, computed in the request",
        "investigator",
        lambda t: _sites(by="base_area", within=t["top_area"]),
        before=_rankings_cold,
    ),
    # As a member reads it (counts only: beat keeps it computed), then computed afresh by
    # the request, its cached figures deleted.
    Page("reach, 30 days", "member", lambda t: _reach()),
    Page(
        "reach, 30 days, computed in the request", "member", lambda t: _reach(), before=_reach_cold
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
