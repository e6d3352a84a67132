"""Fixtures for the security suite: members by role built on demand, a client signed in as any
role, the object registry the access matrix names, and a snapshot of every table."""

from collections.abc import Callable

import pytest
from django.test import Client

from tests.security.bad_input import TRIED_PER_FORM
from tests.security.objects import OBJECTS


class People:
    """The members of a test, by role name, each created the first time it is asked for.

    Role names are the fixture names in tests/conftest.py (`member`, `driver`, `lead`,
    `other_lead`, `investigator`, `coordinator`, `other_driver`), so a test that only needs a
    driver creates only a driver."""

    def __init__(self, request: pytest.FixtureRequest):
        self._request = request

    def __getitem__(self, role: str):
        return self._request.getfixturevalue(role)


@pytest.fixture
def people(request, db) -> People:
    return People(request)


@pytest.fixture
def client_for(people) -> Callable[..., Client]:
    """`client_for("driver")` is a client signed in as the driver; "anonymous" is signed out."""

    def make(role: str, **client_kwargs) -> Client:
        client = Client(**client_kwargs)
        if role != "anonymous":
            client.force_login(people[role])
        return client

    return make


@pytest.fixture
def build_object(people) -> Callable[[str | None], dict]:
    """`build_object("member")` runs the registered factory and returns the URL kwargs."""

    def build(key: str | None) -> dict:
        return OBJECTS[key](people) if key else {}

    return build


def pytest_terminal_summary(terminalreporter):
    """One line in the run's summary: how many generated bad inputs the forms survived."""
    if TRIED_PER_FORM:
        terminalreporter.write_line(
            f"bad input: {sum(TRIED_PER_FORM.values())} generated submissions "
            f"to {len(TRIED_PER_FORM)} forms"
        )
