"""Who gets what: every route in the URL resolver has a line in the access matrix
(tests/security/matrix.py), and every role gets exactly the answer written there."""

import re

import pytest
from django.urls import reverse

from tests.security.matrix import MATRIX, ROLES, Access, Answer, Redirect, url_names
from tests.security.objects import OBJECTS

# A browser's POST always carries the form's CSRF token (not checked here: that is
# test_csrf_and_safe_methods.py). Without it an empty POST would look like no submission at all
# to views that would bind `request.POST or None` (they bind `core.http.posted`).
BROWSER_POST = {"csrfmiddlewaretoken": "not-checked-here"}

CELLS = [
    pytest.param(entry, method, role, id=f"{entry.label}-{method}-{role}")
    for entry in MATRIX
    for method in ("get", "post")
    if getattr(entry, method) is not None
    for role in ROLES
]


def assert_answer(response, expected: Answer, where: str) -> None:
    got = response.status_code
    if isinstance(expected, Redirect):
        assert got in (301, 302, 303), f"{where}: expected {expected!r}, got {got}"
        assert expected.matches(response["Location"]), (
            f"{where}: expected {expected!r}, got a redirect to {response['Location']}"
        )
    else:
        detail = f" to {response['Location']}" if got in (301, 302, 303) else ""
        assert got == expected, f"{where}: expected {expected}, got {got}{detail}"


def test_every_route_has_a_line_in_the_matrix():
    missing = sorted(set(url_names()) - {entry.name for entry in MATRIX})
    assert not missing, f"Routes missing from tests/security/matrix.py: {missing}"


def test_every_line_in_the_matrix_names_a_route_and_a_known_object():
    routes = url_names()
    for entry in MATRIX:
        assert entry.name in routes, f"{entry.name} is not a route any more"
        has_parameters = bool(re.search(r"<\w+(:\w+)?>|\(\?P<", routes[entry.name]))
        if has_parameters:
            assert entry.obj, f"{entry.name} takes an id: name an object factory with obj="
        if entry.obj:
            assert entry.obj in OBJECTS, f"{entry.name}: no object factory {entry.obj!r}"


def test_the_matrix_covers_every_role_of_every_route():
    cells = sum(len(ROLES) for e in MATRIX for m in (e.get, e.post) if m is not None)
    assert len(CELLS) == cells
    assert len({e.name for e in MATRIX}) == len(url_names())


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "method", "role"), CELLS)
def test_each_role_gets_what_the_matrix_says(
    entry: Access, method: str, role: str, people, client_for, build_object
):
    client = client_for(role)  # signed in before the object is built, as in real use
    url = reverse(entry.name, kwargs=build_object(entry.obj))
    data = {**BROWSER_POST, **entry.post_data(people)} if method == "post" else None
    response = getattr(client, method)(url, data)
    assert_answer(response, entry.answers(method)[role], f"{method.upper()} {url} as {role}")
