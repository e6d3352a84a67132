"""What a section of the summation is made of, and how its figures are kept.

A section is a function `(period: Week) -> Section`. It runs a fixed number of queries
whatever the history (the 12 weeks of a trend come from ONE grouped query, see `weekly`),
and returns counts only: never a contact's name, phone or address.

Text in a section is written with `gettext_lazy` (or `format_lazy`): `freeze` stores it in
every language at build time, so a summation's snapshot reads the same in English and Spanish
years later, whatever becomes of the catalog. Data (a base area's name) is stored as is; data
kept in both languages (a grievance category's English and Spanish names) as `localized(...)`.

A section says who may read it (`Audience`): the investigation's aggregates are not for a
member whose role holds no `Perm.VIEW_AGGREGATES` (a driver sees nothing of the investigation)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db.models import Count, DateTimeField, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import translation
from django.utils.functional import Promise

from core.text import interpolate  # noqa: F401  (sections import it from here)
from core.weeks import Week, organization_tz

Number = int | float
Text = str | Promise | dict  # a dict: {language code: text}, from `localized`


class Kind(StrEnum):
    """How a figure's numbers read: the renderers format and chart them accordingly."""

    COUNT = "count"
    PERCENT = "percent"  # 0-100, one decimal; None when there is nothing to divide by
    HOURS = "hours"
    MONEY = "money"
    CHANGE = "change"  # a difference, shown with its sign (table columns)


class Audience(StrEnum):
    """Who may read a section: every member who reads summations, or only those who may see
    the investigation's aggregates (counts and rankings without names)."""

    MEMBERS = "members"
    AGGREGATES = "aggregates"


@dataclass(frozen=True)
class Figure:
    label: Text
    this_week: Number | None
    previous_week: Number | None
    trend: tuple[Number | None, ...]  # oldest first, ending with this week
    kind: Kind = Kind.COUNT
    key: str = ""  # stable name ("households"), for the cover's headlines and the email
    headline: bool = False  # shown on the cover and in the "summation ready" email

    @classmethod
    def from_trend(
        cls,
        label: Text,
        trend: Sequence[Number | None],
        kind: Kind = Kind.COUNT,
        *,
        key: str = "",
        headline: bool = False,
    ):
        """A figure whose this-week and previous-week values are the last two of its trend."""
        trend = tuple(trend)
        previous = trend[-2] if len(trend) > 1 else None
        return cls(label, trend[-1], previous, trend, Kind(kind), key, headline)

    @property
    def change(self) -> Number | None:
        if self.this_week is None or self.previous_week is None:
            return None
        change = self.this_week - self.previous_week
        if isinstance(change, float):
            return round(change, 2 if self.kind == Kind.MONEY else 1)
        return change


@dataclass(frozen=True)
class Cell:
    value: Text | Number | None
    kind: Kind | None  # None: text


@dataclass(frozen=True)
class Table:
    title: Text
    columns: tuple[Text, ...]
    rows: tuple[tuple[Text | Number | None, ...], ...]  # counts and place names, no people
    text_columns: int = 1  # how many leading columns hold text; the rest are numbers
    kinds: tuple[Kind, ...] = ()  # how each number column reads (default: counts)
    key: str = ""  # stable name ("top_sites"), for the overview that leads the summation

    @property
    def body(self) -> list[tuple[Cell, ...]]:
        """The rows as cells that know how they read, for the page and the PDF."""
        kinds = (None,) * self.text_columns + tuple(self.kinds)
        return [
            tuple(
                Cell(value, kinds[n] if n < len(kinds) else Kind.COUNT)
                for n, value in enumerate(row)
            )
            for row in self.rows
        ]


@dataclass(frozen=True)
class Writing:
    """Text members wrote for the general body (a lead's weekly report): a heading and
    labelled passages. Stored as written; never a contact's name, phone or address."""

    title: Text
    passages: tuple[tuple[Text, Text], ...]  # (label, what was written)
    byline: Text = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[Text, ...] = field(default=())
    writings: tuple[Writing, ...] = ()
    # The stricter audience unless a section says every member may read it.
    audience: Audience = Audience.AGGREGATES

    @property
    def headlines(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.headline)


# --- the snapshot: sections as JSON, text in every language ------------------------------


def _freeze_text(value):
    if isinstance(value, Promise):
        frozen = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                frozen[code] = str(value)
        return frozen
    return value


def localized(**names: str) -> dict[str, str]:
    """Data kept in several languages (`localized(en="Rent", es="Renta")`): stored as given,
    read in the reader's language, the organization's default where one is missing."""
    return {code: text for code, text in names.items() if text}


def _thaw_text(value, language: str):
    if isinstance(value, dict):
        return (
            value.get(language) or value.get(settings.LANGUAGE_CODE) or next(iter(value.values()))
        )
    return value


def freeze(section: Section) -> dict:
    return {
        "key": section.key,
        "title": _freeze_text(section.title),
        "audience": str(section.audience),
        "figures": [
            {
                "label": _freeze_text(f.label),
                "this_week": f.this_week,
                "previous_week": f.previous_week,
                "trend": list(f.trend),
                "kind": str(f.kind),
                "key": f.key,
                "headline": f.headline,
            }
            for f in section.figures
        ],
        "tables": [
            {
                "title": _freeze_text(t.title),
                "columns": [_freeze_text(c) for c in t.columns],
                "rows": [[_freeze_text(cell) for cell in row] for row in t.rows],
                "text_columns": t.text_columns,
                "kinds": [str(k) for k in t.kinds],
                "key": t.key,
            }
            for t in section.tables
        ],
        "notes": [_freeze_text(n) for n in section.notes],
        "writings": [
            {
                "title": _freeze_text(w.title),
                "byline": _freeze_text(w.byline),
                "passages": [[_freeze_text(label), text] for label, text in w.passages],
            }
            for w in section.writings
        ],
    }


