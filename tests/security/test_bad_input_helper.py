"""The bad-input helper catches what it promises to catch: each view below has one defect, and
the helper must fail on it (a helper that passes everything would prove nothing)."""

import pytest
from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template import Context, Template
from django.test import Client
from django.urls import path
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt

from committees.models import WorkingGroup
from tests.security.bad_input import TEXT, post_bad_input

EXAMPLES = 60


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


PAGE = Template("<form method='post'>{{ form.as_p }}</form>{{ extra }}")


def _page(form, extra="", status=200):
    return HttpResponse(PAGE.render(Context({"form": form, "extra": extra})), status=status)


@login_not_required
@csrf_exempt
def reflects_raw(request):
    form = NameForm(request.POST)
    if form.is_valid():
        return HttpResponseRedirect("/")
    return _page(form, extra=mark_safe(request.POST.get("name", "")))  # noqa: S308 (the defect)


@login_not_required
@csrf_exempt
def loses_what_was_typed(request):
    form = NameForm(request.POST)
    if form.is_valid():
        return HttpResponseRedirect("/")
    return _page(NameForm(), status=200)  # a fresh form: the typed value is gone


@login_not_required
@csrf_exempt
def crashes_on_long_input(request):
    if len(request.POST.get("name", "")) > 1000:
        raise ValueError("too long")  # the defect: a 500
    return HttpResponseRedirect("/")


@login_not_required
@csrf_exempt
def writes_half_then_fails(request):
    WorkingGroup.objects.get_or_create(name="Half-written")
    return HttpResponseBadRequest("no")


@login_not_required
@csrf_exempt
def redirects_anywhere(request):
    return HttpResponseRedirect(request.POST.get("name") or "/")


urlpatterns = [
    path("reflects/", reflects_raw),
    path("loses/", loses_what_was_typed),
    path("crashes/", crashes_on_long_input),
    path("half/", writes_half_then_fails),
    path("redirects/", redirects_anywhere),
]


def _messages(error: BaseException) -> str:
    if isinstance(error, BaseExceptionGroup):
        return " | ".join(_messages(e) for e in error.exceptions)
    return str(error)


@pytest.mark.urls(__name__)
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("/reflects/", "came back unescaped"),
        ("/loses/", "what was typed is lost"),
        ("/crashes/", "answered 500"),
        ("/half/", "a half-written change"),
        ("/redirects/", "redirected off the site"),
    ],
)
def test_the_helper_fails_on_a_defective_view(url, complaint):
    client = Client(raise_request_exception=False)
    with pytest.raises((AssertionError, BaseExceptionGroup)) as caught:
        post_bad_input(client, url, {"name": TEXT}, max_examples=EXAMPLES, shrink=False)
    assert complaint in _messages(caught.value)
