"""Reading the spreadsheets organizers already keep: CSV parsing shared by the contact and the
grievance imports, and the contact import's row validation (a preview, nothing written).

Every message is translated when the file is read, in the language of the member importing.
The import itself (contacts.services.contacts_import) is atomic: one bad row, nothing saved."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from contacts.forms import CsvUploadForm, ImportConfirmForm
from contacts.models import Contact, phone_lookup_hashes
from core import crypto
from core.http import posted

MAX_ROWS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
YES = {"yes", "y", "si", "sí", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}
# Columns that must never reach Basework, whatever a spreadsheet holds.
IDENTITY_COLUMN = re.compile(
    r"passport|pasaporte|immigra|inmigra|migratori|nationalit|nacionalid|citizen|ciudadan|"
    r"birth|nacimiento|\bdob\b|ssn|social.?security|seguro.?social|document|licen[cs]|"
    r"\bid\b|\bitin\b|\ba[-_ ]?number|alien|visa",
    re.IGNORECASE,
)


class UnreadableFile(Exception):
    """The upload is not a CSV file Basework can read; the message says why."""


@dataclass
class RowError:
    line: int  # the spreadsheet's line number (the header is line 1)
    column: str
    message: str


@dataclass
class ImportPreview:
    """What an import would do. `rows` holds the cleaned rows to create; `errors` the problems
    (any error blocks the whole import); `skipped` the duplicate rows and why."""

    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def can_commit(self) -> bool:
        return not self.errors and bool(self.rows)


def decode_upload(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), falling back to Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file is not text. Save the spreadsheet as CSV and try again."))


def read_rows(text: str, *, columns: dict[str, str], required: set[str]) -> tuple[list, list]:
    """Split CSV text into (line number, {column: value}) pairs, mapping headers (English or
    Spanish, any case) to column names. Raises UnreadableFile for a file that cannot be used
    at all; returns warnings for ignored columns."""
    if not text.strip():
        raise UnreadableFile(_("The file is empty."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise UnreadableFile(_("The file has no header row.")) from exc
    mapping: dict[int, str] = {}
    warnings = []
    for index, title in enumerate(header):
        key = title.strip().lower().replace(" ", "_")
        if key in columns:
            mapping[index] = columns[key]
        elif IDENTITY_COLUMN.search(title):
            raise UnreadableFile(
                _(
                    "The column “%(column)s” cannot be imported: Basework never stores ID, "
                    "immigration status, nationality, date of birth or document numbers. "
                    "Delete that column from the file and try again."
                )
                % {"column": title.strip()}
            )
        elif key:
            warnings.append(
                _("The column “%(column)s” is not used and was ignored.")
                % {"column": title.strip()}
            )
    missing = required - set(mapping.values())
    if missing:
        raise UnreadableFile(
            _("The file needs these columns: %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    rows = []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            row = dict.fromkeys(mapping.values(), "")
            for index, value in enumerate(values):
                if index in mapping:
                    row[mapping[index]] = value.strip()
            rows.append((number, row))
            if len(rows) > MAX_ROWS:
                raise UnreadableFile(
                    _("The file has more than %(max)s rows. Split it and import each part.")
                    % {"max": MAX_ROWS}
                )
    except csv.Error as exc:
        raise UnreadableFile(_("The file is not valid CSV: %(error)s") % {"error": exc}) from exc
    return rows, warnings


def parse_date(value: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse_yes_no(value: str) -> bool:
    value = value.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(value)


def choice_value(value: str, choices) -> str:
    """Accept a choice's stored value or its label in English or Spanish, any case."""
    wanted = value.strip().lower()
    for stored, label in choices:
        if wanted in (str(stored).lower(), str(label).lower()):
            return stored
    raise ValueError(value)


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


def upload_and_preview(request, preview_of) -> dict:
    """The upload step every CSV import shares (contacts, grievances, base areas): the file
    read and previewed by `preview_of(text)`, its problems beside the field, and, when it can
    be imported, the confirm form carrying the file encrypted in the page (not in a session).
    Returns the page's context: form, and preview and confirm once a file was read."""
    form = CsvUploadForm(posted(request), request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            text = decode_upload(form.cleaned_data["file"].read())
            preview = preview_of(text)
        except UnreadableFile as problem:
            form.add_error("file", str(problem))
        else:
            context["preview"] = preview
            if preview.can_commit:
                context["confirm"] = ImportConfirmForm(initial={"token": crypto.encrypt(text)})
    return context
