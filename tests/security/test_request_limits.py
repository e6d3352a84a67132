"""Oversized requests are refused with 413 and a page in the visitor's language, never a 500,
and nothing of them is saved."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.security.snapshots import changed_tables, database_fingerprint

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
MB = 1024 * 1024


def assert_refused_as_too_large(response, *, spanish: bool = False):
    assert response.status_code == 413
    body = response.content.decode()
    assert ("Demasiado de una vez" if spanish else "Too much at once") in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_form_data_over_the_memory_limit_gets_413_in_spanish(client):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < 3 * MB < settings.REQUEST_BODY_MAX_SIZE
    before = database_fingerprint()
    response = client.post(
        reverse("account_login"), {"login": "x" * (3 * MB), "password": "p"}, **SPANISH
    )
    assert_refused_as_too_large(response, spanish=True)
    assert changed_tables(before, database_fingerprint()) == []


@pytest.mark.django_db
def test_too_many_fields_get_413(as_coordinator):
    fields = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    before = database_fingerprint()
    response = as_coordinator.post(reverse("accounts:invitation_create"), fields)
    assert_refused_as_too_large(response)
    assert changed_tables(before, database_fingerprint()) == []


@pytest.mark.django_db
def test_a_body_over_the_request_limit_gets_413_even_where_nothing_reads_it(as_driver):
    # The start page never reads a POST body: only the middleware can refuse this one.
    body = "x" * (settings.REQUEST_BODY_MAX_SIZE + 1)
    response = as_driver.post(reverse("dashboard:home"), body, content_type="text/plain")
    assert_refused_as_too_large(response)


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_refused(as_coordinator):
    big = SimpleUploadedFile(
        "contacts.csv", b"name,phone\n" * (settings.REQUEST_BODY_MAX_SIZE // 10)
    )
    assert big.size > settings.REQUEST_BODY_MAX_SIZE
    before = database_fingerprint()
    response = as_coordinator.post(reverse("accounts:invitation_create"), {"file": big}, **SPANISH)
    assert_refused_as_too_large(response, spanish=True)
    assert changed_tables(before, database_fingerprint()) == []


@pytest.mark.django_db
def test_too_many_files_get_413(as_coordinator):
    files = {
        f"file{i}": SimpleUploadedFile(f"{i}.csv", b"a,b\n")
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    response = as_coordinator.post(reverse("accounts:invitation_create"), files)
    assert_refused_as_too_large(response)


@pytest.mark.django_db
def test_a_request_under_the_limits_is_served(as_coordinator):
    response = as_coordinator.post(
        reverse("accounts:invitation_create"),
        {"email": "new@example.org", "roles": ["driver"], "language": "es", "note": "x" * MB},
    )
    assert response.status_code == 302
