"""The grievance and base-area imports' row validation: a preview, nothing written. CSV
reading, dates and yes/no parsing are every import's (core.importing)."""

import unicodedata
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from contacts.models import BaseArea, Contact, phone_lookup_hashes
from core.importing import ImportPreview, RowError, choice_value, parse_date, read_rows
from investigation.models import Antagonist, Grievance, GrievanceCategory

GRIEVANCE_COLUMNS = {
    "base_area": "base_area",
    "área_de_base": "base_area",
    "area_de_base": "base_area",
    "category": "category",
    "categoría": "category",
    "categoria": "category",
    "date": "date",
    "fecha": "date",
    "antagonist": "antagonist",
    "contra": "antagonist",
    "antagonist_kind": "antagonist_kind",
    "tipo_de_antagonista": "antagonist_kind",
    "contact_phone": "contact_phone",
    "teléfono_del_contacto": "contact_phone",
    "telefono_del_contacto": "contact_phone",
    "severity": "severity",
    "gravedad": "severity",
    "status": "status",
    "estado": "status",
    "description": "description",
    "descripción": "description",
    "descripcion": "description",
}


@dataclass
class GrievanceImportPreview(ImportPreview):
    # Antagonists named in the file but not yet recorded: name → kind. Created on import.
    new_antagonists: dict[str, str] = field(default_factory=dict)
    # Base areas named in the file but not in Basework, each once, as first written.
    unknown_areas: list[str] = field(default_factory=list)


def preview_grievances(text: str) -> GrievanceImportPreview:
    """Validate a grievances CSV without writing anything. A fixed number of queries: every
    base area, category and antagonist is read once, and contacts by their phones' hashes."""
    preview = GrievanceImportPreview()
    rows, preview.warnings = read_rows(
        text, columns=GRIEVANCE_COLUMNS, required={"base_area", "category", "date"}
    )
    areas = {a.name.strip().lower(): a for a in BaseArea.objects.all()}
    categories = {}
    for category in GrievanceCategory.objects.all():
        categories[category.name.strip().lower()] = category
        if category.name_es:
            categories.setdefault(category.name_es.strip().lower(), category)
    antagonists = {a.name.strip().lower(): a for a in Antagonist.objects.all()}
    contacts = _contacts_by_phone_hash([row.get("contact_phone", "") for _, row in rows])
    for line, row in rows:
        cleaned = _clean_grievance_row(
            line,
            row,
            preview,
            areas=areas,
            categories=categories,
            antagonists=antagonists,
            contacts=contacts,
        )
        if cleaned is not None:
            preview.rows.append(cleaned)
    return preview


def _contacts_by_phone_hash(phones: list[str]) -> dict[str, Contact]:
    candidates = {h for phone in phones if phone for h in phone_lookup_hashes(phone)}
    if not candidates:
        return {}
    return {c.phone_hash: c for c in Contact.objects.active().filter(phone_hash__in=candidates)}


def _clean_grievance_row(line, row, preview, *, areas, categories, antagonists, contacts):
    errors = preview.errors
    before = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    cleaned = {
        "description": row.get("description", ""),
        "severity": Grievance.Severity.MEDIUM,
        "status": Grievance.Status.OPEN,
        "contact": None,
        "antagonist": None,
        "new_antagonist": "",
    }
    cleaned["base_area"] = areas.get(row.get("base_area", "").lower())
    if not row.get("base_area"):
        error("base_area", _("A base area is required."))
    elif cleaned["base_area"] is None:
        error(
            "base_area",
            _("No base area is called “%(name)s”. Add it first or fix the spelling.")
            % {"name": row["base_area"]},
        )
        if row["base_area"].lower() not in {n.lower() for n in preview.unknown_areas}:
            preview.unknown_areas.append(row["base_area"])
    cleaned["category"] = categories.get(row.get("category", "").lower())
    if not row.get("category"):
        error("category", _("A category is required."))
    elif cleaned["category"] is None:
        error(
            "category",
            _("“%(value)s” is not a grievance category. Use one of the categories in Basework.")
            % {"value": row["category"]},
        )
    try:
        cleaned["recorded_on"] = parse_date(row.get("date", ""))
    except ValueError:
        error("date", _("Write the date as 2025-03-31 or 3/31/2025."))
    if row.get("severity"):
        if row["severity"] in ("1", "2", "3"):
            cleaned["severity"] = int(row["severity"])
        else:
            error("severity", _("Severity is 1, 2 or 3."))
    if row.get("status"):
        try:
            cleaned["status"] = choice_value(row["status"], Grievance.Status.choices)
        except ValueError:
            error(
                "status",
                _("“%(value)s” is not one of: %(choices)s.")
                % {
                    "value": row["status"],
                    "choices": ", ".join(v for v, _l in Grievance.Status.choices),
                },
            )
    if row.get("antagonist"):
        name = row["antagonist"]
        known = antagonists.get(name.lower())
        if known is not None:
            cleaned["antagonist"] = known
        else:
            kind = Antagonist.Kind.OTHER
            if row.get("antagonist_kind"):
                try:
                    kind = choice_value(row["antagonist_kind"], Antagonist.Kind.choices)
                except ValueError:
                    error(
                        "antagonist_kind",
                        _("“%(value)s” is not one of: %(choices)s.")
                        % {
                            "value": row["antagonist_kind"],
                            "choices": ", ".join(v for v, _l in Antagonist.Kind.choices),
                        },
                    )
            if len(name) > Antagonist._meta.get_field("name").max_length:
                error("antagonist", _("Keep the name under 120 characters."))
            existing = next((n for n in preview.new_antagonists if n.lower() == name.lower()), None)
            cleaned["new_antagonist"] = existing or name
            preview.new_antagonists.setdefault(existing or name, kind)
    if row.get("contact_phone"):
        contact = next(
            (contacts[h] for h in phone_lookup_hashes(row["contact_phone"]) if h in contacts),
            None,
        )
        if contact is None:
            error(
                "contact_phone",
                _(
                    "No contact has this phone. Import or record the contact first, or leave it "
                    "empty for an anonymous grievance."
                ),
            )
        cleaned["contact"] = contact
    return cleaned if len(errors) == before else None


