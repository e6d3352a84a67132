"""Reach: whether the distribution reaches the places where the struggle is.

For a period, each top-level base area (a neighbourhood with every block and building inside
it, at any depth: `investigation.areas`) sets the contacts the distribution met there beside
the grievances raised there and the people who raised them; each serve site says where the
contacts first met at its serves come from. The page, its summation section and their
call-outs all read `reach()`. Counts and place names only, never a person.

What counts (Basework keeps no list of who came to a serve: taps count households without
naming anyone, so reach is read from the contacts the organizers recorded):

- **Met at a serve**: a contact first met at a serve in the period (`first_met` "serve",
  `first_met_on` in the period), or one an organizer talked with at a serve in the period (a
  conversation "at the serve").
- **Reached by a delivery**: a contact who had a bag delivered on a delivery day in the period
  (requests still open, failed or cancelled reached nobody), or one talked with on a delivery
  in the period.
- **Reached**: met at a serve or reached by a delivery, or both: each contact counts once in
  each column, under its own base area's top-level area. Forgotten contacts are not counted;
  contacts with no base area are counted apart (`reached_without_area`).
- **Grievances and people**: the grievances recorded in the period in the area (any depth)
  and the distinct people who raised them, counted as the sites-of-struggle ranking counts
  them (docs/decisions/0005): a person once per top-level area however many of its places
  they raised grievances in, anonymous grievances and a forgotten contact's as grievances
  and as nobody (the ranking's own figures: `investigation.ranking.sites_of_struggle`).
- **A serve site's contacts** are the contacts first met in the period at its serves held in
  the period. Only the quick-add form records at which serve ("Serve #12" in
  `first_met_note`, written in the organizer's language); a conversation does not say at
  which serve it was held, so returning contacts are not counted for a site. A contact
  recorded another way is counted in its area, for no site.

The call-outs' rules are `under_reached` and `mostly_from_quiet_areas`, with their threshold
`threshold()` and their wording `area_rule` and `site_rule` beside them."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast, StrIndex, Substr
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Conversation
from core.text import interpolate
from distribution.models import DeliveryRequest, Serve
from investigation import ranking
from investigation.areas import AreaTree

# "Little reach": an area's share of the contacts reached is under this part of its share of
# the people with grievances. "Mostly": more than this part of a site's contacts. Their
# wording ("half") is in area_rule and site_rule: change it with them.
LITTLE_REACH = Fraction(1, 2)
MOSTLY = Fraction(1, 2)
# How old the page's figures may be (reach_for_page). Beat's "refresh-reach" computes the
# default period's again sooner than this (`refresh`), so its readers never wait for them.
REACH_SECONDS = 300


def threshold() -> int:
    """How many people make an area one with many grievances, and how many contacts a site
    needs before it is judged: the sites of struggle's own threshold (a site with fewer
    people is only watched), SITES_OF_STRUGGLE_MIN_PEOPLE."""
    return ranking.watch_below()


def under_reached(
    *, people: int, people_total: int, reached: int, reached_total: int, at_least: int
) -> bool:
    """Many grievances, little reach: at least `at_least` people raised grievances in the
    area, and its share of the contacts the distribution reached is under LITTLE_REACH of its
    share of the people with grievances (no contact reached at all is a share of 0)."""
    if people < at_least or not people_total:
        return False
    reach_share = Fraction(reached, reached_total) if reached_total else Fraction(0)
    return reach_share < LITTLE_REACH * Fraction(people, people_total)


def mostly_from_quiet_areas(*, with_area: int, from_quiet_areas: int, at_least: int) -> bool:
    """A serve site whose contacts come mostly from areas with few grievances: at least
    `at_least` of the contacts first met at its serves have a base area, and more than MOSTLY
    of those live in top-level areas where fewer than `at_least` people raised grievances."""
    return with_area >= at_least and Fraction(from_quiet_areas, with_area) > MOSTLY


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, one decimal, halves rounded up (as the ranking rounds);
    None when there is nothing to divide by."""
    return float(ranking.one_decimal(Decimal(100 * part) / Decimal(whole))) if whole else None


