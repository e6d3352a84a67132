"""Every state-changing route refuses a POST without a valid CSRF token, and no GET in the
access matrix writes a row."""

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse

from tests.security.matrix import LOGIN, MATRIX, ROLES, Access
from tests.security.snapshots import changed_tables, database_fingerprint

REFUSED = {LOGIN, 403, 404, 405}

# (route, role) pairs where the POST gets past the permission check: the CSRF check is what
# must stop them.
STATE_CHANGING = [
    pytest.param(entry, role, id=f"{entry.label}-{role}")
    for entry in MATRIX
    if entry.post is not None
    for role in ROLES
    if entry.answers("post")[role] not in REFUSED
]
READS = [pytest.param(entry, id=entry.label) for entry in MATRIX]


# Routes that take no CSRF token because no browser posts to them: the text gateway's
# webhook is signed by the phone instead, and unsigned it answers 403 to everyone
# (tests/texting/test_webhook.py).
CSRF_EXEMPT = {"texting:webhook"}


def test_every_state_changing_route_is_checked():
    assert {p.values[0].name for p in STATE_CHANGING} == {
        e.name for e in MATRIX if e.post is not None
    } - CSRF_EXEMPT


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "role"), STATE_CHANGING)
def test_a_post_without_a_valid_csrf_token_is_refused(
    entry: Access, role: str, people, client_for, build_object
):
    client = client_for(role, enforce_csrf_checks=True)
    url = reverse(entry.name, kwargs=build_object(entry.obj))
    # The browser holds a CSRF cookie; the forged form carries no token, or someone else's.
    client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
    for forged in ({}, {"csrfmiddlewaretoken": _get_new_csrf_string()}):
        before = database_fingerprint()
        response = client.post(url, {**entry.post_data(people), **forged})
        assert response.status_code == 403, (url, role, response.status_code)
        assert "403_csrf.html" in [t.name for t in response.templates]
        assert changed_tables(before, database_fingerprint()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("entry", READS)
def test_a_get_changes_no_row(entry: Access, client_for, build_object):
    for role in ROLES:
        client = client_for(role)
        url = reverse(entry.name, kwargs=build_object(entry.obj))
        before = database_fingerprint()
        client.get(url)
        assert changed_tables(before, database_fingerprint()) == [], f"GET {url} as {role}"
