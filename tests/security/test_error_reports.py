"""When a page fails, the error report (the mail to ADMINS, the log, the DEBUG page) names the
page and the exception but holds nothing a member typed, no local variable and no key."""

import logging

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

PERSONAL = {
    "name": "Maribel Quispe",
    "phone": "617-555-0142",
    "address": "12 Dorchester Ave, Apt 3",
    "notes": "Landlord threatened to call ICE",
}


@login_not_required
def failing_page(request):
    contact_name = request.POST["name"]  # noqa: F841  (a local that must not reach the report)
    phone = request.POST["phone"]  # noqa: F841
    raise RuntimeError("the page failed")


urlpatterns = [path("failing/", failing_page), *project_urlpatterns]
handler500 = "core.views.server_error"


def _leaks(text: str) -> list[str]:
    secrets = [
        *PERSONAL.values(),
        django_settings.SECRET_KEY,
        *django_settings.FIELD_ENCRYPTION_KEYS,
    ]
    return [s for s in secrets if s in text]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_the_error_mail_and_the_log_hold_no_posted_values(settings, caplog):
    settings.ADMINS = ["ops@example.org"]
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post("/failing/", PERSONAL)

    assert response.status_code == 500
    assert _leaks(response.content.decode()) == []
    assert "Traceback" not in response.content.decode()

    (report,) = mail.outbox
    assert "RuntimeError" in report.body and "the page failed" in report.body
    assert "********************" in report.body  # the POST fields are there, their values not
    assert _leaks(report.subject + report.body) == []

    (record,) = [r for r in caplog.records if r.name == "django.request"]
    logged = logging.Formatter().format(record)
    assert "Internal Server Error: /failing/" in logged
    assert _leaks(logged) == []


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_even_the_debug_page_hides_posted_values_and_keys(settings):
    settings.DEBUG = True  # a local demo database can hold real people too
    client = Client(raise_request_exception=False)
    response = client.post("/failing/", PERSONAL)
    assert response.status_code == 500
    page = response.content.decode()
    assert "the page failed" in page
    assert _leaks(page) == []
