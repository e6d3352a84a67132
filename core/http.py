"""Small HTTP helpers every app shares."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request: HttpRequest, fallback, *args) -> HttpResponseRedirect:
    """Redirect to the `next` path the form posted, if it is a path on this site; otherwise to
    `fallback` (a URL, a URL name with `args`, or a model). `next` is never treated as a URL
    name, and never leads off the site."""
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(resolve_url(fallback, *args))


def posted(request: HttpRequest):
    """The submitted data on a POST (even an empty one), else None for an unbound form.
    (`request.POST or None` would treat a POST with no fields, every checkbox cleared, as no
    submission at all.)"""
    return request.POST if request.method == "POST" else None


def paginate(request: HttpRequest, queryset, per_page: int = 50, *, number=None) -> Page:
    """One page of a list (page `number`, by default the `page` the address asks for); the
    page's rows are evaluated here, in the view."""
    if number is None:
        number = request.GET.get("page")
    page = Paginator(queryset, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page
