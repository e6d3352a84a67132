"""The sites-of-struggle ranking, kept in the cache between grievances.

A year's ranking aggregates tens of thousands of grievances (hundreds of milliseconds), yet
it changes only when a grievance is recorded, changed or imported. The services that do that
call `ranking_changed()`, which moves every ranking to a new cache version, so a grievance
shows at once, and asks the worker to compute again the rankings readers open first
(`refresh`), so the first reader after a grievance finds them ready. A base area or
antagonist renamed, or a contact's new development level, shows within RANKING_SECONDS.
Counts and place names only: nothing personal is cached."""

import functools
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from contacts.models import BaseArea
from core.queue import offer_on_commit
from investigation.areas import AreaTree
from investigation.models import Campaign, Grievance, GrievanceCategory

RANKING_SECONDS = 600
DEFAULT_DAYS = 30  # the period a ranking opens on: the page, its tabs, the dashboard, reach
WATCHED_ROWS = 20  # the places nearest to becoming sites a page shows; the CSV lists them all
_VERSION = "investigation:ranking:version"


def new_version() -> None:
    """Every ranking is computed afresh from the next reading on (the cache keys move)."""
    try:
        cache.incr(_VERSION)
    except ValueError:
        cache.set(_VERSION, 1, None)


def ranking_changed() -> None:
    """Grievances changed: rankings are computed afresh from the next request on. A new
    version now (the caller's own next read sees it) and again once the caller's transaction
    commits, in case another request cached the figures from before the commit meanwhile;
    then the worker computes the first readings again (`refresh`)."""
    new_version()
    transaction.on_commit(new_version)
    offer_on_commit("investigation.tasks.refresh_rankings")


def last_days(days: int, today: date | None = None) -> dict:
    """The period of the last `days` days up to today, and the previous one of the same
    length before it, as a ranking takes them."""
    end = today or timezone.localdate()
    start = end - timedelta(days=days - 1)
    return {"start": start, "end": end, "previous_start": start - timedelta(days=days)}


def first_readings() -> list[dict]:
    """The rankings readers open first, as `page_of_sites` takes them: the sites-of-struggle
    page's default on each of its tabs (the last DEFAULT_DAYS days by people, every
    category, the top-level base areas), whose sites tab the dashboard's panel shares."""
    period = last_days(DEFAULT_DAYS)
    return [
        {
            "by": by,
            "order": "people",
            "category": None,
            "within": None,
            "threshold": watch_below(),
            "watched": WATCHED_ROWS,
            **period,
        }
        for by in ("site", "base_area", "antagonist")
    ]


def refresh() -> int:
    """The worker, after every change (investigation.tasks.refresh_rankings): the first
    readings computed into the cache under the current version, unless a reader or another
    refresh computed them already. Nothing else changes: a reader ahead of the worker, or
    asking for another period, category or area, computes the same figures in its request.
    Returns how many rankings were computed."""
    computed = 0
    for reading in first_readings():
        if cache.get(page_key(**reading)) is None:
            page_of_sites(**reading)
            computed += 1
    return computed


def _key(
    *,
    by: str,
    start: date,
    end: date,
    previous_start: date,
    category=None,
    order="people",
    within=None,
) -> str:
    version = cache.get(_VERSION, 0)
    category_id = category.pk if isinstance(category, GrievanceCategory) else category
    within_id = within.pk if isinstance(within, BaseArea) else within
    return (
        f"investigation:ranking:{version}:{by}:{order}:{start}:{end}:{previous_start}:"
        f"{category_id}:{within_id}"
    )


