"""Sites and their weekly serves with every tap counted, volunteers' shifts, stock (purchases,
donations, what serves and deliveries took out), and five years of deliveries.

Each site has a schedule; its past serves are closed, with 60 to 120 households each (a tap
per household, bag and language, and free-store items). The first site's serve is today and
still open: it is the serve page the benchmark opens and the one its taps go to. Deliveries
are mostly delivered long ago (their addresses erased, as the app does); today's run of the
demo driver and the requests still waiting carry encrypted addresses and phones."""

import uuid
from datetime import time, timedelta
from decimal import Decimal

from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

from bench.scale.bulk import copy_rows, encrypt, next_id, reset_sequence
from contacts.models import Contact
from distribution import services
from distribution.demo import BAG_TYPES, ITEMS
from distribution.models import (
    BagType,
    DeliveryRequest,
    Donation,
    DriverCoverage,
    Item,
    Purchase,
    Schedule,
    Serve,
    Shift,
    Site,
    StockMovement,
    Tap,
)

SITE_NAMES = [
    "Central Square",
    "Maverick Square",
    "Dudley Plaza",
    "Fields Corner",
    "Chelsea City Hall",
    "Jackson Square",
    "Mattapan Square",
    "Upham's Corner",
]
LANGUAGE_WEIGHTS = {"es": 5, "en": 4, "ht": 1, "pt": 1, "vi": 0.5, "zh": 0.5, "ar": 0.3}
STREETS = ["Meridian St", "Bennington St", "Saratoga St", "Chelsea St", "Border St", "Broadway"]


