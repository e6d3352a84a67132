"""What a section of the summation is made of, and how its figures are kept.

A section is a function `(period: Week) -> Section`. It runs a fixed number of queries
whatever the history (the 12 weeks of a trend come from ONE grouped query, see `weekly`),
and returns counts only: never a contact's name, phone or address.

Text in a section is written with `gettext_lazy` (or `format_lazy`): `freeze` stores it in
every language at build time, so a summation's snapshot reads the same in English and Spanish
years later, whatever becomes of the catalog. Data (a base area's name) is stored as is."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db.models import DateTimeField, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import translation
from django.utils.functional import Promise, lazy

from summations.weeks import Week, organization_tz

Number = int | float
Text = str | Promise


class Kind(StrEnum):
    """How a figure's numbers read: the renderers format and chart them accordingly."""

    COUNT = "count"
    PERCENT = "percent"  # 0-100, one decimal; None when there is nothing to divide by
    HOURS = "hours"
    MONEY = "money"


@dataclass(frozen=True)
class Figure:
    label: Text
    this_week: Number | None
    previous_week: Number | None
    trend: tuple[Number | None, ...]  # oldest first, ending with this week
    kind: Kind = Kind.COUNT

    @classmethod
    def from_trend(cls, label: Text, trend: Sequence[Number | None], kind: Kind = Kind.COUNT):
        """A figure whose this-week and previous-week values are the last two of its trend."""
        trend = tuple(trend)
        previous = trend[-2] if len(trend) > 1 else None
        return cls(label, trend[-1], previous, trend, Kind(kind))

    @property
    def change(self) -> Number | None:
        if self.this_week is None or self.previous_week is None:
            return None
        change = self.this_week - self.previous_week
        return round(change, 1) if isinstance(change, float) else change


@dataclass(frozen=True)
class Table:
    title: Text
    columns: tuple[Text, ...]
    rows: tuple[tuple[Text | Number | None, ...], ...]  # counts and place names, no people


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[Text, ...] = field(default=())


# --- the snapshot: sections as JSON, text in every language ------------------------------


def _freeze_text(value):
    if isinstance(value, Promise):
        frozen = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                frozen[code] = str(value)
        return frozen
    return value


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
        "figures": [
            {
                "label": _freeze_text(f.label),
                "this_week": f.this_week,
                "previous_week": f.previous_week,
                "trend": list(f.trend),
                "kind": str(f.kind),
            }
            for f in section.figures
        ],
        "tables": [
            {
                "title": _freeze_text(t.title),
                "columns": [_freeze_text(c) for c in t.columns],
                "rows": [[_freeze_text(cell) for cell in row] for row in t.rows],
            }
            for t in section.tables
        ],
        "notes": [_freeze_text(n) for n in section.notes],
    }


def thaw(data: dict, language: str) -> Section:
    """A stored section, its text in `language` (plain strings, ready to render)."""
    return Section(
        key=data["key"],
        title=_thaw_text(data["title"], language),
        figures=tuple(
            Figure(
                label=_thaw_text(f["label"], language),
                this_week=f["this_week"],
                previous_week=f["previous_week"],
                trend=tuple(f["trend"]),
                kind=Kind(f["kind"]),
            )
            for f in data["figures"]
        ),
        tables=tuple(
            Table(
                title=_thaw_text(t["title"], language),
                columns=tuple(_thaw_text(c, language) for c in t["columns"]),
                rows=tuple(tuple(_thaw_text(c, language) for c in row) for row in t["rows"]),
            )
            for t in data["tables"]
        ),
        notes=tuple(_thaw_text(n, language) for n in data["notes"]),
    )


# --- helpers for writing sections ---------------------------------------------------------


def weekly(queryset: QuerySet, field_name: str, period: Week, **aggregates) -> dict[str, list]:
    """Aggregate `queryset` per week over `period`'s trend in ONE grouped query.

    `field_name` is a date or datetime field of the queryset's model; weeks are cut in the
    organization's time zone. Returns {aggregate name: [value per week, oldest first]};
    a week without rows gets 0."""
    weeks = period.trend()
    is_datetime = isinstance(queryset.model._meta.get_field(field_name), DateTimeField)
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


def interpolate(text: Text, **params) -> Promise:
    """`text % params`, kept lazy so that `freeze` translates it into every language
    (Django's own `%` on a lazy string translates at once, in the current language)."""
    return lazy(lambda: str(text) % params, str)()


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
