"""Measure server time and query count of each page, in-process, against one seeded database.

Run as `python -m bench.measure --requests 30` with DJANGO_SETTINGS_MODULE=config.settings.bench
and BENCH_DATABASE_NAME set; prints JSON. Server time is the time Django takes to answer the
request through the full middleware stack (Django's test client, no network)."""

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def measure_page(client, page, targets: dict, requests: int, warmup: int = 5) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = page.url(targets)
    call = getattr(client, page.method)
    data = page.data(targets)
    for _ in range(warmup):
        response = call(url, data) if data else call(url)
        assert response.status_code < 400, (page.name, url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = call(url, data) if data else call(url)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = call(url, data) if data else call(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code < 400, (page.name, url, response.status_code)
    return {
        "url": url,
        "status": response.status_code,
        "queries": len(queries),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(_percentile(timings, 95), 2),
        "requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from bench.pages import FLOOR, PAGES, find_targets

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
        results[page.name] = measure_page(client_for(page.user), page, targets, args.requests)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
