"""The units stock is counted in. `Item.unit` stays free text (an organization may count in
"flats" or "trays"), but the common ones are known words, said in the reader's language and
with the right plural: "12 cans", "12 latas". A unit typed in other words shows as typed."""

from django.utils.translation import npgettext

# unit -> the amount in the active language. Keys are the unit as typed, lowercased; the
# plural a person may type ("cans") is an alias below.
AMOUNTS = {
    "can": lambda n: npgettext("stock unit", "%(count)s can", "%(count)s cans", n),
    "bag": lambda n: npgettext("stock unit", "%(count)s bag", "%(count)s bags", n),
    "box": lambda n: npgettext("stock unit", "%(count)s box", "%(count)s boxes", n),
    "jar": lambda n: npgettext("stock unit", "%(count)s jar", "%(count)s jars", n),
    "bottle": lambda n: npgettext("stock unit", "%(count)s bottle", "%(count)s bottles", n),
    "pack": lambda n: npgettext("stock unit", "%(count)s pack", "%(count)s packs", n),
    "carton": lambda n: npgettext("stock unit", "%(count)s carton", "%(count)s cartons", n),
    "loaf": lambda n: npgettext("stock unit", "%(count)s loaf", "%(count)s loaves", n),
    "bunch": lambda n: npgettext("stock unit", "%(count)s bunch", "%(count)s bunches", n),
    "bar": lambda n: npgettext("stock unit", "%(count)s bar", "%(count)s bars", n),
    "cup": lambda n: npgettext("stock unit", "%(count)s cup", "%(count)s cups", n),
    "tube": lambda n: npgettext("stock unit", "%(count)s tube", "%(count)s tubes", n),
    "kit": lambda n: npgettext("stock unit", "%(count)s kit", "%(count)s kits", n),
    "piece": lambda n: npgettext("stock unit", "%(count)s piece", "%(count)s pieces", n),
    "lb": lambda n: npgettext("stock unit", "%(count)s lb", "%(count)s lb", n),
    "kg": lambda n: npgettext("stock unit", "%(count)s kg", "%(count)s kg", n),
}
ALIASES = {
    "cans": "can",
    "bags": "bag",
    "boxes": "box",
    "jars": "jar",
    "bottles": "bottle",
    "packs": "pack",
    "cartons": "carton",
    "loaves": "loaf",
    "bunches": "bunch",
    "bars": "bar",
    "cups": "cup",
    "tubes": "tube",
    "kits": "kit",
    "pieces": "piece",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
}


def amount(count: int, unit: str) -> str:
    """`count` of `unit` for the reader: "12 cans" / "12 latas"; "12 trays" as typed."""
    key = (unit or "").strip().lower()
    key = ALIASES.get(key, key)
    if key in AMOUNTS:
        return AMOUNTS[key](count) % {"count": count}
    return f"{count} {unit}".strip()
