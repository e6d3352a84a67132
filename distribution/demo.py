"""Demo data for the quick start: a site and its weekly schedule (tonight is a serve), bag
types, stock, donations and purchases, four past serves with counts and volunteers, and
today's deliveries for driver@example.org. Idempotent: running it again adds nothing already
there (a new day gets its own deliveries and, off the schedule's weekday, a serve)."""

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from committees import demo as committees_demo
from committees.models import Meeting, WorkingGroup
from contacts.models import BaseArea, Contact
from distribution import services
from distribution.models import (
    BagType,
    DeliveryRequest,
    Donation,
    Item,
    Schedule,
    Serve,
    Shift,
    Site,
    StockMovement,
    Tap,
)

ITEMS = {
    # name: (Spanish, unit, low-stock threshold)
    "Rice (2 lb)": ("Arroz (2 lb)", "bag", 20),
    "Black beans": ("Frijoles negros", "can", 30),
    "Pasta": ("Pasta", "box", 20),
    "Canned tuna": ("Atún en lata", "can", 20),
    "Peanut butter": ("Mantequilla de maní", "jar", 10),
    "Granola bars": ("Barras de granola", "bar", 40),
    "Fruit cups": ("Vasitos de fruta", "cup", 30),
    "Soap": ("Jabón", "bar", 15),
    "Toothpaste": ("Pasta de dientes", "tube", 10),
    "Menstrual pads": ("Toallas sanitarias", "pack", 10),
    "Cooking oil": ("Aceite de cocina", "bottle", 10),
}

BAG_TYPES = [
    # name, Spanish, order, contents
    (
        "Groceries",
        "Despensa",
        1,
        {"Rice (2 lb)": 1, "Black beans": 2, "Pasta": 1, "Canned tuna": 2},
    ),
    (
        "No-cook bag",
        "Bolsa sin cocina",
        2,
        {"Peanut butter": 1, "Granola bars": 4, "Fruit cups": 2, "Canned tuna": 1},
    ),
    ("Hygiene kit", "Kit de higiene", 3, {"Soap": 1, "Toothpaste": 1, "Menstrual pads": 1}),
    ("Free store bag", "Bolsa de tienda gratis", 4, {}),
]

# Used only when the investigation's demo has no neighbourhood yet.
FALLBACK_AREA = "Dorchester"

DELIVERIES = [
    # name, phone, address, bag, window, notes (the demo's contacts stand in when there are any)
    ("Rosa", "617-555-0101", "41 Meridian St, Apt 3", "Groceries", (10, 12), "Buzzer 3"),
    ("Mei", "617-555-0102", "12 Bennington St, 2nd floor", "No-cook bag", (10, 12), ""),
    ("Jean", "617-555-0103", "88 Saratoga St", "Groceries", (12, 14), "Call on arrival"),
    ("Fatima", "617-555-0104", "5 Chelsea St, Apt 1", "Hygiene kit", (12, 14), ""),
    ("Luis", "617-555-0105", "230 Border St", "Groceries", (14, 16), "Back door"),
]
WAITING = [
    ("Ana", "617-555-0106", "19 Broadway, Apt 4", "Groceries"),
    ("Samir", "617-555-0107", "7 Maverick Sq", "No-cook bag"),
]


