"""The CSV import machinery every import shares (contacts, grievances, base areas): reading
the spreadsheets organizers already keep, per-row errors, a preview that writes nothing, and
the confirm step that carries the file encrypted in the page, not in a session.

Every message is translated when the file is read, in the language of the member importing.
Each import itself is atomic (its app's service): one bad row, nothing saved."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import crypto
from core.http import posted

# The preview sends the file back encrypted (a third larger): stay under the 2 MB body limit.
MAX_UPLOAD_BYTES = 1024 * 1024
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


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"), help_text=gettext_lazy("Save the spreadsheet as CSV.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB. Split it in parts."))
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


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


def confirmed_preview(request, preview_of):
    """The confirm step every CSV import shares: the file the preview page carried, opened and
    previewed again by `preview_of(text)` (the data may have changed since). None, with a
    message for the member, when the token expired or was changed."""
    try:
        return preview_of(crypto.decrypt(request.POST.get("token", "")))
    except (UnreadableFile, ImproperlyConfigured):
        messages.error(request, _("The preview expired or was changed. Upload the file again."))
        return None