@functools.lru_cache(maxsize=4096)  # a ranking's means repeat: 1.0, 1.5, 2.0 ...
def one_decimal(value) -> Decimal | None:
    """A mean as every reader of the ranking shows it: one decimal, halves rounded up
    (2.25 is 2.3 on the page, in the CSV, on the dashboard and in the summation)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def watch_below() -> int:
    """Sites with fewer people than this are watched, not ranked (settings)."""
    return settings.SITES_OF_STRUGGLE_MIN_PEOPLE


def ranked_and_watched(rows: list[dict], threshold: int) -> tuple[list[dict], list[dict]]:
    """The ranking split in two: the sites at least `threshold` people raised grievances at,
    and the others, to watch. One loud voice is not a site of struggle."""
    ranked = [row for row in rows if row["contacts"] >= threshold]
    watched = [row for row in rows if row["contacts"] < threshold]
    return ranked, watched


def sites_of_struggle(
    *,
    by: str,
    start: date,
    end: date,
    previous_start: date,
    category=None,
    order="people",
    within=None,
) -> list[dict]:
    """`Grievance.objects.sites_of_struggle(...)` as a list with its means rounded by
    `one_decimal` and, for sites, the active popular committees there with their open and won
    demands; from the cache when it is there. Every page, CSV and panel reads it here.

    Base areas roll up: by="base_area" ranks the top-level areas (or the areas directly
    within `within`, a BaseArea), each counting every area inside it at any depth, with
    `has_areas_within` saying whether it can be opened a level further."""
    ranking = {
        "by": by,
        "start": start,
        "end": end,
        "previous_start": previous_start,
        "category": category,
        "order": order,
    }
    key = _key(**ranking, within=within)
    rows = cache.get(key)
    if rows is None:
        rows = _rolled_up(ranking, within) if by == "base_area" else _ranked(ranking)
        cache.set(key, rows, RANKING_SECONDS)
    return rows


def page_of_sites(
    *, threshold: int, watched: int, within=None, **ranking
) -> tuple[list[dict], list[dict], int]:
    """The ranking as its page and the dashboard show it: every ranked row (at least
    `threshold` people), the first `watched` rows to watch and how many there are to watch,
    with the same figures and rounding as `sites_of_struggle`; from the cache when it is
    there. By site or antagonist the database sends only these rows (a year has some 30,000
    sites, a page shows a hundred); base areas roll up into a few rows and are split here."""
    key = page_key(**ranking, threshold=threshold, watched=watched, within=within)
    found = cache.get(key)
    if found is None:
        if ranking["by"] == "base_area":  # a few rolled-up rows: all of them, split here
            ranked, to_watch = ranked_and_watched(
                sites_of_struggle(**ranking, within=within), threshold
            )
            count = len(to_watch)
        else:
            rows, count = Grievance.objects.sites_of_struggle(
                **ranking, threshold=threshold, watched=watched
            )
            ranked, to_watch = ranked_and_watched(_finished(rows, ranking["by"]), threshold)
        found = (ranked, to_watch[:watched], count)
        cache.set(key, found, RANKING_SECONDS)
    return found


def page_key(*, threshold: int, watched: int, within=None, **ranking) -> str:
    """The cache key of `page_of_sites` for these arguments, at the current version."""
    return f"{_key(**ranking, within=within)}:page:{threshold}:{watched}"


def _ranked(ranking: dict) -> list[dict]:
    return _finished(Grievance.objects.sites_of_struggle(**ranking), ranking["by"])


def _finished(rows: list[dict], by: str) -> list[dict]:
    """The rows with their means rounded and, for sites, the committees there."""
    committees = Campaign.objects.committees_by_site() if by == "site" else {}
    none = {"committees": 0, "open_demands": 0, "won_demands": 0}
    for row in rows:  # thousands of rows at a year's scale: changed in place
        row["mean_severity"] = one_decimal(row["mean_severity"])
        row.update(committees.get((row["key_id"], row.get("antagonist_key")), none))
    return rows


def _rolled_up(ranking: dict, within: BaseArea | None) -> list[dict]:
    tree = AreaTree.load()
    within_id = within.pk if within is not None else None
    groups = tree.groups(within_id)
    rows = [
        row
        | {
            "key_name": tree.name[row["key_id"]],
            "mean_severity": one_decimal(row["mean_severity"]),
            # The area itself, under its own children: what was recorded at it directly.
            "itself": row["key_id"] == within_id,
            "has_areas_within": row["key_id"] != within_id and len(groups[row["key_id"]]) > 1,
        }
        for row in Grievance.objects.sites_of_struggle(**ranking, groups=groups)
    ]
    counts = ("grievances", "contacts", "drawn_in")
    if ranking["order"] != "grievances":
        counts = ("contacts", "drawn_in", "grievances")
    rows.sort(key=lambda row: (*(-row[count] for count in counts), row["key_name"].lower()))
    return rows


def trail(within: BaseArea | None) -> list[dict]:
    """The areas `within` lies in, outermost first, then `within` itself: the way back up
    from a drilled-down ranking. Names and ids only."""
    if within is None:
        return []
    tree = AreaTree.load()
    return [{"id": pk, "name": tree.name[pk]} for pk in [*tree.ancestors(within.pk), within.pk]]


def table_key(
    *,
    page: int,
    language: str,
    drill_down: bool,
    can_start: bool,
    threshold: int,
    within=None,
    **ranking,
) -> str:
    """The cache key of one page of the ranking's table as rendered: the ranking's own key
    (so it changes with every grievance), the page, the language, and whether the reader gets
    the links to the grievances behind each row."""
    return (
        f"{_key(**ranking, within=within)}:table:{threshold}:{page}:{language}:"
        f"{int(drill_down)}:{int(can_start)}"
    )