def thaw(data: dict, language: str) -> Section:
    """A stored section, its text in `language` (plain strings, ready to render).

    Snapshots of version 1 (before phase 2) have no audience, keys, text columns or writings:
    their sections are read as investigation aggregates, the stricter audience. Before
    version 3 tables had no key: the ones the overview reads are known by their English title."""
    return Section(
        key=data["key"],
        title=_thaw_text(data["title"], language),
        audience=Audience(data.get("audience", Audience.AGGREGATES)),
        figures=tuple(
            Figure(
                label=_thaw_text(f["label"], language),
                this_week=f["this_week"],
                previous_week=f["previous_week"],
                trend=tuple(f["trend"]),
                kind=Kind(f["kind"]),
                key=f.get("key", ""),
                headline=f.get("headline", False),
            )
            for f in data["figures"]
        ),
        tables=tuple(
            Table(
                title=_thaw_text(t["title"], language),
                columns=tuple(_thaw_text(c, language) for c in t["columns"]),
                rows=tuple(tuple(_thaw_text(c, language) for c in row) for row in t["rows"]),
                text_columns=t.get("text_columns", 1),
                kinds=tuple(Kind(k) for k in t.get("kinds", [])),
                key=t.get("key") or _table_key_before_version_3(t["title"]),
            )
            for t in data["tables"]
        ),
        notes=tuple(_thaw_text(n, language) for n in data["notes"]),
        writings=tuple(
            Writing(
                title=_thaw_text(w["title"], language),
                byline=_thaw_text(w["byline"], language),
                passages=tuple(
                    (_thaw_text(label, language), text) for label, text in w["passages"]
                ),
            )
            for w in data.get("writings", [])
        ),
    )


# The tables the overview reads, by the English title they had before tables had keys.
TABLE_KEYS_BEFORE_VERSION_3 = {
    "Top sites of struggle, last 4 weeks: a place and an antagonist, by people": "top_sites",
}


def _table_key_before_version_3(title) -> str:
    english = title.get("en", "") if isinstance(title, dict) else title
    return TABLE_KEYS_BEFORE_VERSION_3.get(english, "")


# --- helpers for writing sections ---------------------------------------------------------


def _field(model, path: str):
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def weekly(queryset: QuerySet, field_name: str, period: Week, **aggregates) -> dict[str, list]:
    """Aggregate `queryset` per week over `period`'s trend in ONE grouped query.

    `field_name` is a date or datetime field of the queryset's model, or a path to one
    ("serve__date"); weeks are cut in the organization's time zone. Returns {aggregate
    name: [value per week, oldest first]}; a week without rows gets 0."""
    weeks = period.trend()
    is_datetime = isinstance(_field(queryset.model, field_name), DateTimeField)
    if is_datetime:
        lower, upper = weeks[0].start, period.end
        truncated = TruncWeek(field_name, tzinfo=organization_tz())
    else:
        lower, upper = weeks[0].monday, period.next.monday
        truncated = TruncWeek(field_name)
    rows = (
        queryset.order_by()
        .filter(**{f"{field_name}__gte": lower, f"{field_name}__lt": upper})
        .annotate(summation_week=truncated)
        .values("summation_week")
        .annotate(**aggregates)
    )
    by_week: dict[Week, dict] = {}
    for row in rows:
        start = row["summation_week"]
        day = start.astimezone(organization_tz()).date() if is_datetime else start
        by_week[Week.of(day)] = row
    return {name: [(by_week.get(week, {}).get(name) or 0) for week in weeks] for name in aggregates}


def at_each_week_end(
    queryset: QuerySet, period: Week, **conditions: Callable[[Week], Q]
) -> dict[str, list[int]]:
    """Counts that describe a state rather than an event (follow-ups overdue when a week
    ended, campaigns active then): for each trend week, the rows matching `condition(week)`.
    ONE aggregate query, a conditional COUNT per week. Returns {name: [count per week]}."""
    weeks = period.trend()
    aggregates = {
        f"{name}_{n}": Count("pk", filter=condition(week))
        for name, condition in conditions.items()
        for n, week in enumerate(weeks)
    }
    row = queryset.order_by().aggregate(**aggregates)
    return {name: [row[f"{name}_{n}"] for n in range(len(weeks))] for name in conditions}


def running_total(start: Number, additions: Iterable[Number]) -> list[Number]:
    """Cumulative totals: `start` plus each week's additions in turn."""
    totals, total = [], start
    for added in additions:
        total += added
        totals.append(total)
    return totals


def share(part: Number, whole: Number) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None when `whole` is 0."""
    return round(100 * part / whole, 1) if whole else None


def per(amount: Number, count: Number, digits: int = 1) -> float | None:
    """`amount` per one of `count` (hours per new contact); None when `count` is 0."""
    return round(amount / count, digits) if count else None