def seed(users: dict, today: date | None = None) -> dict:
    """Create the demo's distribution data; return a few counts for the command to print.
    Whatever the weekday, tonight has a serve and the driver has a run today."""
    today = today or timezone.localdate()
    lead, driver = users["lead"], users["driver"]
    group, _ = WorkingGroup.objects.get_or_create(
        name="Distribution", defaults={"purpose": "The weekly serve and the stock."}
    )
    # The general body moved the serve here (committees.demo); the serves before that day
    # were at the church lot.
    site, _ = Site.objects.get_or_create(
        name=committees_demo.NEW_SITE, defaults={"address": "Elm Street, covered side entrance"}
    )
    # The weekly serve falls on the weekday the demo is first seeded: tonight is a serve.
    schedule = Schedule.objects.filter(site=site).order_by("pk").first()
    if schedule is None:
        schedule = Schedule.objects.create(
            site=site,
            weekday=today.weekday(),
            start_time=time(17, 30),
            end_time=time(19, 30),
            working_group=group,
            lead=lead,
            starts_on=today - timedelta(days=35),
        )
    items = {}
    for name, (name_es, unit, threshold) in ITEMS.items():
        items[name], _ = Item.objects.get_or_create(
            name=name,
            defaults={"name_es": name_es, "unit": unit, "low_stock_threshold": threshold},
        )
    bag_types = {}
    for name, name_es, order, contents in BAG_TYPES:
        bag_type = BagType.objects.filter(name=name).first()
        if bag_type is None:
            bag_type = services.bag_type_save(
                bag_type=BagType(name=name, name_es=name_es, sort_order=order),
                contents=[(items[item], quantity) for item, quantity in contents.items()],
            )
        bag_types[name] = bag_type
    _seed_collections(users, items, today)
    # Past serves (four weeks back) and the next four weeks, from the schedule.
    services.serves_schedule_ahead(today=today - timedelta(days=28), weeks=8)
    _serves_before_the_move_at_the_old_site(schedule, today)
    closed = _seed_past_serves(users, schedule, bag_types, today)
    tonight = _serve_tonight(schedule, today)
    areas = list(
        BaseArea.objects.filter(kind=BaseArea.Kind.NEIGHBOURHOOD, parent=None).order_by("name")
    ) or [BaseArea.objects.create(name=FALLBACK_AREA, kind=BaseArea.Kind.NEIGHBOURHOOD)]
    delivered = _seed_deliveries(users, bag_types, areas, today)
    services.driver_coverage_set(driver=driver, areas=areas[:1], weekdays=list(range(7)))
    return {
        "serves_closed": closed,
        "serves_already_closed": Serve.objects.filter(
            schedule=schedule, date__lt=today, status=Serve.Status.CLOSED
        ).count()
        - closed,
        "serve_tonight": tonight,
        "deliveries_today": delivered,
        "deliveries_already_today": DeliveryRequest.objects.filter(
            driver=driver, date=today
        ).count()
        - delivered,
    }


def _serve_tonight(schedule: Schedule, today: date) -> Serve:
    """The schedule's serve tonight, or (run again on another weekday) a one-off one."""
    serve = Serve.objects.filter(site=schedule.site, date=today).order_by("pk").first()
    if serve is None:
        serve = Serve.objects.create(
            site=schedule.site,
            date=today,
            start_time=schedule.start_time,
            end_time=schedule.end_time,
            working_group=schedule.working_group,
            lead=schedule.lead,
        )
    return serve


def _move_day(today: date) -> date:
    """The day the general body moved the serve (its demo meeting), else a week ago."""
    meeting = Meeting.objects.filter(title=committees_demo.GENERAL_BODY_TITLE).first()
    return timezone.localtime(meeting.starts_at).date() if meeting else today - timedelta(days=7)


def _serves_before_the_move_at_the_old_site(schedule: Schedule, today: date) -> None:
    old, _ = Site.objects.get_or_create(
        name=committees_demo.OLD_SITE,
        defaults={"address": "The parking lot behind St. Mark's church", "is_active": False},
    )
    Serve.objects.filter(schedule=schedule, date__lt=_move_day(today)).exclude(site=old).update(
        site=old
    )


def _seed_collections(users, items, today) -> None:
    """What the leads' reports say Collections did (summations.demo): the week before last, a
    Saturday market pickup and rice, beans and oil bought with that week's cash donation;
    last week, another market pickup. Then the month's other purchases and donations."""
    if StockMovement.objects.exists() or Donation.objects.exists():
        return
    lead, member = users["lead"], users["member"]
    this_monday = today - timedelta(days=today.weekday())
    week_before_last, last_week = this_monday - timedelta(days=14), this_monday - timedelta(days=7)
    big = [(item, 400) for item in items.values()]
    services.purchase_record(
        purchased_on=today - timedelta(days=40),
        vendor="Market Basket",
        amount=Decimal("612.40"),
        lines=big,
        by=lead,
    )
    services.donation_record(
        kind=Donation.Kind.CASH,
        source=Donation.Source.NEIGHBOUR,
        amount=Decimal("250.00"),
        received_on=week_before_last,
        by=lead,
    )
    services.donation_record(
        kind=Donation.Kind.IN_KIND,
        source=Donation.Source.MARKET,
        received_on=week_before_last + timedelta(days=5),
        notes="Saturday market pickup: 14 crates of produce, with dry goods",
        lines=[(items["Black beans"], 48), (items["Pasta"], 30)],
        by=lead,
    )
    services.purchase_record(
        purchased_on=week_before_last + timedelta(days=5),
        vendor="Market Basket",
        amount=Decimal("184.20"),
        lines=[(items["Rice (2 lb)"], 60), (items["Black beans"], 48), (items["Cooking oil"], 24)],
        by=lead,
    )
    services.donation_record(
        kind=Donation.Kind.CASH,
        source=Donation.Source.ORGANIZATION,
        donor_name="Tenants' union",
        amount=Decimal("500.00"),
        received_on=today - timedelta(days=20),
        by=lead,
    )
    services.donation_record(
        kind=Donation.Kind.IN_KIND,
        source=Donation.Source.MARKET,
        received_on=last_week + timedelta(days=5),
        notes="Saturday market pickup: produce and dry goods",
        lines=[(items["Pasta"], 24), (items["Canned tuna"], 36)],
        by=lead,
    )
    purchase = services.purchase_record(
        purchased_on=today - timedelta(days=6),
        vendor="Stop & Shop",
        amount=Decimal("84.15"),
        paid_by=member,
        lines=[(items["Soap"], 40), (items["Toothpaste"], 30)],
        by=lead,
    )
    services.reimbursement_record(
        volunteer=member,
        amount=Decimal("50.00"),
        paid_on=today - timedelta(days=2),
        purchase=purchase,
        by=lead,
    )


