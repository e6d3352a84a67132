"""Every user-facing string has a Spanish translation: regenerate the catalogs from the source
in a scratch copy (as `make messages` does) and fail on any untranslated or fuzzy entry. Then
the kinds of gap a Spanish reader met (issue 17): Django's own strings, dates written the
machine's way, capitalised month and weekday names, one English word translated two ways
(gender), stock units."""

import ast
import importlib
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import dateformat, formats, translation

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", ".git", "staticfiles", "media", ".test-media", "test-artifacts", "node_modules"}


@pytest.fixture(scope="module")
def regenerated_catalogs(tmp_path_factory) -> list[Path]:
    scratch = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(
        ROOT, scratch, ignore=lambda d, names: [n for n in names if n in SKIP or n == "__pycache__"]
    )
    (scratch / ".venv").symlink_to(ROOT / ".venv")
    result = subprocess.run(
        ["make", "--no-print-directory", "messages"],
        cwd=scratch,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    catalogs = sorted(
        p for p in scratch.rglob("locale/es/LC_MESSAGES/django.po") if ".venv" not in p.parts
    )
    assert catalogs, "no Spanish catalog found"
    return catalogs


def test_every_string_has_a_spanish_translation(regenerated_catalogs):
    problems = []
    for path in regenerated_catalogs:
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags or not entry.translated():
                problems.append(f"{path.parent.parent.parent.parent.name}: {entry.msgid!r}")
    assert problems == [], "missing or fuzzy Spanish translations:\n" + "\n".join(problems)


def test_the_spanish_catalogs_compile():
    for path in ROOT.rglob("locale/es/LC_MESSAGES/django.po"):
        if ".venv" in path.parts:
            continue
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{path}: {result.stderr}"


# --- The kinds of Spanish gap issue 17 found, each caught where it starts ------------------

APPS = ["accounts", "committees", "contacts", "core", "dashboard", "distribution"]
APPS += ["investigation", "summations", "texting"]
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "npgettext", "pgettext_lazy"}


def _source_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _is_gettext(node) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT


def _raw_dates(node) -> list[ast.AST]:
    """Calls inside `node` that write a date the machine's way: .isoformat(), .strftime()."""
    return [
        sub
        for sub in ast.walk(node)
        if isinstance(sub, ast.Call)
        and isinstance(sub.func, ast.Attribute)
        and sub.func.attr in {"isoformat", "strftime"}
    ]


DATE_NAME = re.compile(r"(^|_)(on|date|day)$")


def _names_a_date(node) -> bool:
    """A bare date attribute or variable (held_on, delivery.date, day) as a message value."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return bool(DATE_NAME.search(name))


def test_no_message_writes_a_date_the_machine_way():
    """A date in a message goes through a localized format (date_format(d, "DATE_FORMAT")),
    never .isoformat() or strftime(): "Solicitud tomada para Ana el 2026-12-06" was one.
    Also a model's __str__, which lists and dropdowns show."""
    problems = []
    for path in _source_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            places = []
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
                if _is_gettext(node.left):
                    places.append(node.right)
                    for value in getattr(node.right, "values", []):
                        if _names_a_date(value):  # a date given to %s: str(date), ISO
                            problems.append(f"{path.relative_to(ROOT)}:{value.lineno}")
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "format":
                if _is_gettext(node.func.value):
                    places.extend([*node.args, *(k.value for k in node.keywords)])
            elif isinstance(node, ast.FunctionDef) and node.name == "__str__":
                places.append(node)
            for place in places:
                for call in _raw_dates(place):
                    problems.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert problems == [], "dates written unlocalized into user text:\n" + "\n".join(problems)


def test_the_check_above_finds_an_iso_date_in_a_message():
    code = '_("Request taken for %(name)s on %(date)s.") % {"name": n, "date": d.isoformat()}'
    node = ast.parse(code).body[0].value
    assert _is_gettext(node.left) and len(_raw_dates(node.right)) == 1
    bare = ast.parse('_("Conversation on %(date)s") % {"date": self.held_on}').body[0].value
    assert [_names_a_date(v) for v in bare.right.values] == [True]


