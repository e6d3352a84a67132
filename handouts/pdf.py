"""Handouts printed for the bag: WeasyPrint, fetching nothing but the project's static files.

The layout (docs/handouts.md): a sheet (letter or A4, portrait; HANDOUT_PAPER) is cut across
into equal strips, one copy per strip. The bilingual copy sets the two languages **side by
side**, English on the left and Spanish on the right, so one copy reads in either language and
prints on one side; a copy in one language flows in two columns. Each copy carries the
organization's name and the version's adoption date, nothing about any person.

A short text gets four copies a sheet, then three, then two (half a sheet: A5 or half-letter);
a text that does not fit half a sheet is refused with a message, never cut. Whether a copy fits
is measured, not guessed: it is laid out alone on a page the size of its strip."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import STATIC_BASE, StaticOnlyFetcher
from handouts.models import LANGUAGE_CODES, HandoutVersion

TEMPLATE = "handouts/pdf/sheet.html"
# Sheet sizes in millimetres (portrait), and the copies a sheet holds, most first.
PAPER = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
COPIES_PER_SHEET = (4, 3, 2)
BOTH = tuple(LANGUAGE_CODES)


class TooLong(Exception):
    """The text does not fit the layout; `message` says so, for the member."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Copy:
    version: HandoutVersion
    languages: tuple[str, ...]
    height_mm: float  # 0: as tall as it needs (measuring)

    @property
    def columns(self) -> list[dict]:
        """What each column prints, each in its own language."""
        from handouts.formatting import render

        columns = []
        for language in self.languages:
            title, body = self.version.text(language)
            with translation.override(language):
                adopted = (
                    _("Adopted by the general body on %(date)s · version %(number)s")
                    % {
                        "date": _date(self.version.adopted_on),
                        "number": self.version.number,
                    }
                    if self.version.adopted_on
                    else _("Draft, not adopted · version %(number)s")
                    % {"number": self.version.number}
                )
            columns.append(
                {"language": language, "title": title, "body": render(body), "adopted": adopted}
            )
        return columns


def _date(day) -> str:
    from django.utils import formats

    return formats.date_format(day, "DATE_FORMAT")


def _paper() -> tuple[float, float]:
    return PAPER[getattr(settings, "HANDOUT_PAPER", "letter")]


def _document(copies: list[Copy], page: tuple[float, float]):
    from weasyprint import HTML  # heavy import: only where a PDF is made

    html = render_to_string(
        TEMPLATE,
        {
            "copies": copies,
            "page_width": page[0],
            "page_height": page[1],
            "organization_name": settings.ORGANIZATION_NAME,
        },
    )
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).render()


MM_PER_PX = 25.4 / 96  # WeasyPrint lays out in CSS pixels


def copy_height_mm(version: HandoutVersion, languages=BOTH) -> float:
    """How tall one copy of `version` is at the sheet's width: laid out once, alone, on a
    page taller than any sheet, and read off the anchor the template puts after the copy."""
    width, _height = _paper()
    page = _document([Copy(version, tuple(languages), 0)], (width, 2000.0)).pages[0]
    return page.anchors["copy-end"][1] * MM_PER_PX


def copies_per_sheet(version: HandoutVersion, languages=BOTH) -> int | None:
    """How many copies of `version` a sheet holds (4, 3 or 2), or None when the text is too
    long for half a sheet."""
    _width, height = _paper()
    needed = copy_height_mm(version, languages)
    return next((n for n in COPIES_PER_SHEET if needed <= height / n), None)


def _too_long(version: HandoutVersion, languages) -> TooLong:
    size = "A5" if getattr(settings, "HANDOUT_PAPER", "letter") == "a4" else _("half-letter")
    return TooLong(
        _(
            "“%(title)s” is too long for one %(size)s page in this layout. Shorten the text "
            "(or print it in one language): nothing is cut to make it fit."
        )
        % {"title": version.title, "size": size}
    )


def handout_pdf(version: HandoutVersion, languages=BOTH) -> tuple[bytes, int]:
    """One sheet of `version` with as many copies as fit; returns (pdf, copies per sheet).
    Raises TooLong when it does not fit half a sheet."""
    languages = tuple(languages)
    per_sheet = copies_per_sheet(version, languages)
    if per_sheet is None:
        raise _too_long(version, languages)
    width, height = _paper()
    copies = [Copy(version, languages, height / per_sheet) for _n in range(per_sheet)]
    return _document(copies, (width, height)).write_pdf(), per_sheet


def combined_pdf(versions: list[HandoutVersion], languages=BOTH) -> bytes:
    """One sheet holding one copy of each of `versions`, each in the smallest strip it fits,
    for one sheet per bag. Raises TooLong when they do not all fit on one sheet."""
    languages = tuple(languages)
    width, height = _paper()
    copies, used = [], 0.0
    for version in versions:
        per_sheet = copies_per_sheet(version, languages)
        if per_sheet is None:
            raise _too_long(version, languages)
        used += 1 / per_sheet
        copies.append(Copy(version, languages, height / per_sheet))
    if used > 1 + 1e-9:
        raise TooLong(
            _("These handouts do not fit on one sheet together: choose fewer, or print them apart.")
        )
    return _document(copies, (width, height)).write_pdf()