BASE_AREA_COLUMNS = {
    "name": "name",
    "nombre": "name",
    "kind": "kind",
    "tipo": "kind",
    "parent": "parent",
    "part_of": "parent",
    "within": "parent",
    "parte_de": "parent",
    "padre": "parent",
    "dentro_de": "parent",
}
# Spellings accepted for a kind besides its value and its English and Spanish labels.
KIND_ALIASES = {"neighborhood": BaseArea.Kind.NEIGHBOURHOOD}

# How a row of a base-area file resolves: an area already in Basework, a new area (the row's
# index), or nothing usable (the row, or one it lies within, has an error).
_ERROR = ("error", None)


@dataclass
class BaseAreaImportPreview(ImportPreview):
    """`rows` are the areas to create, each area after the one it lies within: name, kind,
    line, and either `parent` (an area already in Basework, or None) or `parent_line` (the
    line of the file that creates it). `skipped` lists the areas already there."""


def _folded(value: str) -> str:
    """A name or label compared loosely: trimmed, any case, accents and underscores aside."""
    value = unicodedata.normalize("NFKD", value.strip().lower().replace("_", " "))
    return " ".join("".join(ch for ch in value if not unicodedata.combining(ch)).split())


def _kinds() -> dict[str, str]:
    kinds = {_folded(alias): kind for alias, kind in KIND_ALIASES.items()}
    for language in ("en", "es"):
        with translation.override(language):
            for value, label in BaseArea.Kind.choices:
                kinds[_folded(value)] = value
                kinds[_folded(str(label))] = value
    return kinds


