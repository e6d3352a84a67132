from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import User
from dashboard import calendar_events, ics, services
from dashboard.panels import panels_for

# token_urlsafe(32) gives 43 characters; anything much shorter is not one of ours.
MIN_TOKEN_LENGTH = 32


def home(request: HttpRequest) -> HttpResponse:
    """The member's start page: what needs them today, by role."""
    return render(request, "dashboard/home.html", {"panels": panels_for(request)})


def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: a signed-in page that renders the base template and runs no
    query of its own, to compare every real page against."""
    return render(request, "dashboard/floor.html")


def calendar_page(request: HttpRequest) -> HttpResponse:
    """The member's private calendar link, and a button to make a new one (POST)."""
    if request.method == "POST":
        services.calendar_token_reset(user=request.user)
        messages.success(
            request, _("Your calendar link is new. Subscriptions to the old link stop working.")
        )
        return redirect("dashboard:calendar")
    feed_url = webcal_url = ""
    if request.user.calendar_token:
        feed_url = request.build_absolute_uri(
            reverse("dashboard:calendar_feed", args=[request.user.calendar_token])
        )
        webcal_url = "webcal://" + feed_url.split("://", 1)[1]
    return render(
        request, "dashboard/calendar.html", {"feed_url": feed_url, "webcal_url": webcal_url}
    )


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The member's calendar as iCalendar, for calendar apps that cannot sign in: the secret
    token in the URL is the only key. A wrong or old token answers 404."""
    if len(token) < MIN_TOKEN_LENGTH:
        raise Http404
    member = User.objects.filter(calendar_token=token, is_active=True).first()
    if member is None:
        raise Http404
    start, end = calendar_events.feed_window()
    with translation.override(member.language or settings.LANGUAGE_CODE):
        body = ics.calendar(
            calendar_events.events_for(member, start, end),
            name=settings.ORGANIZATION_NAME,
            now=timezone.now(),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="basework.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