@dataclass(frozen=True)
class AreaReach:
    area_id: int
    name: str
    grievances: int
    people: int  # distinct people who raised the grievances
    met_at_serves: int
    reached_by_deliveries: int
    reached: int  # distinct contacts met at a serve or reached by a delivery
    people_share: float | None  # percent of the column's total
    reach_share: float | None
    under_reached: bool


@dataclass(frozen=True)
class SiteReach:
    site_id: int
    name: str
    contacts: int  # first met at its serves in the period
    with_area: int  # of whom with a base area
    from_quiet_areas: int  # of whom from an area with few grievances
    mostly_from_quiet_areas: bool


@dataclass(frozen=True)
class Reach:
    start: date
    end: date
    threshold: int
    areas: tuple[AreaReach, ...]  # by people, grievances, reach, name
    sites: tuple[SiteReach, ...]  # by contacts, name
    reached_without_area: int

    @property
    def under_reached(self) -> tuple[AreaReach, ...]:
        return tuple(area for area in self.areas if area.under_reached)

    @property
    def sites_in_quiet_areas(self) -> tuple[SiteReach, ...]:
        return tuple(site for site in self.sites if site.mostly_from_quiet_areas)


def _serve_note_pattern() -> str:
    """The notes quick add writes ("Serve #12", "Reparto #12": `first_met_note` in the
    organizer's language), as one regular expression for every language."""
    notes = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            note = gettext("Serve #%(id)s")
        if note.endswith("#%(id)s") and note.count("#") == 1:  # the id is read after the '#'
            notes.add(re.escape(note).replace(re.escape("%(id)s"), "[0-9]{1,9}"))
    return "^(?:" + "|".join(sorted(notes)) + ")$"


def first_met_at_serves(serve_ids) -> Q:
    """The contacts quick add recorded at one of these serves (its note, "Serve #12" or
    "Reparto #12", in the language of the organizer who recorded them)."""
    notes = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            note = gettext("Serve #%(id)s")
        notes += [note % {"id": pk} for pk in serve_ids]
    return Q(first_met=Contact.FirstMet.SERVE, first_met_note__in=sorted(set(notes)))


def _contacts_met(start: date, end: date) -> list[dict]:
    """Per (base area, serve first met at): the active contacts met at a serve, reached by a
    delivery, and either, in the period. One aggregate query; each contact is one row before
    grouping, so however many times it was met it counts once in each column. `serve_id` is
    the serve quick add named in the note of a contact first met in the period, else None.

    The contacts are found from the period's events through their indexes (contacts by
    first meeting, conversations by day with channel and contact, deliveries by status and
    day), each event saying what it counts for; they are grouped contact by contact, and
    only then is each contact's own row read, by its key, for its base area. Never every
    contact, and no second look at the events (docs/benchmarks.md)."""
    note = "first_met_note"
    serve_id = Case(
        When(
            Q(first_met_note__regex=_serve_note_pattern()),
            then=Cast(Substr(note, StrIndex(note, Value("#")) + 1), IntegerField()),
        ),
        output_field=IntegerField(),
    )
    no_serve = Value(None, output_field=IntegerField())
    yes, no = Value(1), Value(0)
    talks = Conversation.objects.held_between(start, end).order_by()
    events = [  # (person, serve_id, served, delivered): what each event counts for
        Contact.objects.filter(first_met=Contact.FirstMet.SERVE, first_met_on__range=(start, end))
        .order_by()
        .values(person=F("pk"), serve_id=serve_id, served=yes, delivered=no),
        talks.filter(channel=Conversation.Channel.SERVE).values(
            person=F("contact_id"), serve_id=no_serve, served=yes, delivered=no
        ),
        talks.filter(channel=Conversation.Channel.DELIVERY).values(
            person=F("contact_id"), serve_id=no_serve, served=no, delivered=yes
        ),
        DeliveryRequest.objects.done()
        .dated_between(start, end)
        .order_by()
        .values(person=F("contact_id"), serve_id=no_serve, served=no, delivered=yes),
    ]
    met, met_params = events[0].union(*events[1:], all=True).query.sql_with_params()
    contacts, contacts_params = (
        Contact.objects.active().values("pk", "base_area_id").query.sql_with_params()
    )
    # Only our own SQL is put together here; the values go as parameters.
    query = f"""
        SELECT c.base_area_id, m.serve_id, SUM(m.served), SUM(m.delivered), COUNT(*)
        FROM (
            SELECT e.person, MAX(e.serve_id) AS serve_id, MAX(e.served) AS served,
                MAX(e.delivered) AS delivered
            FROM ({met}) e
            GROUP BY e.person
        ) m
        JOIN ({contacts}) c ON c.pk = m.person
        GROUP BY c.base_area_id, m.serve_id
    """  # noqa: S608
    params = (*met_params, *contacts_params)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        found = cursor.fetchall()
    return [
        {
            "base_area_id": area,
            "serve_id": serve,
            "served": at_serves,
            "delivered": on_deliveries,
            "reached": reached,
        }
        for area, serve, at_serves, on_deliveries, reached in found
    ]


