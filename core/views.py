import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _broker_ok() -> bool:
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return True  # the embedded default has no broker: tasks run in-process
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except redis.RedisError:
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and compose: 200 when the database and the broker answer."""
    status = {"database": _database_ok(), "broker": _broker_ok()}
    body = {name: "ok" if ok else "unavailable" for name, ok in status.items()}
    return JsonResponse(body, status=200 if all(status.values()) else 503)


# Error pages render with no request context: no context processor, so no query, no session,
# no user. They work while the database is down, and show nothing about the member or the error.
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def plain_error_page(template_name: str, status: int) -> HttpResponse:
    """An error page in the active language, rendered without touching the database."""
    body = loader.get_template(template_name).render()
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def request_too_large() -> HttpResponse:
    return plain_error_page("413.html", status=413)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a body over DATA_UPLOAD_MAX_MEMORY_SIZE, or with too many fields or files,
    is refused with 413; any other bad request with a plain 400 page."""
    if isinstance(exception, TOO_LARGE):
        return request_too_large()
    return plain_error_page("400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: when the database is unreachable the app answers 503 (try again shortly)
    instead of 500; either way a plain page with no traceback."""
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        response = plain_error_page("503.html", status=503)
        response["Retry-After"] = "30"
        return response
    return plain_error_page("500.html", status=500)