def preview_base_areas(text: str) -> BaseAreaImportPreview:
    """Validate a base-areas CSV without writing anything: one query whatever its size.

    A parent is named as an area already in Basework or as a row of the file, earlier or
    later; names match trimmed and in any case. A name shared by several areas cannot be a
    parent (ambiguous). An area already in Basework under the same parent is skipped, so that
    importing a file twice creates nothing the second time."""
    preview = BaseAreaImportPreview()
    rows, preview.warnings = read_rows(text, columns=BASE_AREA_COLUMNS, required={"name", "kind"})
    existing = list(BaseArea.objects.order_by("pk").only("id", "name", "kind", "parent_id"))
    existing_named: dict[str, list[BaseArea]] = {}
    existing_child: dict[tuple[int | None, str], BaseArea] = {}
    for area in existing:
        existing_named.setdefault(area.name.strip().lower(), []).append(area)
        existing_child.setdefault((area.parent_id, area.name.strip().lower()), area)
    kinds = _kinds()
    max_name = BaseArea._meta.get_field("name").max_length

    def error(line: int, column: str, message: str) -> None:
        preview.errors.append(RowError(line, column, message))

    cleaned = []
    for line, row in rows:
        name, kind, parent = row.get("name", ""), row.get("kind", ""), row.get("parent", "")
        if not name:
            error(line, "name", _("A name is required."))
        elif len(name) > max_name:
            error(line, "name", _("Keep the name under %(max)s characters.") % {"max": max_name})
        choices = ", ".join(v for v, _l in BaseArea.Kind.choices)
        if not kind:
            error(line, "kind", _("A kind is required: one of %(choices)s.") % {"choices": choices})
        elif _folded(kind) not in kinds:
            error(
                line,
                "kind",
                _("“%(value)s” is not one of: %(choices)s.") % {"value": kind, "choices": choices},
            )
        cleaned.append(
            {"line": line, "name": name, "kind": kinds.get(_folded(kind)), "parent_name": parent}
        )
    named: dict[str, list[int]] = {}
    for index, row in enumerate(cleaned):
        if row["name"]:
            named.setdefault(row["name"].lower(), []).append(index)

    # Each row's node: ("area", pk) for an area already there, ("new", index), or _ERROR. A row
    # depends on every row its parent's name could mean; resolved depth first without recursion
    # (a file may nest thousands deep), a row met again on the way down closes a loop.
    node: dict[int, tuple] = {}
    parent_of: dict[int, tuple | None] = {}

    def depends_on(index: int) -> list[int]:
        return named.get(cleaned[index]["parent_name"].lower(), [])

    def settle(index: int) -> tuple:
        row = cleaned[index]
        parent_name = row["parent_name"].lower()
        parent = None
        if parent_name:
            candidates = {node[j] for j in named.get(parent_name, [])}
            candidates |= {("area", a.pk) for a in existing_named.get(parent_name, [])}
            if _ERROR in candidates:
                return _ERROR  # the problem is reported on the parent's line
            if not candidates:
                error(
                    row["line"],
                    "parent",
                    _("No base area is called “%(name)s”, in Basework or in this file.")
                    % {"name": row["parent_name"]},
                )
                return _ERROR
            if len(candidates) > 1:
                error(
                    row["line"],
                    "parent",
                    _(
                        "More than one base area is called “%(name)s”: give them different "
                        "names so that the parent is clear."
                    )
                    % {"name": row["parent_name"]},
                )
                return _ERROR
            parent = candidates.pop()
        parent_of[index] = parent
        if parent is None or parent[0] == "area":
            there = existing_child.get((parent and parent[1], row["name"].lower()))
            if there is not None:
                return ("area", there.pk)
        return ("new", index)

    for index, row in enumerate(cleaned):
        if not row["name"]:
            node[index] = _ERROR
        elif row["parent_name"].lower() == row["name"].lower():
            error(row["line"], "parent", _("A base area cannot be part of itself."))
            node[index] = _ERROR
    for start in range(len(cleaned)):
        stack, on_stack = [start], {start}
        while stack:
            index = stack[-1]
            if index in node:
                stack.pop()
                on_stack.discard(index)
                continue
            pending = [j for j in depends_on(index) if j not in node]
            looping = next((j for j in pending if j in on_stack), None)
            if looping is not None:
                loop = stack[stack.index(looping) :]
                for position, member in enumerate(loop):
                    names = [cleaned[i]["name"] for i in loop[position:] + loop[: position + 1]]
                    error(
                        cleaned[member]["line"],
                        "parent",
                        _("The parents go round in a loop: %(loop)s.")
                        % {"loop": " → ".join(names)},
                    )
                    node[member] = _ERROR
            elif pending:
                stack.append(pending[0])
                on_stack.add(pending[0])
            else:
                node[index] = settle(index)

    seen: dict[tuple, int] = {}
    for index, row in enumerate(cleaned):
        if node[index] == _ERROR:
            continue
        key = (parent_of[index], row["name"].lower())
        if key in seen:
            error(
                row["line"],
                "name",
                _("Line %(line)s already has an area called “%(name)s” in the same place.")
                % {"line": seen[key], "name": row["name"]},
            )
            continue
        seen[key] = row["line"]
        if node[index][0] == "area":
            skipped = _("Already in Basework: skipped.")
            preview.skipped.append(RowError(row["line"], "name", skipped))
    preview.errors.sort(key=lambda e: e.line)
    if preview.errors:
        return preview

    areas = {area.pk: area for area in existing}

    # Parents first: each new area's depth below the nearest area already there (or none).
    depth: dict[int, int] = {}
    new = [i for i in range(len(cleaned)) if node[i][0] == "new"]
    for index in new:
        chain, parent = [index], parent_of[index]
        while parent is not None and parent[0] == "new" and parent[1] not in depth:
            chain.append(parent[1])
            parent = parent_of[parent[1]]
        base = depth[parent[1]] + 1 if parent is not None and parent[0] == "new" else 0
        for levels, member in enumerate(reversed(chain)):
            depth[member] = base + levels
    for index in sorted(new, key=lambda i: (depth[i], cleaned[i]["line"])):
        row, parent = cleaned[index], parent_of[index]
        known = parent is not None and parent[0] == "area"
        preview.rows.append(
            {
                "line": row["line"],
                "name": row["name"],
                "kind": row["kind"],
                "parent": areas[parent[1]] if known else None,
                "parent_line": cleaned[parent[1]]["line"] if parent and not known else None,
            }
        )
    return preview