TEMPLATE_FORMAT = re.compile(r"""\|date:["']([^"']+)["']""")
# Machine formats, never translated: ISO 8601 and RFC 5322 (e-mail and calendar headers).
MACHINE_FORMATS = {"c", "r", "Y-m-d", "U"}


def _date_formats_in_use() -> set[str]:
    formats = set()
    for path in ROOT.rglob("*"):
        if SKIP & set(path.parts) or path.suffix not in {".html", ".txt"}:
            continue
        formats.update(TEMPLATE_FORMAT.findall(path.read_text(errors="ignore")))
    for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "MONTH_DAY_FORMAT"):
        formats.add(name)
    return formats - MACHINE_FORMATS


def test_spanish_month_and_weekday_names_are_lowercase():
    """Spanish writes "dom 6 dic", never "dom 6 Dic" (Django's "M" title-cases) nor "Lunes"
    (an app catalog once translated Django's weekday names capitalised). Every date format the
    templates use, and every translated "date format" string, over a year of days."""
    days = [datetime(2026, month, day, 18, 30) for month in range(1, 13) for day in range(1, 8)]
    translated = {
        (entry.msgctxt, entry.msgid)
        for path in ROOT.rglob("locale/es/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
        for entry in polib.pofile(str(path))
        if entry.msgctxt and "date format" in entry.msgctxt and not entry.obsolete
    }
    problems = set()
    with translation.override("es"):
        patterns = {fmt: formats.get_format(fmt) for fmt in _date_formats_in_use()}
        patterns |= {f"{c}: {m}": translation.pgettext(c, m) for c, m in translated}
        for name, pattern in patterns.items():
            assert not (name.isupper() and pattern == name), f"{name} has no Spanish format"
            for day in days:
                text = dateformat.format(day, pattern)
                if any(w != w.lower() for w in re.findall(r"[^\W\d_]+", text)):
                    problems.add(f"{name!r} gives {text!r}")
    assert problems == set(), "capitalised names in Spanish dates:\n" + "\n".join(sorted(problems))


def test_the_project_day_formats_exist_in_both_languages():
    for name in ("DAY_FORMAT", "SHORT_DAY_FORMAT", "LONG_DAY_FORMAT"):
        for language in ("en", "es"):
            assert formats.get_format(name, lang=language) != name, (name, language)
    with translation.override("es"):
        assert formats.date_format(date(2026, 12, 6), "SHORT_DAY_FORMAT") == "dom 6 dic"
        assert formats.date_format(date(2026, 12, 7), "DAY_FORMAT") == "lunes 7 de diciembre"
    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 6), "SHORT_DAY_FORMAT") == "Sun 6 Dec"


def _django_catalogs():
    """Django's own Spanish catalogs (and the third-party apps'), for installed apps only."""
    site = Path(django.__file__).parent.parent
    roots = [Path(django.__file__).parent / "conf"]
    roots += [Path(config.path) for config in apps.get_app_configs()]
    for root in roots:
        if site in root.parents or root == site:
            yield from root.glob("locale/es/LC_MESSAGES/django.po")