def _seed_past_serves(users, schedule, bag_types, today) -> int:
    move_day = _move_day(today)
    past = Serve.objects.filter(schedule=schedule, date__lt=today, status=Serve.Status.OPEN)
    closed = 0
    volunteers = [users["lead"], users["member"], users["coordinator"]]
    for serve in past.order_by("date"):
        if serve.taps.exists():
            continue
        rng = random.Random(serve.date.toordinal())  # the same counts on every machine
        taps = []
        households = rng.randint(38, 62)
        # Indoors at Elm Street, fewer passers-by: fewer new households than at the lot (the
        # demo summation's comment, summations.demo).
        new = households * (10 if serve.date >= move_day else 30) // 100
        for n in range(households):
            kind = Tap.Kind.HOUSEHOLD_NEW if n < new else Tap.Kind.HOUSEHOLD_RETURNING
            taps.append(Tap(serve=serve, kind=kind, key=uuid.uuid4(), by=volunteers[n % 2]))
            bag = rng.choices(["Groceries", "No-cook bag", "Hygiene kit"], weights=[6, 3, 2], k=1)[
                0
            ]
            taps.append(
                Tap(serve=serve, kind=Tap.Kind.BAG, bag_type=bag_types[bag], key=uuid.uuid4())
            )
            language = rng.choices(["en", "es", "ht", "pt"], weights=[4, 5, 1, 1], k=1)[0]
            taps.append(
                Tap(serve=serve, kind=Tap.Kind.LANGUAGE, language=language, key=uuid.uuid4())
            )
        taps += [
            Tap(serve=serve, kind=Tap.Kind.FREE_STORE, key=uuid.uuid4())
            for _ in range(rng.randint(20, 45))
        ]
        Tap.objects.bulk_create(taps)
        start = timezone.make_aware(datetime.combine(serve.date, serve.start_time))
        for volunteer in volunteers:
            shift = services.shift_sign_up(volunteer=volunteer, serve=serve)
            Shift.objects.filter(pk=shift.pk).update(
                checked_in_at=start - timedelta(minutes=30),
                checked_out_at=start + timedelta(hours=2, minutes=rng.randint(0, 30)),
            )
        services.serve_close(
            serve=serve, by=users["lead"], shortfall_reason="Demo: opening stock count"
        )
        closed += 1
    return closed


def _seed_deliveries(users, bag_types, areas, today) -> int:
    """Five requests assigned to the demo driver today and two waiting for tomorrow. The
    recipients are the demo's own contacts when there are some (found by phone)."""
    lead, driver = users["lead"], users["driver"]
    if DeliveryRequest.objects.filter(driver=driver, date=today).exists():
        return 0
    known = list(Contact.objects.active().exclude(phone="").order_by("pk")[:7])
    people = [
        (known[n].name, known[n].phone) if n < len(known) else (name, phone)
        for n, (name, phone, *_rest) in enumerate(DELIVERIES + WAITING)
    ]
    created = []
    for (name, phone), (_n, _p, address, bag, (start, end), notes) in zip(
        people, DELIVERIES, strict=False
    ):
        created.append(
            services.delivery_request_create(
                name=name,
                phone=phone,
                address=address,
                area=areas[0],
                bag_type=bag_types[bag],
                day=today,
                window_start=time(start),
                window_end=time(end),
                notes=notes,
                no_kitchen=bag == "No-cook bag",
                language="es" if len(created) % 2 else "en",
                by=lead,
            )
        )
    services.delivery_assign(
        selections=[(delivery.pk, delivery.version) for delivery in created],
        driver=driver,
        by=lead,
    )
    services.shift_sign_up(volunteer=driver, run_date=today)
    for n, (_name, _phone, address, bag) in enumerate(WAITING):
        name, phone = people[len(DELIVERIES) + n]
        services.delivery_request_create(
            name=name,
            phone=phone,
            address=address,
            area=areas[(n + 1) % len(areas)],
            bag_type=bag_types[bag],
            day=today + timedelta(days=1),
            by=lead,
        )
    return len(created)
