"""Rendering HTML to PDF with WeasyPrint, fetching nothing but the project's own static files."""

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher, URLFetcherResponse

# PDF templates refer to static files relative to this base; it resolves nowhere on the network.
STATIC_BASE = "https://basework.invalid/static/"


class StaticOnlyFetcher(URLFetcher):
    """Serve the project's own static files; refuse every other URL (file://, http(s)://,
    data:, internal hosts), so a template or a user's text can never make WeasyPrint read the
    server's disk or reach the network."""

    def __init__(self):
        super().__init__(fail_on_errors=False)

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_BASE):
            raise ValueError(f"Refused to fetch {url!r}")
        relative = url.removeprefix(STATIC_BASE).split("?")[0]
        if ".." in Path(relative).parts:
            raise ValueError(f"Refused to fetch {url!r}")
        found = finders.find(relative)
        if not found:
            raise ValueError(f"No static file {relative!r}")
        path = Path(found)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


def _document(template_name: str, context: dict):
    from weasyprint import HTML  # heavy import: only where a PDF is made

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher())


def render_pdf(template_name: str, context: dict) -> bytes:
    return _document(template_name, context).write_pdf()


def pdf_page_count(template_name: str, context: dict) -> int:
    """How many pages the template makes, without writing the PDF (to fit a part to a page)."""
    return len(_document(template_name, context).render().pages)
