"""URL confs for the serve page's quick-add link: the project's own, with and without a
`contacts:quick_add` page (the contacts app builds the real one)."""

from django.http import HttpResponse
from django.urls import URLResolver, include, path

from config.urls import urlpatterns as project_patterns


def _without_contacts():
    return [
        p
        for p in project_patterns
        if not (isinstance(p, URLResolver) and p.namespace == "contacts")
    ]


def _quick_add(request):
    return HttpResponse("quick add")


without_quick_add = _without_contacts()
with_quick_add = [
    *_without_contacts(),
    path(
        "contacts/",
        include(([path("quick-add/", _quick_add, name="quick_add")], "contacts")),
    ),
]


class WithQuickAdd:
    urlpatterns = with_quick_add


class WithoutQuickAdd:
    urlpatterns = without_quick_add
