"""The grievance import's row validation: a preview, nothing written. CSV reading, dates and
yes/no parsing are shared with the contact import (contacts.importing)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from contacts.importing import ImportPreview, RowError, choice_value, parse_date, read_rows
from contacts.models import Contact, phone_lookup_hashes
from investigation.models import Antagonist, BaseArea, Grievance, GrievanceCategory

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
