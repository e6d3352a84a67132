"""The scale seed (`manage.py seed_scale`): five years of a big organization, written in bulk.

At factor 1: 8 sites with five years of weekly serves, 50,000 contacts, 200,000 conversations,
100,000 grievances over 1,000 base areas and 2,000 antagonists, 100,000 deliveries, 500
members in 12 working groups, 5,000 meetings, 20,000 decisions, 260 past summations. Every
count is multiplied by the factor (at least 1). Deterministic for a given factor and day: one
seeded random generator, dates counted back from today. Personal data is really encrypted.

Each module writes one part, in the apps' dependency order, and leaves on the `Plan` the ids
the next parts point at. Tables are filled with COPY and ids chosen here (see `bulk`)."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import perf_counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

COUNTS = {
    "sites": 8,
    "weeks": 260,  # weekly serves per site: five years
    "members": 500,
    "working_groups": 12,
    "meetings": 5_000,
    "decisions": 20_000,
    "action_items": 5_000,
    "base_areas": 1_000,
    "antagonists": 2_000,
    "contacts": 50_000,
    "conversations": 200_000,
    "grievances": 100_000,
    "campaigns": 40,
    "notes": 3_000,
    "deliveries": 100_000,
    "summations": 260,
}
YEARS = 5
SEED = 20_260_101


@dataclass
class Plan:
    """What the parts share: the factor, the random generator, the calendar, and the ids
    each part leaves for the next."""

    factor: float
    rng: random.Random
    today: date
    first_day: date
    tz: ZoneInfo
    users: dict = field(default_factory=dict)  # the five demo logins by role
    member_ids: list[int] = field(default_factory=list)
    lead_ids: list[int] = field(default_factory=list)
    driver_ids: list[int] = field(default_factory=list)
    organizer_ids: list[int] = field(default_factory=list)  # who talks with contacts
    group_ids: list[int] = field(default_factory=list)
    group_members: dict[int, list[int]] = field(default_factory=dict)
    base_area_ids: list[int] = field(default_factory=list)
    contact_ids: list[int] = field(default_factory=list)
    contact_areas: dict[int, int | None] = field(default_factory=dict)
    contact_days: dict[int, date] = field(default_factory=dict)  # first met
    forgotten: set[int] = field(default_factory=set)  # contacts forgotten

    def count(self, key: str) -> int:
        return max(1, round(COUNTS[key] * self.factor))

    def day_in_history(self, after: date | None = None) -> date:
        """A day between `after` (default: five years ago) and today, later days likelier:
        the organization grew."""
        start = after or self.first_day
        span = (self.today - start).days
        return start + timedelta(days=int(span * self.rng.random() ** 0.5))

    def at(self, day: date, hour: int = 12, minute: int = 0) -> datetime:
        """A moment on `day`, in the organization's time zone."""
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def zipf(self, population: list, k: int, s: float = 1.0) -> list:
        """`k` picks from `population`, the first far likelier than the rest (Zipf, exponent s)."""
        weights = [1 / (rank + 1) ** s for rank in range(len(population))]
        return self.rng.choices(population, weights=weights, k=k)


def new_plan(factor: float) -> Plan:
    today = timezone.localdate()
    return Plan(
        factor=factor,
        rng=random.Random(SEED),
        today=today,
        first_day=today - timedelta(days=365 * YEARS),
        tz=ZoneInfo(settings.TIME_ZONE),
    )


def seed_scale(factor: float, log=print) -> dict[str, int]:
    """Seed every part into an empty database; returns the row counts written."""
    from django.core.cache import cache
    from django.db import connection, transaction

    from bench.scale import committees, distribution, investigation, summations

    plan = new_plan(factor)
    written: dict[str, int] = {}
    for part in (committees, investigation, distribution, summations):
        started = perf_counter()
        with transaction.atomic():
            counts = part.seed(plan)
        written.update(counts)
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        log(f"{part.__name__.rsplit('.', 1)[1]}: {summary} ({perf_counter() - started:.1f} s)")
    # The nightly job has carried stock levels forward every night of those five years.
    from distribution.services import stock_carry_forward

    stock_carry_forward()
    started = perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"vacuum analyze ({perf_counter() - started:.1f} s)")
    cache.clear()  # nothing cached from a database this one replaced
    return written
