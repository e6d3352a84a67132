"""Pinning a page's query count: the same with few rows and with many."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def assert_fixed_queries(client, url: str, *, add_rows: Callable[[int], None], pin: int) -> int:
    """Render `url` with 2 rows and with 30 rows (add_rows(n) adds n more): the query count must
    be the same, and at most `pin`. Returns the count."""
    client.get(url)  # warm the session (MFA flag, language) so only the page is measured
    add_rows(2)
    few = queries_for(client, url)
    add_rows(28)
    many = queries_for(client, url)
    assert few == many, f"{url}: {few} queries with 2 rows, {many} with 30"
    assert many <= pin, f"{url}: {many} queries, pinned at {pin}"
    return many
