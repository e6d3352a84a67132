"""What every page of counters at a serve answers (the serve's taps here, the handouts given out
in handouts): the live totals as JSON for the page's script, or the page again with a message
for a phone without it; a count that found the serve closed; the undo. One place, so the two
pages answer a bad undo, a closed serve or nothing to undo alike."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from distribution.forms import UndoForm
from distribution.models import Serve
from distribution.services import ServeClosed
from distribution.views.common import wants_json

# A counter page's totals for a serve: {"totals": {counter key: count}, and whatever else its
# script reads}, computed only when the answer is JSON.
Totals = Callable[[Serve], dict]
# A counter page's answer to a count: answer(request, serve, *, status=200, **extra), with
# `error` or `message` in extra for the member.
Answer = Callable[..., HttpResponse]


def counts_json(serve: Serve, totals: Totals, *, status: int = 200, **extra) -> JsonResponse:
    """The live totals and whether the serve is still open, for the page's script."""
    return JsonResponse({**totals(serve), "open": serve.is_open, **extra}, status=status)


def counts_response(
    request: HttpRequest, serve: Serve, totals: Totals, page: str, *, status: int = 200, **extra
) -> HttpResponse:
    """The live totals, as JSON for the page's script; or back to the `page` (a URL name taking
    the serve's pk) without it, with the `error` or the `message` in `extra`."""
    if wants_json(request):
        return counts_json(serve, totals, status=status, **extra)
    if extra.get("error"):
        messages.error(request, extra["error"])
    elif extra.get("message"):
        messages.success(request, extra["message"])
    return redirect(page, pk=serve.pk)


def counts_closed(
    request: HttpRequest, serve: Serve, answer: Answer, *, error: str = "", **extra
) -> HttpResponse:
    """A count the service refused because the serve was closed since the page loaded: 409,
    and the answer says the serve is closed (its counts are locked, unless `error` says more)."""
    serve.status = Serve.Status.CLOSED
    error = error or _("This serve is closed: its counts are locked.")
    return answer(request, serve, status=409, **extra, error=error)


def counts_undo(
    request: HttpRequest,
    serve: Serve,
    answer: Answer,
    *,
    undo: Callable,
    took_back: Callable[[object], str],
) -> HttpResponse:
    """A counter page's undo: the posted undo key and phone go to the `undo` service (which
    returns the count taken back, or None); `took_back(count)` says what was taken back."""
    form = UndoForm(request.POST)
    if not form.is_valid():
        return answer(
            request, serve, status=400, error=_("That undo was not understood. Reload the page.")
        )
    try:
        count = undo(
            serve=serve,
            key=form.cleaned_data["key"],
            device=form.cleaned_data["device"],
            by=request.user,
        )
    except ServeClosed:
        return counts_closed(request, serve, answer)
    if count is None:
        return answer(request, serve, undone=None, message=_("Nothing to undo."))
    return answer(request, serve, undone=count.counter, message=took_back(count))