def reach(*, start: date, end: date) -> Reach:
    """The reach figures for start..end (inclusive), per top-level base area and per serve
    site, with the call-outs. Five queries whatever the data (three when the ranking is
    cached): the area tree, the ranking's base areas (its own tree and aggregate), the
    contacts met, the period's serves and their sites."""
    at_least = threshold()
    tree = AreaTree.load()
    top_of = tree.top_level_of()
    # The sites of struggle's own base-area figures: one set of figures, counted one way.
    grievances = {
        row["key_id"]: {"grievances": row["grievances"], "people": row["contacts"]}
        for row in ranking.sites_of_struggle(
            by="base_area", start=start, end=end, previous_start=start
        )
    }

    contacts: dict[int, dict[str, int]] = {}
    first_met_at: dict[int, dict[int | None, int]] = {}  # serve: {top-level area: contacts}
    reached_without_area = 0
    for row in _contacts_met(start, end):
        top = top_of.get(row["base_area_id"])
        if row["serve_id"] is not None:
            at_serve = first_met_at.setdefault(row["serve_id"], {})
            at_serve[top] = at_serve.get(top, 0) + row["reached"]
        if top is None:
            reached_without_area += row["reached"]
            continue
        counts = contacts.setdefault(top, {"served": 0, "delivered": 0, "reached": 0})
        for key in counts:
            counts[key] += row[key]

    areas = sorted(set(grievances) | set(contacts))
    empty = {"grievances": 0, "people": 0, "served": 0, "delivered": 0, "reached": 0}
    people_total = sum(grievances.get(pk, empty)["people"] for pk in areas)
    reached_total = sum(contacts.get(pk, empty)["reached"] for pk in areas)
    rows = []
    for pk in areas:
        raised, met = grievances.get(pk, empty), contacts.get(pk, empty)
        rows.append(
            AreaReach(
                area_id=pk,
                name=tree.name[pk],
                grievances=raised["grievances"],
                people=raised["people"],
                met_at_serves=met["served"],
                reached_by_deliveries=met["delivered"],
                reached=met["reached"],
                people_share=share(raised["people"], people_total),
                reach_share=share(met["reached"], reached_total),
                under_reached=under_reached(
                    people=raised["people"],
                    people_total=people_total,
                    reached=met["reached"],
                    reached_total=reached_total,
                    at_least=at_least,
                ),
            )
        )
    rows.sort(key=lambda a: (-a.people, -a.grievances, -a.reached, a.name.lower(), a.area_id))

    quiet = {pk for pk in top_of.values() if grievances.get(pk, empty)["people"] < at_least}
    by_site: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for serve, site, name in Serve.objects.between(start, end).values_list(
        "pk", "site_id", "site__name"
    ):
        names[site] = name
        for top, count in first_met_at.get(serve, {}).items():
            counts = by_site.setdefault(site, {"contacts": 0, "with_area": 0, "quiet": 0})
            counts["contacts"] += count
            if top is not None:
                counts["with_area"] += count
                counts["quiet"] += count if top in quiet else 0
    sites = sorted(
        (
            SiteReach(
                site_id=pk,
                name=names[pk],
                contacts=counts["contacts"],
                with_area=counts["with_area"],
                from_quiet_areas=counts["quiet"],
                mostly_from_quiet_areas=mostly_from_quiet_areas(
                    with_area=counts["with_area"],
                    from_quiet_areas=counts["quiet"],
                    at_least=at_least,
                ),
            )
            for pk, counts in by_site.items()
        ),
        key=lambda s: (-s.contacts, s.name.lower(), s.site_id),
    )
    return Reach(
        start=start,
        end=end,
        threshold=at_least,
        areas=tuple(rows),
        sites=tuple(sites),
        reached_without_area=reached_without_area,
    )


