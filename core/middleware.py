"""Request-wide behaviour that every page shares. Function middleware, in settings order."""

import time

from django.conf import settings
from django.utils import translation

# How often an active session's expiry is pushed forward (idle timeout = SESSION_COOKIE_AGE).
SESSION_REFRESH_SECONDS = 300


def user_language(get_response):
    """Serve each signed-in member in the language saved on their account."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return get_response(request)

    return middleware


def session_idle_refresh(get_response):
    """Sessions expire after SESSION_COOKIE_AGE without activity: touch the session every few
    minutes of activity instead of on every request, so a tap costs no session write."""

    def middleware(request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get("seen", 0) > SESSION_REFRESH_SECONDS:
                session["seen"] = now
        return get_response(request)

    return middleware


def private_pages(get_response):
    """Pages shown to a signed-in member may hold personal data: never store them in a cache."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response

    return middleware


def limit_request_body(get_response):
    """Refuse a request whose body is larger than REQUEST_BODY_MAX_SIZE with 413, before any
    of it is read. (DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and a view that
    never reads the body would otherwise accept any size.) Placed after LocaleMiddleware, so
    the page is in the visitor's language."""
    from core.views import request_too_large

    def middleware(request):
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_SIZE:
            return request_too_large()
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    """Send a Permissions-Policy header refusing every feature in PERMISSIONS_POLICY to every
    origin (Django sets CSP and the other security headers, but not this one)."""
    header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", header)
        return response

    return middleware
