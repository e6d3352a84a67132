"""What makes Basework a phone app: the web app manifest, the service worker, the favicon and
the "you're offline" page. All four answer without signing in and hold nothing personal.

The worker (static/js/sw.js) is served from the site root so its scope is the whole site; it
keeps the app shell, the offline page in both languages, and only the pages that answer with
an `X-Basework-Offline` header (tonight's serve, today's driver run: see `keep_offline`)."""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# Response header naming a page the worker may keep for offline use, and what it is.
OFFLINE_HEADER = "X-Basework-Offline"
THEME_COLOR = "#8a1c1c"
BACKGROUND_COLOR = "#ffffff"
# The app shell: every page needs these; the worker keeps them from its first start.
SHELL_FILES = (
    "css/basework.css",
    "js/htmx.min.js",
    "js/basework.js",
    "js/serve.js",
    "js/outbox.js",
    "js/run.js",
    "icons/icon-192.png",
    "icons/apple-touch-icon.png",
)


def keep_offline(response: HttpResponse, *, kind: str, day) -> HttpResponse:
    """Let the phone keep this page to open without a connection, for `day` only (the worker
    drops it the next day). Only tonight's serve and today's run call this."""
    response[OFFLINE_HEADER] = f"{kind} {day.isoformat()}"
    return response


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, in the language asked for (`?lang=`, one URL per language, as
    base.html links it), else the visitor's."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        return _manifest_response(language)


def _manifest_response(language: str) -> JsonResponse:
    body = {
        "name": settings.ORGANIZATION_NAME,
        "short_name": "Basework",
        "description": _("Serves, deliveries and organizing for a mutual-aid food distribution."),
        "lang": language,
        "start_url": reverse("dashboard:home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {"name": _("Tonight's serve"), "url": reverse("distribution:serve_today")},
            {"name": _("My run"), "url": reverse("distribution:run")},
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json")


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> FileResponse:
    path = finders.find("favicon.ico")
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 (closed by the response)
    response["Cache-Control"] = "public, max-age=604800"
    return response


@cache
def _worker_source() -> str:
    with open(finders.find("js/sw.js"), encoding="utf-8") as source:
        return source.read()


def _shell_urls() -> list[str]:
    urls = [static(name) for name in SHELL_FILES]
    urls += [reverse("offline", args=[code]) for code, _name in settings.LANGUAGES]
    return urls


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """static/js/sw.js with the shell's URLs (hashed names in production) and a version that
    changes with the worker or any shell file name, so phones pick up a new one."""
    shell = _shell_urls()
    source = _worker_source()
    version = hashlib.sha256((source + "".join(shell)).encode()).hexdigest()[:12]
    # Pages that redirect to the kept page of their kind (tonight's serve, today's run).
    aliases = {reverse("distribution:serve_today"): "serve", reverse("distribution:run"): "run"}
    config = json.dumps(
        {"version": version, "shell": shell, "header": OFFLINE_HEADER, "aliases": aliases}
    )
    body = f"const BASEWORK = {config};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
def offline(request: HttpRequest, language: str) -> HttpResponse:
    """The page the worker shows for any page it did not keep, when there is no connection.
    Kept by the worker in every language; it shows no one's data."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with translation.override(language):
        response = render(
            request, "offline.html", {"language": language, "rendered_at": timezone.now()}
        )
    response["Cache-Control"] = "no-cache"
    return response