def test_django_own_strings_are_spanish_through_the_project_catalog():
    """Django 6.1's "- Select an option -" has no Spanish in Django's catalog: every string a
    library leaves untranslated is translated by the project's (core/django_strings.py)."""
    problems = []
    with translation.override("es"):
        for path in _django_catalogs():
            for entry in polib.pofile(str(path)):
                if entry.obsolete or entry.msgid_plural:
                    continue
                if entry.translated() and "fuzzy" not in entry.flags:
                    continue
                spanish = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.gettext(entry.msgid)
                )
                if spanish == entry.msgid:
                    problems.append(f"{path.relative_to(path.parents[4])}: {entry.msgid!r}")
    assert problems == [], "Django strings with no Spanish:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_every_dropdown_empty_choice_is_spanish():
    """The empty choice of every model field's dropdown and of every list filter."""
    from django_filters import FilterSet

    english = {"- Select an option -", "---------", ""}
    problems = []
    with translation.override("es"):
        for model in apps.get_models():
            if model._meta.app_label not in APPS:
                continue
            for field in model._meta.fields:
                form_field = field.formfield()
                if form_field is None or not hasattr(form_field, "choices"):
                    continue
                if getattr(form_field, "queryset", None) is not None:
                    empty = form_field.empty_label
                else:
                    empty = next(
                        (label for value, label in form_field.choices if value == ""), None
                    )
                if empty is not None and str(empty) in english - {""}:
                    problems.append(f"{model.__name__}.{field.name}: {empty!r}")
        for app in APPS:
            try:
                module = importlib.import_module(f"{app}.filters")
            except ModuleNotFoundError:
                continue
            for filterset in vars(module).values():
                if not (isinstance(filterset, type) and issubclass(filterset, FilterSet)):
                    continue
                if filterset is FilterSet or filterset._meta.model is None:
                    continue
                for name, field in filterset.base_filters.items():
                    form_field = field.field
                    empty = getattr(form_field, "empty_label", None)
                    if empty is None and hasattr(form_field, "choices"):
                        choices = list(form_field.choices)
                        empty = next((label for value, label in choices if value == ""), None)
                    if empty is not None and str(empty) in english:
                        problems.append(f"{filterset.__name__}.{name}: {empty!r}")
    assert problems == [], "empty choices not in Spanish:\n" + "\n".join(problems)


def test_one_msgid_has_one_spanish_translation(regenerated_catalogs):
    """gettext merges every catalog into one: when two apps translate the same English word
    differently, one of them loses everywhere ("Open" for a serve came out "Abierta", the
    committees' feminine). Words that need two genders carry a pgettext context."""
    seen: dict[tuple, dict[str, str]] = {}
    for path in regenerated_catalogs:
        app = path.parents[3].name
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            value = entry.msgstr or repr(sorted(entry.msgstr_plural.items()))
            seen.setdefault((entry.msgctxt, entry.msgid), {})[app] = value
    problems = [f"{key}: {by_app}" for key, by_app in seen.items() if len(set(by_app.values())) > 1]
    assert problems == [], "one English string, two Spanish ones:\n" + "\n".join(problems)


# The Spanish gender of each model with a status: a one-word status agrees with it
# ("un reparto abierto", "una tarea abierta", "un balance aprobado").
GENDER = {
    "Serve": "m",
    "Summation": "m",
    "Decision": "f",
    "ActionItem": "f",
    "Grievance": "f",
    "Campaign": "f",
    "Demand": "f",
    "DeliveryRequest": "f",
    "OutgoingText": "m",  # un mensaje (de texto) enviado
    "LateTap": "m",  # un toque tardío
}
STATUS_FIELDS = {"status", "state", "outcome"}


def test_status_choices_agree_with_their_noun_in_spanish():
    problems = []
    with translation.override("es"):
        for model in apps.get_models():
            if model._meta.app_label not in APPS:
                continue
            for field in model._meta.fields:
                if field.name not in STATUS_FIELDS or not field.choices:
                    continue
                gender = GENDER.get(model.__name__)
                assert gender, f"{model.__name__}: say its Spanish gender in GENDER"
                for _value, label in field.flatchoices:
                    word = str(label)
                    if " " in word:
                        continue
                    ends = word.lower().rstrip("s")[-1:]
                    if ends in {"a", "o"} and ends != {"m": "o", "f": "a"}[gender]:
                        problems.append(f"{model.__name__}.{field.name}: {word}")
    assert problems == [], "status labels that disagree with their noun:\n" + "\n".join(problems)


def test_stock_units_are_said_in_spanish():
    from distribution.units import AMOUNTS, amount

    same_in_spanish = {"kit", "lb", "kg"}
    with translation.override("es"):
        assert amount(12, "can") == "12 latas"
        assert amount(1, "Box") == "1 caja"
        assert amount(3, "jars") == "3 frascos"
        assert amount(4, "trays") == "4 trays"  # a unit the organization typed: as typed
        spanish = {unit: amount(2, unit) for unit in AMOUNTS}
    with translation.override("en"):
        assert amount(1, "can") == "1 can" and amount(2, "box") == "2 boxes"
        english = {unit: amount(2, unit) for unit in AMOUNTS}
    untranslated = [u for u in AMOUNTS if spanish[u] == english[u] and u not in same_in_spanish]
    assert untranslated == []