def _key(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _stock(plan) -> tuple[dict[str, Item], dict[str, BagType], dict[int, dict[int, int]]]:
    """The demo's items and bag types; {bag type id: {item id: units per bag}}."""
    items = {
        name: Item.objects.create(name=name, name_es=es, unit=unit, low_stock_threshold=low)
        for name, (es, unit, low) in ITEMS.items()
    }
    bag_types, contents = {}, {}
    for name, name_es, order, lines in BAG_TYPES:
        bag_type = services.bag_type_save(
            bag_type=BagType(name=name, name_es=name_es, sort_order=order),
            contents=[(items[item], quantity) for item, quantity in lines.items()],
        )
        bag_types[name] = bag_type
        contents[bag_type.pk] = {items[item].pk: quantity for item, quantity in lines.items()}
    return items, bag_types, contents


def _sites(plan) -> list[Schedule]:
    """A site per schedule, spread over the week; the first serves on today's weekday."""
    schedules = []
    for n in range(min(plan.count("sites"), len(SITE_NAMES))):
        site = Site.objects.create(name=SITE_NAMES[n], address=f"{SITE_NAMES[n]}, by the steps")
        schedules.append(
            Schedule.objects.create(
                site=site,
                weekday=(plan.today.weekday() + n) % 7,
                start_time=time(17, 30),
                end_time=time(19, 30),
                working_group_id=plan.group_ids[0],
                lead=plan.users["lead"] if n == 0 else None,
                starts_on=plan.first_day,
            )
        )
    return schedules


def _serves(plan, schedules, bag_types, contents, outs) -> tuple[dict[str, int], list]:
    """Past serves (closed) with their taps and shifts, today's open serve at the first site,
    and the schedules' next four weeks. Adds each closed serve's stock out to `outs`; returns
    the counts and the serves' ledger lines."""
    rng = plan.rng
    weeks = plan.count("weeks")
    bags = [bt for name, bt in bag_types.items() if name != "Free store bag"]
    bag_weights = [6, 3, 2][: len(bags)]
    languages, language_weights = zip(*LANGUAGE_WEIGHTS.items(), strict=True)
    first_serve = next_id(Serve)
    serves, taps, shifts, movements = [], [], [], []
    tonight = None
    for schedule in schedules:
        day = plan.today - timedelta(days=(plan.today.weekday() - schedule.weekday) % 7)
        if day == plan.today:
            tonight = first_serve + len(serves)
            serves.append((tonight, schedule, day, Serve.Status.OPEN))
            day -= timedelta(weeks=1)
        for _week in range(weeks):
            serves.append((first_serve + len(serves), schedule, day, Serve.Status.CLOSED))
            day -= timedelta(weeks=1)
    volunteers = plan.member_ids
    for sid, _schedule, day, status in serves:
        closed = status == Serve.Status.CLOSED
        households = rng.randint(60, 120) if closed else rng.randint(20, 40)
        crew = rng.sample(volunteers, k=min(len(volunteers), 6))
        start = plan.at(day, 17, 30)
        counted: dict[int, int] = {}
        for n in range(households):
            by, at = crew[n % len(crew)], start + timedelta(seconds=n * 50)
            device = f"phone-{crew.index(by)}"
            new = rng.random() < 0.15
            kind = Tap.Kind.HOUSEHOLD_NEW if new else Tap.Kind.HOUSEHOLD_RETURNING
            taps.append((sid, kind, None, "", _key(rng), by, device, at))
            for bag in rng.choices(bags, weights=bag_weights, k=rng.choice([1, 1, 1, 2])):
                taps.append((sid, Tap.Kind.BAG, bag.pk, "", _key(rng), by, device, at))
                counted[bag.pk] = counted.get(bag.pk, 0) + 1
            language = rng.choices(languages, weights=language_weights)[0]
            taps.append((sid, Tap.Kind.LANGUAGE, None, language, _key(rng), by, device, at))
        for _item in range(rng.randint(households // 4, households // 2)):
            taps.append((sid, Tap.Kind.FREE_STORE, None, "", _key(rng), crew[0], "phone-0", start))
        for uid in crew:
            checked_out = start + timedelta(hours=2, minutes=rng.randint(0, 30))
            shifts.append(
                (
                    "serve",
                    sid,
                    day,
                    uid,
                    plan.group_ids[0],
                    start - timedelta(minutes=30),
                    checked_out if closed else None,
                )
            )
        if closed:
            for bag_id, n in counted.items():
                for item_id, units in contents[bag_id].items():
                    outs[item_id] = outs.get(item_id, 0) + units * n
                    movements.append((item_id, "serve", -units * n, day, sid, None))
    lead = plan.users["lead"].pk
    copy_rows(
        Serve,
        [
            "id",
            "site",
            "schedule",
            "date",
            "start_time",
            "end_time",
            "working_group",
            "lead",
            "status",
            "closed_at",
            "closed_by",
        ],
        [
            (
                sid,
                schedule.site_id,
                schedule.pk,
                day,
                schedule.start_time,
                schedule.end_time,
                schedule.working_group_id,
                schedule.lead_id,
                status,
                plan.at(day, 20) if status == Serve.Status.CLOSED else None,
                lead if status == Serve.Status.CLOSED else None,
            )
            for sid, schedule, day, status in serves
        ],
    )
    reset_sequence(Serve)
    copy_rows(
        Tap,
        ["serve", "kind", "bag_type", "language", "key", "by", "device", "created_at"],
        taps,
    )
    # The demo member is on tonight's crew too.
    if tonight and plan.users["member"].pk not in {s[3] for s in shifts if s[1] == tonight}:
        shifts.append(
            ("serve", tonight, plan.today, plan.users["member"].pk, plan.group_ids[0], None, None)
        )
    copy_rows(
        Shift,
        ["kind", "serve", "date", "volunteer", "working_group", "checked_in_at", "checked_out_at"],
        shifts,
    )
    upcoming = services.serves_schedule_ahead(today=plan.today + timedelta(days=1))
    counts = {"serves": len(serves) + upcoming, "taps": len(taps), "shifts": len(shifts)}
    return counts, movements


def _deliveries(plan, bag_types, contents, outs) -> tuple[dict[str, int], list]:
    """Five years of requests, a few a day; today's run for the demo driver; requests still
    waiting for a driver over the next week. Returns the counts and the ledger lines."""
    rng = plan.rng
    total = plan.count("deliveries")
    kinds = [bt for name, bt in bag_types.items() if name != "Free store bag"]
    drivers = plan.driver_ids
    lead = plan.users["lead"].pk
    driver = plan.users["driver"].pk
    first_id = next_id(DeliveryRequest)
    fresh = max(1, min(total // 20, 80))  # today's run and the waiting ones
    rows, movements = [], []
    for n in range(total):
        did = first_id + n
        contact = rng.choice(plan.contact_ids)
        while contact in plan.forgotten:
            contact = rng.choice(plan.contact_ids)
        area = plan.contact_areas.get(contact)
        bag = rng.choices(kinds, weights=[6, 3, 2][: len(kinds)])[0]
        count = rng.choice([1, 1, 1, 2])
        if n < fresh:  # today's run (the demo driver's first) and waiting requests
            on_run = n < max(1, fresh // 4)
            day = plan.today if on_run else plan.today + timedelta(days=rng.randint(0, 7))
            status = "assigned" if on_run else "requested"
            who = driver if on_run else None
            private = (
                encrypt(f"{rng.randint(2, 400)} {rng.choice(STREETS)}, apt {rng.randint(1, 9)}"),
                encrypt(f"617-{rng.randrange(10**7):07d}"),
                encrypt("Buzzer 3, call on arrival") if rng.random() < 0.3 else "",
            )
            finished = erased = None
        else:
            day = plan.day_in_history()
            roll = rng.random()
            status = "delivered" if roll < 0.9 else ("failed" if roll < 0.95 else "cancelled")
            who = rng.choice(drivers) if status != "cancelled" else None
            finished = plan.at(day, 16)
            recent_failure = status == "failed" and (plan.today - day).days < 14
            private = ("", "", "") if not recent_failure else (encrypt("12 Elm St"), "", "")
            erased = None if recent_failure else finished
            if status == "delivered":
                for item_id, units in contents[bag.pk].items():
                    outs[item_id] = outs.get(item_id, 0) + units * count
                    movements.append((item_id, "delivery", -units * count, day, None, did))
        rows.append(
            (
                did,
                contact,
                private[0],
                private[1],
                area,
                bag.pk,
                count,
                rng.choice(["en", "es", "es", "ht"]),
                private[2],
                day,
                time(10 + 2 * (n % 4)),
                time(12 + 2 * (n % 4)),
                status,
                who,
                n % 20,
                "no_answer" if status == "failed" else "",
                lead,
                plan.at(day, 9) - timedelta(days=2),
                lead if who else None,
                finished,
                erased,
            )
        )
    copy_rows(
        DeliveryRequest,
        [
            "id",
            "contact",
            "address",
            "phone",
            "area",
            "bag_type",
            "bag_count",
            "language",
            "notes",
            "date",
            "window_start",
            "window_end",
            "status",
            "driver",
            "position",
            "failure_reason",
            "requested_by",
            "created_at",
            "assigned_by",
            "finished_at",
            "address_erased_at",
        ],
        rows,
    )
    reset_sequence(DeliveryRequest)
    Shift.objects.create(kind=Shift.Kind.DELIVERY_RUN, date=plan.today, volunteer_id=driver)
    for uid in drivers:
        coverage = DriverCoverage.objects.create(
            driver_id=uid, weekdays="".join(sorted(rng.sample("0123456", k=3)))
        )
        coverage.areas.set(rng.sample(plan.base_area_ids, k=min(3, len(plan.base_area_ids))))
    return {"deliveries": len(rows), "driver coverages": len(drivers)}, movements


def _ledger(plan, items: dict[str, Item], outs: dict[int, int], lines: list) -> dict[str, int]:
    """Weekly purchases that cover what went out, cash donations, and the ledger lines of
    every serve and delivery. Two items end under their low-stock threshold."""
    rng = plan.rng
    weeks = plan.count("weeks")
    lead = plan.users["lead"].pk
    first_purchase = next_id(Purchase)
    purchases, movements = [], []
    by_id = {item.pk: item for item in items.values()}
    low = {item.pk for item in list(items.values())[-2:]}
    bought = dict.fromkeys(by_id, 0)
    for n in range(weeks):
        day = plan.today - timedelta(weeks=weeks - n, days=1)
        pid = first_purchase + n
        purchases.append((pid, day, "Market Basket", Decimal(rng.randint(300, 900)), lead))
        last = n == weeks - 1
        for item_id, item in by_id.items():
            # The last week tops each item up to where it stands now.
            target = (
                item.low_stock_threshold // 2 if item_id in low else 3 * item.low_stock_threshold
            )
            units = outs.get(item_id, 0) // weeks
            if last:
                units = outs.get(item_id, 0) + target - bought[item_id]
            if units > 0:
                bought[item_id] += units
                movements.append((item_id, "purchase", units, day, pid, lead))
    copy_rows(Purchase, ["id", "purchased_on", "vendor", "amount", "recorded_by"], purchases)
    reset_sequence(Purchase)
    donations = [
        (
            "cash",
            rng.choice(["neighbour", "organization", "other"]),
            Decimal(rng.randint(20, 500)),
            plan.today - timedelta(days=3 * n + rng.randint(0, 2)),
            lead,
        )
        for n in range(max(1, weeks * 2))
    ]
    copy_rows(Donation, ["kind", "source", "amount", "received_on", "recorded_by"], donations)
    ledger = [
        (item, kind, qty, day, serve, delivery, None, lead)
        for item, kind, qty, day, serve, delivery in lines
    ]
    ledger += [
        (item, kind, qty, day, None, None, pid, by) for item, kind, qty, day, pid, by in movements
    ]
    copy_rows(
        StockMovement,
        ["item", "kind", "quantity", "occurred_on", "serve", "delivery", "purchase", "by"],
        ledger,
    )
    return {
        "purchases": len(purchases),
        "donations": len(donations),
        "stock movements": len(ledger),
    }


def _first_met_serves() -> int:
    """Contacts first met at a serve name it as quick add does ("Serve #12"): the serve held
    on the day they were first met (the first site's, when two were), so that the reach page
    knows which site met them."""
    on_that_day = Serve.objects.filter(date=OuterRef("first_met_on")).order_by("pk").values("pk")
    return (
        Contact.objects.filter(first_met=Contact.FirstMet.SERVE)
        .filter(Exists(on_that_day))
        .update(
            first_met_note=Concat(
                Value("Serve #"), Cast(Subquery(on_that_day[:1]), output_field=CharField())
            )
        )
    )


def seed(plan) -> dict[str, int]:
    items, bag_types, contents = _stock(plan)
    schedules = _sites(plan)
    outs: dict[int, int] = {}  # item id: units that left stock
    counts, lines = _serves(plan, schedules, bag_types, contents, outs)
    counts["sites"] = len(schedules)
    counts["contacts met at a serve"] = _first_met_serves()
    delivery_counts, delivery_lines = _deliveries(plan, bag_types, contents, outs)
    counts |= delivery_counts
    counts |= _ledger(plan, items, outs, lines + delivery_lines)
    return counts
