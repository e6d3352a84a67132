"""Measure server time and query count of each page, in-process, against one seeded database.

Run as `python -m bench.measure --requests 30` with DJANGO_SETTINGS_MODULE=config.settings.bench
and BENCH_DATABASE_NAME set; prints JSON. Server time is the time Django takes to answer the
request through the full middleware stack (Django's test client, no network). `--page NAME`
measures only the pages whose name contains NAME; `--sql` adds each page's queries and
`--explain` each query's execution time from EXPLAIN ANALYZE (slowest first)."""

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

WARMUP = 5


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def explain(queries: list[str]) -> list[tuple[float, str]]:
    """Each SELECT's execution time (ms) as EXPLAIN ANALYZE reports it, slowest first."""
    from django.db import connection

    timed = []
    with connection.cursor() as cursor:
        for sql in queries:
            if sql.startswith("DECLARE"):  # a server-side cursor: explain its SELECT
                sql = sql[sql.index(" FOR ") + 5 :]
            if not sql.startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            timed.append((round(plan[0]["Execution Time"], 2), sql))
    return sorted(timed, reverse=True)


def measure_page(
    client, page, targets: dict, requests: int, sql: bool = False, plans: bool = False
) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = page.url(targets)
    call = getattr(client, page.method)

    def request(before=True):
        if before:
            page.before()
        data = page.data(targets)  # a tap's body carries a fresh idempotency key each time
        response = call(url, data) if data else call(url)
        assert response.status_code < 400, (page.name, url, response.status_code)
        return response

    for _ in range(WARMUP):
        request()
    page.before()  # the worker's queries, if it stands for one, are not the page's
    with CaptureQueriesContext(connection) as captured:
        response = request(before=False)
    # Read them now: every request clears the connection's query log (request_started).
    queries = [q["sql"] for q in captured.captured_queries]
    timings, cpu = [], []
    for _ in range(requests):
        page.before()
        start, start_cpu = time.perf_counter(), time.process_time()
        request(before=False)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    result = {
        "url": url,
        "method": page.method.upper(),
        "user": page.user,
        "status": response.status_code,
        "queries": len(queries),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(_percentile(timings, 95), 2),
        # This process's CPU time (Python, not PostgreSQL): less sensitive to a busy machine.
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "requests": requests,
    }
    if sql:
        result["sql"] = queries
    if plans:
        result["explain"] = explain(queries)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--page", default="", help="only pages whose name contains this")
    parser.add_argument("--sql", action="store_true", help="add each page's queries")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from bench.pages import FLOOR, PAGES, find_targets, tap_cleanup

    targets = find_targets()
    clients: dict[str, Client] = {}

    def client_for(key: str) -> Client:
        if key not in clients:
            client = Client()
            client.force_login(User.objects.get(email=f"{key}@example.org"))
            clients[key] = client
        return clients[key]

    results = {}
    for page in (FLOOR, *PAGES):
        if args.page in page.name:
            client = client_for(page.user)
            results[page.name] = measure_page(
                client, page, targets, args.requests, args.sql, args.explain
            )
    tap_cleanup(targets)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
