"""The contact import's columns and row validation (a preview, nothing written), on core's CSV
machinery (core.importing). The import itself (contacts.services.contacts_import) is atomic:
one bad row, nothing saved."""

from django.utils.translation import gettext as _

from contacts.models import Contact, phone_lookup_hashes
from core.importing import (
    ImportPreview,
    RowError,
    choice_value,
    parse_date,
    parse_yes_no,
    read_rows,
)

# Headers accepted for each column, in English and Spanish.
CONTACT_COLUMNS = {
    "name": "name",
    "nombre": "name",
    "phone": "phone",
    "teléfono": "phone",
    "telefono": "phone",
    "address": "address",
    "dirección": "address",
    "direccion": "address",
    "language": "language",
    "idioma": "language",
    "reach": "reach",
    "contacto": "reach",
    "consent": "consent",
    "consentimiento": "consent",
    "household_size": "household_size",
    "personas_en_el_hogar": "household_size",
    "no_kitchen": "no_kitchen",
    "sin_cocina": "no_kitchen",
    "dietary_needs": "dietary_needs",
    "dieta": "dietary_needs",
    "base_area": "base_area",
    "área_de_base": "base_area",
    "area_de_base": "base_area",
    "first_met": "first_met",
    "primer_encuentro": "first_met",
    "first_met_on": "first_met_on",
    "fecha_primer_encuentro": "first_met_on",
    "notes": "notes",
    "notas": "notes",
}


def preview_contacts(text: str) -> ImportPreview:
    """Validate a contacts CSV without writing anything. Rows whose phone matches a contact
    already recorded, or an earlier row of the file, are skipped (de-duplication by the
    phone's keyed hash)."""
    preview = ImportPreview()
    rows, preview.warnings = read_rows(text, columns=CONTACT_COLUMNS, required={"name"})
    base_area_model = Contact._meta.get_field("base_area").related_model
    areas = {a.name.strip().lower(): a for a in base_area_model.objects.all()}
    known_hashes = _known_phone_hashes([row.get("phone", "") for _, row in rows])
    seen: dict[str, int] = {}
    for line, row in rows:
        cleaned = _clean_contact_row(line, row, areas, preview.errors)
        if cleaned is None:
            continue
        phone_hashes = phone_lookup_hashes(cleaned["phone"]) if cleaned["phone"] else []
        if phone_hashes:
            existing = next((known_hashes[h] for h in phone_hashes if h in known_hashes), None)
            if existing is not None:
                preview.skipped.append(
                    RowError(
                        line,
                        "phone",
                        _("Already recorded as “%(name)s”: skipped.") % {"name": existing},
                    )
                )
                continue
            if phone_hashes[0] in seen:
                preview.skipped.append(
                    RowError(
                        line,
                        "phone",
                        _("Same phone as line %(line)s: skipped.")
                        % {"line": seen[phone_hashes[0]]},
                    )
                )
                continue
            seen[phone_hashes[0]] = line
        preview.rows.append(cleaned)
    return preview


def _known_phone_hashes(phones: list[str]) -> dict[str, str]:
    candidates = {h for phone in phones if phone for h in phone_lookup_hashes(phone)}
    if not candidates:
        return {}
    # Instances, not values: the names are sealed, opened together with their keys.
    known = Contact.objects.active().filter(phone_hash__in=candidates).only("phone_hash", "name")
    return {contact.phone_hash: contact.name for contact in known}


def _clean_contact_row(line: int, row: dict, areas: dict, errors: list) -> dict | None:
    before = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    cleaned = {
        "name": row.get("name", ""),
        "phone": row.get("phone", ""),
        "address": row.get("address", ""),
        "dietary_needs": row.get("dietary_needs", ""),
        "notes": row.get("notes", ""),
        "language": Contact.Language.ENGLISH,
        "reach": Contact.Reach.ANY,
        "first_met": Contact.FirstMet.OTHER,
        "first_met_on": None,
        "household_size": None,
        "no_kitchen": False,
        "base_area": None,
        "consent": False,
    }
    max_name = Contact._meta.get_field("name").max_length
    if not cleaned["name"]:
        error("name", _("A name or nickname is required."))
    elif len(cleaned["name"]) > max_name:
        error("name", _("Keep the name under %(max)s characters.") % {"max": max_name})
    if cleaned["phone"]:
        digits = sum(ch.isdigit() for ch in cleaned["phone"])
        if not 7 <= digits <= 15:
            error("phone", _("A phone number has 7 to 15 digits."))
    for column, choices in (
        ("language", Contact.Language.choices),
        ("reach", Contact.Reach.choices),
        ("first_met", Contact.FirstMet.choices),
    ):
        if row.get(column):
            try:
                cleaned[column] = choice_value(row[column], choices)
            except ValueError:
                error(
                    column,
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": row[column], "choices": ", ".join(str(v) for v, _l in choices)},
                )
    if row.get("first_met_on"):
        try:
            cleaned["first_met_on"] = parse_date(row["first_met_on"])
        except ValueError:
            error("first_met_on", _("Write the date as 2025-03-31 or 3/31/2025."))
    if row.get("household_size"):
        try:
            size = int(row["household_size"])
            if not 1 <= size <= 30:
                raise ValueError(size)
            cleaned["household_size"] = size
        except ValueError:
            error("household_size", _("Household size is a whole number from 1 to 30."))
    for column in ("no_kitchen", "consent"):
        if row.get(column):
            try:
                cleaned[column] = parse_yes_no(row[column])
            except ValueError:
                error(column, _("Write yes or no."))
    if row.get("base_area"):
        area = areas.get(row["base_area"].strip().lower())
        if area is None:
            error(
                "base_area",
                _("No base area is called “%(name)s”. Add it first or fix the spelling.")
                % {"name": row["base_area"]},
            )
        cleaned["base_area"] = area
    return cleaned if len(errors) == before else None
