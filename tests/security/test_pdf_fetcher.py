"""PDFs are rendered by WeasyPrint with a fetcher that serves only the project's static files:
a template, or a member's text in it, can never make it read the server's disk or reach the
network (an internal address, a cloud metadata endpoint, a tracker)."""

import copy
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from core.pdf import STATIC_BASE, StaticOnlyFetcher, render_pdf


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://fonts.example.com/font.woff2",
        "http://127.0.0.1:5432/",
        "data:text/css,body{}",
        f"{STATIC_BASE}../../../etc/passwd",
        f"{STATIC_BASE}css/../../config/settings/base.py",
        "https://basework.invalid/statics/css/basework.css",
    ],
)
def test_the_fetcher_refuses_anything_but_a_static_file(url):
    with pytest.raises(ValueError, match="Refused|No static file"):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_the_projects_stylesheet():
    response = StaticOnlyFetcher().fetch(f"{STATIC_BASE}css/basework.css")
    assert response.headers["Content-Type"] == "text/css"


class _CountingHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def listening_server():
    server = HTTPServer(("127.0.0.1", 0), _CountingHandler)
    _CountingHandler.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_pdf_template_cannot_make_weasyprint_fetch_from_the_network(
    listening_server, tmp_path, settings
):
    (tmp_path / "probe.html").write_text(
        f"""<html><head>
        <link rel="stylesheet" href="{listening_server}/link.css">
        <style>
          @import url("{listening_server}/import.css");
          @font-face {{ font-family: x; src: url("{listening_server}/font.woff2"); }}
          body {{ background: url("{listening_server}/background.png"); }}
        </style></head>
        <body><img src="{listening_server}/img.png"><img src="file:///etc/hostname">
        <p>{{{{ name }}}}</p></body></html>"""
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates

    pdf = render_pdf("probe.html", {"name": f'<img src="{listening_server}/from-a-name.png">'})

    assert pdf.startswith(b"%PDF")
    assert _CountingHandler.hits == []