def cache_key(*, start: date, end: date) -> str:
    return f"distribution:reach:{start}:{end}:{threshold()}"


def reach_for_page(*, start: date, end: date) -> Reach:
    """`reach()` as the page reads it: from the cache when it is there, at most REACH_SECONDS
    old. Computed afresh it reads every contact met and every grievance of the period (tens
    of milliseconds for a big organization); the general body reads it over weeks, so a
    contact met or a grievance recorded a few minutes ago may wait for the next reading.
    Counts and place names only: nothing personal is cached."""
    key = cache_key(start=start, end=end)
    found = cache.get(key)
    if found is None:
        found = reach(start=start, end=end)
        cache.set(key, found, REACH_SECONDS)
    return found


def refresh() -> Reach:
    """Beat, every four minutes: the page's default period (the rankings' own, the last
    DEFAULT_DAYS days) computed afresh into the cache, so its readers find it there. Another
    period is computed by its first reader, as before."""
    period = ranking.last_days(ranking.DEFAULT_DAYS)
    found = reach(start=period["start"], end=period["end"])
    cache.set(cache_key(start=found.start, end=found.end), found, REACH_SECONDS)
    return found


# --- the words: one sentence each, for the page and the summation (lazy: a summation keeps
# them in every language) --------------------------------------------------------------------

COUNTING = _(
    "People: the different people who raised the grievances, once per area. At serves: "
    "contacts first met at a serve, or talked with at one, in the period. Deliveries: contacts "
    "who had a bag delivered, or a talk on a delivery, in the period. Reached: either, each "
    "contact once. Contacts count under the top-level area of their base area; forgotten "
    "contacts are not counted. Shares: the area's part of the column's total."
)


def area_rule(at_least: int) -> Promise:
    text = ngettext_lazy(
        "An area is called out when at least %(n)s person raised grievances there and its "
        "share of the contacts reached is under half its share of the people with grievances.",
        "An area is called out when at least %(n)s people raised grievances there and its "
        "share of the contacts reached is under half its share of the people with grievances.",
        at_least,
    )
    return interpolate(text, n=at_least)


def site_rule(at_least: int) -> Promise:
    text = ngettext_lazy(
        "A serve site is called out when at least %(n)s of the contacts first met at its serves "
        "has a base area and more than half of them come from areas with few grievances (where "
        "fewer than %(n)s person raised grievances).",
        "A serve site is called out when at least %(n)s of the contacts first met at its serves "
        "have a base area and more than half of them come from areas with few grievances (where "
        "fewer than %(n)s people raised grievances).",
        at_least,
    )
    return interpolate(text, n=at_least)


def area_call_out(area: AreaReach) -> Promise:
    text = ngettext_lazy(
        "%(area)s: %(people)s person with grievances, %(reached)s reached by the distribution.",
        "%(area)s: %(people)s people with grievances, %(reached)s reached by the distribution.",
        area.people,
    )
    return interpolate(text, area=area.name, people=area.people, reached=area.reached)


def site_call_out(site: SiteReach) -> Promise:
    text = ngettext_lazy(
        "%(site)s: most of its contacts come from areas with few grievances (%(quiet)s of the "
        "%(contacts)s contact with a base area first met at its serves).",
        "%(site)s: most of its contacts come from areas with few grievances (%(quiet)s of the "
        "%(contacts)s contacts with a base area first met at its serves).",
        site.with_area,
    )
    return interpolate(text, site=site.name, quiet=site.from_quiet_areas, contacts=site.with_area)


def without_area_note(count: int) -> Promise:
    text = ngettext_lazy(
        "%(count)s contact reached has no base area recorded: counted in no area.",
        "%(count)s contacts reached have no base area recorded: counted in no area.",
        count,
    )
    return interpolate(text, count=count)
